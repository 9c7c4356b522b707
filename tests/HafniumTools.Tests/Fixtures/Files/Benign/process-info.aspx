<%@ Page Language="C#" %>
<%@ Import Namespace="System.Diagnostics" %>
<script runat="server">
    protected void Page_Load(object sender, EventArgs e)
    {
        var self = Process.GetCurrentProcess();
        Label1.Text = self.ProcessName + " " + self.Id + " " + (self.WorkingSet64 / 1048576) + " MB, started " + self.StartTime.ToUniversalTime().ToString("u");
        string view = Request.QueryString["view"];
        Label2.Text = Server.HtmlEncode(view ?? "summary");
    }
</script>
<html><body><form runat="server"><asp:Label id="Label1" runat="server" /><asp:Label id="Label2" runat="server" /></form></body></html>
