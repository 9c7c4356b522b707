<%@ Page Language="C#" %>
<%@ Import Namespace="System.Diagnostics" %>
<%@ Import Namespace="System.Linq" %>
<script runat="server">
    // Lists worker processes for the helpdesk; the restart button recycles IIS with a fixed command.
    protected void Page_Load(object sender, EventArgs e)
    {
        string order = Request.QueryString["sort"] ?? "name";
        var processes = Process.GetProcesses().Where(p => p.ProcessName.StartsWith("w3wp"));
        var rows = order == "memory" ? processes.OrderByDescending(p => p.WorkingSet64) : processes.OrderBy(p => p.ProcessName);
        Grid.DataSource = rows.Select(p => new { p.Id, p.ProcessName, p.WorkingSet64 });
        Grid.DataBind();
    }

    protected void Recycle_Click(object sender, EventArgs e)
    {
        Process.Start("iisreset.exe", "/noforce");
        Status.Text = "Recycle requested by " + Server.HtmlEncode(User.Identity.Name);
    }
</script>
<html><body><form runat="server">
<asp:GridView ID="Grid" runat="server" /><asp:Button ID="Recycle" runat="server" Text="Recycle" OnClick="Recycle_Click" />
<asp:Label ID="Status" runat="server" />
</form></body></html>
