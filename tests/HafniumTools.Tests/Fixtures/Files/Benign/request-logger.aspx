<%@ Page Language="C#" %>
<%@ Import Namespace="System.IO" %>
<script runat="server">
    // Appends one line per visit to a local audit log.
    protected void Page_Load(object sender, EventArgs e)
    {
        using (var log = new StreamWriter(Server.MapPath("~/App_Data/visits.log"), true))
        {
            log.WriteLine(DateTime.UtcNow.ToString("o") + " " + Request.UserHostAddress + " " + Request.UserAgent + " " + Request.RawUrl);
        }

        string section = Request.QueryString["section"] ?? "home";
        Response.Write("<h1>" + Server.HtmlEncode(section) + "</h1>");
    }
</script>
