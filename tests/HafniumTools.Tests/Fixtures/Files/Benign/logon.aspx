<%@ Page language="c#" AutoEventWireup="false" Inherits="Microsoft.Exchange.HttpProxy.Logon" %>
<%@ Import namespace="Microsoft.Exchange.Clients"%>
<%@ Import namespace="Microsoft.Exchange.HttpProxy"%>
<!DOCTYPE HTML>
<html dir="<%=(IsRtl ? "rtl" : "ltr")%>" class="<%=InlineJavascript("IE10")%>">
<head>
<meta http-equiv="X-UA-Compatible" content="IE=10" />
<link rel="shortcut icon" href="<%=InlineImage(ThemeFileId.FavoriteIcon)%>" type="image/x-icon">
<meta name="Robots" content="NOINDEX, NOFOLLOW">
<title><%=Strings.GetLocalizedString(Strings.IDs.OutlookWebAccess)%></title>
<script type="text/javascript">
<!--
    var a_fRC = 1;
    var g_fFcs = 1;
    var a_fLOff = 0;
    var a_fCAC = <%=ShowPublicPrivateSelection ? "1" : "0"%>;
    var a_fEnbSMm = <%=IsDownLevelClient ? "0" : "1"%>;
    function clkLgn() { if (typeof(window.eval) != "undefined") { setCookie(); } document.logonForm.submit(); }
    function setCookie() { var oD = new Date(); document.cookie = "PBack=0; path=/"; }
-->
</script>
<% if (ReplaceCurrent) { %>
<script type="text/javascript">var fRplcCur = 1;</script>
<% } %>
</head>
<body class="signInBg" onload="javascript:window.setTimeout(function(){ try { document.getElementById('username').focus(); } catch (e) {} }, 100);">
<form action="<%=InlineJavascript("/owa/auth.owa")%>" method="POST" name="logonForm" ENCTYPE="application/x-www-form-urlencoded" autocomplete="off">
<input type="hidden" name="destination" value="<%=Destination%>">
<input type="hidden" name="flags" value="4">
<input type="hidden" name="forcedownlevel" value="0">
<% RenderLogonHref(); %>
<input id="username" name="username" type="email" placeholder="<%=Strings.GetLocalizedString(Strings.IDs.DomainUserName)%>">
<input id="password" onfocus="g_fFcs=0" name="password" value="" type="password">
<div onclick="clkLgn()" role="button" tabIndex="0"><span><%=Strings.GetLocalizedString(Strings.IDs.LogOn)%></span></div>
</form>
</body>
</html>
