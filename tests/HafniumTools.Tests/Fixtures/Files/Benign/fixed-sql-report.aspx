<%@ Page Language="C#" %>
<%@ Import Namespace="System.Data" %>
<%@ Import Namespace="System.Data.SqlClient" %>
<%@ Import Namespace="System.Configuration" %>
<script runat="server">
    protected void Page_Load(object sender, EventArgs e)
    {
        string connection = ConfigurationManager.ConnectionStrings["Reports"].ConnectionString;
        using (var db = new SqlConnection(connection))
        {
            db.Open();
            var byOwner = new SqlCommand("SELECT Id, Title, Created FROM Tickets WHERE Owner = @owner ORDER BY Created DESC", db);
            byOwner.Parameters.AddWithValue("@owner", Request.QueryString["owner"] ?? string.Empty);
            var table = new DataTable();
            new SqlDataAdapter(byOwner).Fill(table);
            Tickets.DataSource = table;
            Tickets.DataBind();

            var search = db.CreateCommand();
            search.CommandText = "SELECT Title FROM Tickets WHERE Title LIKE '%" + Search.Text.Replace("'", "''") + "%'";
            Matches.DataSource = search.ExecuteReader();
            Matches.DataBind();
        }
    }
</script>
<html><body><form runat="server"><asp:TextBox ID="Search" runat="server" /><asp:GridView ID="Tickets" runat="server" /><asp:GridView ID="Matches" runat="server" /></form></body></html>
