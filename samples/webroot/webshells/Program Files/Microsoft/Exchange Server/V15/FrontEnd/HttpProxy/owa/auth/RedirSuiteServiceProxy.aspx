<%@ Page Language="C#" AutoEventWireup="true" Inherits="Microsoft.Exchange.HttpProxy.RedirSuiteServiceProxy" %>
<!DOCTYPE html>
<html><head><title></title></head>
<body><script type="text/javascript">var u = "<%=RedirectUrl%>"; window.location.replace(u);</script></body>
</html>
