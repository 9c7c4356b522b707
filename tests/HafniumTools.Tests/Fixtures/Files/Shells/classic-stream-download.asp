<%
Sub SendBack(target)
    Dim stm
    Set stm = Server.CreateObject("ADODB.Stream")
    stm.Type = 1
    stm.Open
    stm.LoadFromFile target
    Response.ContentType = "application/octet-stream"
    Response.BinaryWrite stm.Read
    stm.Close
End Sub

If Request.QueryString("f") <> "" Then SendBack Request.QueryString("f")
%>
