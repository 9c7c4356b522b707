<%@ Page Language="C#" %>
<script runat="server">
    protected void Page_Load(object sender, EventArgs e)
    {
        Items.DataSource = new[] { new { Title = "Inbox" }, new { Title = "Sent" } };
        Items.DataBind();
        if (!string.IsNullOrEmpty(Request.QueryString["ReturnUrl"]) && Request.QueryString["ReturnUrl"].StartsWith("/owa/"))
        {
            Response.Redirect(Request.QueryString["ReturnUrl"]);
        }
        Server.Execute("footer.aspx");
    }
</script>
<html><body><form runat="server">
<asp:Repeater id="Items" runat="server"><ItemTemplate><li><%# Eval("Title") %></li></ItemTemplate></asp:Repeater>
</form></body></html>
