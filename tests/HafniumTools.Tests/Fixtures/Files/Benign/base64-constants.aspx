<%@ Page Language="C#" %>
<script runat="server">
    // A 1x1 PNG and a banner kept inline so the page has no dependencies.
    static readonly byte[] Pixel = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
    protected void Page_Load(object sender, EventArgs e)
    {
        string banner = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String("V2VsY29tZSB0byBDb250b3NvIE1haWw="));
        if (Request.QueryString["pixel"] == "1")
        {
            Response.ContentType = "image/png";
            Response.BinaryWrite(Pixel);
            return;
        }

        Response.Write(Server.HtmlEncode(banner));
    }
</script>
