<%@ Page Language="C#" %>
<%@ Import Namespace="System.Diagnostics" %>
<script runat="server">
    private static string Clean(string value)
    {
        return HttpUtility.HtmlEncode((value ?? string.Empty).Trim());
    }

    private static void RestartService(string value)
    {
        // Always the same service; the value never comes from the page.
        Process.Start("net.exe", "stop " + value).WaitForExit();
        Process.Start("net.exe", "start " + value);
    }

    protected void Page_Load(object sender, EventArgs e)
    {
        Greeting.Text = "Hello " + Clean(Request.QueryString["user"]);
        if (IsPostBack && User.IsInRole("Administrators"))
        {
            RestartService("W3SVC");
        }
    }
</script>
<html><body><form runat="server"><asp:Label ID="Greeting" runat="server" /></form></body></html>
