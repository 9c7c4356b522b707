<%@ Language="VBScript" %>
<%
Option Explicit

Function FormatName(ByVal value)
    FormatName = Server.HTMLEncode(Trim(value & ""))
End Function

Sub ShowNews()
    Dim fso, stream
    Set fso = Server.CreateObject("Scripting.FileSystemObject")
    ' The news file has a fixed name next to this page.
    Set stream = fso.OpenTextFile(Server.MapPath("news.txt"), 1)
    Response.Write Server.HTMLEncode(stream.ReadAll)
    stream.Close
End Sub

Sub ListRecent()
    Dim conn, rs
    Set conn = Server.CreateObject("ADODB.Connection")
    conn.Open Application("ConnectionString")
    Set rs = conn.Execute("SELECT TOP 10 Title FROM News ORDER BY Posted DESC")
    Do While Not rs.EOF
        Response.Write "<li>" & Server.HTMLEncode(rs("Title")) & "</li>"
        rs.MoveNext
    Loop
End Sub

Response.Write "<h1>Welcome " & FormatName(Request.QueryString("name")) & "</h1>"
ShowNews
ListRecent
%>
