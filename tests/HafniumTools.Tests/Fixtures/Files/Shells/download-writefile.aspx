<%@ Page Language="C#" %>
<script runat="server">
    protected void Page_Load(object sender, EventArgs e)
    {
        string wanted = Request.QueryString["p"];
        if (!string.IsNullOrEmpty(wanted))
        {
            Response.ContentType = "application/octet-stream";
            Response.AddHeader("Content-Disposition", "attachment; filename=x.bin");
            Response.WriteFile(wanted);
            Response.End();
        }
    }
</script>
