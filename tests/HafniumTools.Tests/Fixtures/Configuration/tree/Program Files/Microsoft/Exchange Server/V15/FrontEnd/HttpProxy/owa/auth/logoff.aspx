<%@ Page Language="C#" AutoEventWireup="true" Inherits="Microsoft.Exchange.HttpProxy.Logoff" %>
<%@ Import Namespace="Microsoft.Exchange.HttpProxy" %>
<!DOCTYPE HTML>
<html>
<head>
<meta http-equiv="X-UA-Compatible" content="IE=10" />
<title><%= Strings.GetLocalizedString(Strings.IDs.OutlookWebApp) %></title>
<script type="text/javascript">
    function onLoad() { if (window.external && window.external.ExternalUrl) { window.location = window.external.ExternalUrl; } }
</script>
</head>
<body onload="onLoad()"><form runat="server"><%= LogoffMessage %></form></body>
</html>
