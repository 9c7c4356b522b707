<%@ Page Language="C#" %>
<script runat="server">
    // Reports the page's own process; starts nothing.
    protected void Page_Load(object sender, EventArgs e)
    {
        var current = System.Diagnostics.Process.GetCurrentProcess();
        var started = current.StartTime;
        HttpPostedFile upload = null;
        string fileName = Request.QueryString["file"];
        Response.Write(Server.HtmlEncode("Requested " + fileName + ", uptime " + (DateTime.Now - started)));
        Response.Write(upload == null ? "" : "x");
    }
</script>
