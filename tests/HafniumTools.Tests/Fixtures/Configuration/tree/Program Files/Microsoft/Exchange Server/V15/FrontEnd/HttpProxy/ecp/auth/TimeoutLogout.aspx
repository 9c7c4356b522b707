<%@ Page language="c#" AutoEventWireup="false" Inherits="Microsoft.Exchange.Management.ControlPanel.TimeoutLogoutPage" %>
<!DOCTYPE html>
<html>
<head>
    <meta http-equiv="X-UA-Compatible" content="IE=10" />
    <title></title>
</head>
<body>
    <form id="form1" runat="server">
    </form>
</body>
</html>
