using System.Linq;
using HafniumTools.Files;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Files;

public class WebShellContentTests
{
    private static readonly WebShellScanner Scanner = new();

    [Theory]
    [InlineData("chopper-jscript.aspx", "HT-WS-001")]
    [InlineData("chopper-script-block.aspx", "HT-WS-001")]
    [InlineData("chopper-tiny.aspx", "HT-WS-001")]
    [InlineData("chopper-csharp.aspx", "HT-WS-002")]
    [InlineData("csharp-assembly-load.aspx", "HT-WS-002")]
    [InlineData("split-string.aspx", "HT-WS-003")]
    [InlineData("obfuscated-jscript.aspx", "HT-WS-003")]
    [InlineData("base64-request.aspx", "HT-WS-004")]
    [InlineData("base64-constant-request.aspx", "HT-WS-004")]
    [InlineData("cmd-runner-csharp.aspx", "HT-WS-006")]
    [InlineData("cmd-runner-wscript.aspx", "HT-WS-006")]
    [InlineData("sportsball.aspx", "HT-WS-006")]
    [InlineData("handler-runner.ashx", "HT-WS-006")]
    [InlineData("uploader-simpleseesharp.aspx", "HT-WS-007")]
    [InlineData("writer-streamwriter.aspx", "HT-WS-007")]
    [InlineData("classic-execute.asp", "HT-WS-001")]
    [InlineData("oab-dump-shell.aspx", "HT-OAB-101")]
    [InlineData("oab-dump-internalurl.aspx", "HT-OAB-101")]
    [InlineData("kali-cmd.aspx", "HT-WS-006")]
    [InlineData("behinder-aes.aspx", "HT-WS-002")]
    [InlineData("godzilla-reflection.aspx", "HT-WS-002")]
    [InlineData("classic-wscript.asp", "HT-WS-006")]
    [InlineData("powershell-runspace.aspx", "HT-WS-006")]
    [InlineData("secchecker.aspx", "HT-WS-012")]
    [InlineData("regeorg-tunnel.aspx", "HT-WS-013")]
    public void Each_shell_family_is_a_high_compromise_with_its_rule(string fixture, string ruleId)
    {
        var findings = Scanner.Classify(FileFixtures.AspnetClient + @"system_web\" + fixture, FileFixtures.ShellBytes(fixture));

        var hit = Assert.Single(findings, f => f.RuleId == ruleId);
        Assert.Equal(Verdict.Compromise, hit.Verdict);
        Assert.True(hit.Severity >= Severity.High, hit.ToString());
        Assert.NotNull(hit.LineNumber);
        Assert.False(string.IsNullOrWhiteSpace(hit.RawText));
        Assert.Equal(64, hit.FileSha256!.Length);
        Assert.StartsWith(FileFixtures.AspnetClient, hit.Evidence, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("client-eval.aspx")]
    [InlineData("jscript-reads-request.aspx")]
    [InlineData("base64-constants.aspx")]
    [InlineData("process-info.aspx")]
    [InlineData("databinding.aspx")]
    [InlineData("logon.aspx")]
    [InlineData("admin-tools.aspx")]
    [InlineData("oab-admin-backup.txt")]
    [InlineData("flogon.js")]
    [InlineData("web.config")]
    [InlineData("request-logger.aspx")]
    public void Benign_pages_are_never_called_shells(string fixture)
    {
        // Placed where a shell would be judged most harshly: the IIS web root and Exchange's auth folder.
        foreach (string folder in new[] { @"C:\inetpub\wwwroot\", FileFixtures.ExchangeRoot + @"ClientAccess\owa\" })
        {
            var findings = Scanner.Classify(folder + fixture, FileFixtures.BenignBytes(fixture));
            Assert.DoesNotContain(findings, f => f.Severity >= Severity.Medium);
            Assert.DoesNotContain(findings, f => f.Verdict == Verdict.Compromise);
        }
    }

    [Fact]
    public void The_stock_logon_page_in_owa_auth_raises_nothing()
    {
        var findings = Scanner.Classify(FileFixtures.OwaAuth + "logon.aspx", FileFixtures.BenignBytes("logon.aspx"));

        Assert.Empty(findings);
    }

    [Fact]
    public void Line_number_and_excerpt_point_at_the_sink()
    {
        var hit = Scanner.Classify(FileFixtures.OwaAuth + "errorFF.aspx", FileFixtures.ShellBytes("cmd-runner-csharp.aspx"))
            .Single(f => f.RuleId == "HT-WS-006");

        Assert.Equal(11, hit.LineNumber);
        Assert.Contains("Process.Start(psi)", hit.RawText);
    }

    [Fact]
    public void Oab_dump_shell_reports_the_url_line_once()
    {
        var findings = Scanner.Classify(FileFixtures.OwaAuth + "x7Qm2.aspx", FileFixtures.ShellBytes("oab-dump-shell.aspx"));

        var oab = Assert.Single(findings, f => f.RuleId == "HT-OAB-101");
        Assert.Equal(Severity.Critical, oab.Severity);
        Assert.Equal(18, oab.LineNumber);
        Assert.StartsWith("ExternalUrl", oab.RawText);
        Assert.DoesNotContain(findings, f => f.RuleId == "HT-WS-001" && f.LineNumber == 18);
    }

    [Fact]
    public void Client_side_eval_of_request_like_text_is_not_server_code()
    {
        const string page = "<html><script>var Request = {Item: {}}; eval(Request.Item[\"x\"], \"unsafe\");</script></html>";

        Assert.Empty(Scanner.Classify(@"C:\inetpub\wwwroot\page.aspx", page));
    }

    [Fact]
    public void Server_script_with_runat_anywhere_in_the_tag_is_server_code()
    {
        const string page = "<script runat='server' language='JScript'>function Page_Load(){ eval(Request.Form['x']); }</script>";

        Assert.Contains(Scanner.Classify(@"C:\inetpub\wwwroot\page.aspx", page), f => f.RuleId == "HT-WS-001");
    }

    [Fact]
    public void Utf16_page_is_decoded_and_judged()
    {
        byte[] utf16 = System.Text.Encoding.Unicode.GetPreamble()
            .Concat(System.Text.Encoding.Unicode.GetBytes("<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"q\"],\"unsafe\");%>")).ToArray();

        Assert.Contains(Scanner.Classify(FileFixtures.AspnetClient + "a.aspx", utf16), f => f.RuleId == "HT-WS-001");
    }
}
