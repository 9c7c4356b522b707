<%@ Page Language="C#" %>
<%@ Import Namespace="System.IO" %>
<script runat="server">
    protected void Page_Load(object sender, EventArgs e)
    {
        if (Request.QueryString["manual"] == "1")
        {
            // The user manual, by its fixed name.
            Response.ContentType = "application/pdf";
            Response.WriteFile(Server.MapPath("~/downloads/manual.pdf"));
            Response.End();
        }

        string name = Request.QueryString["name"];
        if (!string.IsNullOrEmpty(name))
        {
            // Only files of the published folder, by their bare name.
            string file = Path.Combine(Server.MapPath("~/downloads"), Path.GetFileName(name));
            Response.TransmitFile(file);
            Response.End();
        }

        string terms = File.ReadAllText(Server.MapPath("~/App_Data/terms.txt"));
        Terms.Text = Server.HtmlEncode(terms);
        foreach (string published in Directory.GetFiles(Server.MapPath("~/downloads"), "*.pdf"))
        {
            Files.Items.Add(Path.GetFileName(published));
        }
    }
</script>
<html><body><form runat="server"><asp:Literal ID="Terms" runat="server" /><asp:BulletedList ID="Files" runat="server" /></form></body></html>
