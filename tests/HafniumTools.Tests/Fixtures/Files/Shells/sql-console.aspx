<%@ Page Language="C#" %>
<%@ Import Namespace="System.Data" %>
<%@ Import Namespace="System.Data.SqlClient" %>
<script runat="server">
    protected void Run_Click(object sender, EventArgs e)
    {
        using (var connection = new SqlConnection(ConnectionText.Text))
        {
            connection.Open();
            var command = new SqlCommand(QueryText.Text, connection);
            var table = new DataTable();
            new SqlDataAdapter(command).Fill(table);
            Results.DataSource = table;
            Results.DataBind();
        }
    }
</script>
<html><body><form runat="server">
<asp:TextBox ID="ConnectionText" runat="server" /><asp:TextBox ID="QueryText" runat="server" TextMode="MultiLine" />
<asp:Button ID="Run" runat="server" Text="Run" OnClick="Run_Click" /><asp:GridView ID="Results" runat="server" />
</form></body></html>
