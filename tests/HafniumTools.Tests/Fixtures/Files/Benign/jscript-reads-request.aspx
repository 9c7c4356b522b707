<%@ Page Language="JScript" %>
<%
var name = Request.QueryString("name");
var lang = Request.Item["lang"];
if (name == null) { name = "guest"; }
var total = eval("6 * 7");
Response.Write("<p>Hello " + Server.HtmlEncode(name) + " (" + Server.HtmlEncode(String(lang)) + ") " + total + "</p>");
%>
