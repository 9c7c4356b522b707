using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HafniumTools.Core;
using HafniumTools.Files;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Files;

public class WebShellTreeTests
{
    private const string Ex = "Program Files/Microsoft/Exchange Server/V15/";
    private const string OwaAuth = Ex + "FrontEnd/HttpProxy/owa/auth/";

    // Find-HafniumWebShell's engine through its one way in, with the errors it reported.
    private static (RecordingSink Results, List<ScanProblem> Errors) ScanTree(IEnumerable<ScanRoot> roots, long maxFileSize = FileScanOptions.DefaultMaxFileSize)
    {
        var sink = new RecordingSink();
        FileScan.WebShells(roots, new FileScanOptions { MaxFileSize = maxFileSize, ThrottleLimit = 2 }, sink, CancellationToken.None);
        return (sink, sink.Problems.Where(p => p.Level == ProblemLevel.Error).ToList());
    }

    private static List<Finding> Findings(RecordingSink results) => results.Findings;

    [Fact]
    public void Compromised_server_tree_finds_every_shell_and_no_benign_page()
    {
        using var tree = new TempTree();
        tree.Write("inetpub/wwwroot/aspnet_client/system_web/zxvt0lpt.aspx", FileFixtures.ShellBytes("chopper-jscript.aspx"));
        tree.Write("inetpub/wwwroot/aspnet_client/system_web/4_0_30319/err0r.aspx", FileFixtures.ShellBytes("uploader-simpleseesharp.aspx"));
        tree.Write("inetpub/wwwroot/aspnet_client/web.config", FileFixtures.BenignBytes("web.config"));
        tree.Write(OwaAuth + "RedirSuiteServerProxy.aspx", FileFixtures.ShellBytes("oab-dump-shell.aspx"));
        tree.Write(OwaAuth + "logon.aspx", FileFixtures.BenignBytes("logon.aspx"));
        tree.Write(OwaAuth + "15.1.2176/scripts/premium/flogon.js", FileFixtures.BenignBytes("flogon.js"));
        tree.Write(OwaAuth + "Current/themes/resources/errorFS.aspx", FileFixtures.ShellBytes("split-string.aspx"));
        tree.Write(Ex + "FrontEnd/HttpProxy/ecp/auth/TimeoutLogout.aspx", "<%@ Page language=\"c#\" %><html></html>");
        tree.Write(Ex + "ClientAccess/ecp/About.aspx", FileFixtures.BenignBytes("process-info.aspx"));
        tree.Write(Ex + "ClientAccess/owa/status.aspx", FileFixtures.BenignBytes("jscript-reads-request.aspx"));

        var (results, errors) = ScanTree([new ScanRoot(tree.Root)]);
        var findings = Findings(results);

        Assert.Empty(errors);
        Assert.Equal(10, results.SingleCoverage.Files);
        foreach (string shell in new[] { "zxvt0lpt.aspx", "err0r.aspx", "RedirSuiteServerProxy.aspx", "errorFS.aspx" })
        {
            Assert.Contains(findings, f => f.Path!.EndsWith(shell, StringComparison.Ordinal) && f.Verdict == Verdict.Compromise && f.Severity >= Severity.High && f.Evidence.Contains(shell));
        }

        string[] shells = ["zxvt0lpt.aspx", "err0r.aspx", "RedirSuiteServerProxy.aspx", "errorFS.aspx"];
        Assert.DoesNotContain(findings, f => f.Severity >= Severity.Medium && !shells.Any(s => f.Path!.EndsWith(s, StringComparison.Ordinal)));
        Assert.Contains(findings, f => f.RuleId == "HT-WS-021" && f.Path!.EndsWith("RedirSuiteServerProxy.aspx", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Path!.EndsWith("logon.aspx", StringComparison.Ordinal) || f.Path!.EndsWith("flogon.js", StringComparison.Ordinal)
            || f.Path!.EndsWith("TimeoutLogout.aspx", StringComparison.Ordinal) || f.Path!.EndsWith("About.aspx", StringComparison.Ordinal) || f.Path!.EndsWith("status.aspx", StringComparison.Ordinal));
    }

    [Fact]
    public void Findings_carry_hash_size_times_line_and_excerpt()
    {
        using var tree = new TempTree();
        string path = tree.Write("inetpub/wwwroot/aspnet_client/s.aspx", FileFixtures.ShellBytes("chopper-tiny.aspx"));
        var written = new DateTime(2021, 3, 3, 4, 12, 51, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, written);

        var hit = Findings(ScanTree([new ScanRoot(tree.Root)]).Results).Single(f => f.RuleId == "HT-WS-001");

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant(), hit.FileSha256);
        Assert.Equal(bytes.Length, hit.FileSize);
        Assert.Equal(written, hit.FileModified);
        Assert.Equal(written, hit.Timestamp);
        Assert.Equal(TimeSpan.Zero, hit.FileCreated!.Value.Offset);
        Assert.Equal(4, hit.LineNumber);
        Assert.Equal("eval(payload);", hit.RawText);
        Assert.Equal(path + ":4", hit.Evidence);
    }

    [Fact]
    public void Known_shell_hash_is_critical_even_without_content_rules()
    {
        // The catalog is data: a catalog that lists this content's hash must flag it by hash.
        byte[] content = System.Text.Encoding.ASCII.GetBytes("<html>nothing to see</html>");
        string sha = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content)).ToLowerInvariant();
        var catalog = new WebShellCatalog([], [], [sha]);

        var findings = new WebShellScanner(null, catalog).Classify("/triage/wwwroot/x.aspx", content);

        var hit = Assert.Single(findings);
        Assert.Equal("HT-WS-010", hit.RuleId);
        Assert.Equal(Severity.Critical, hit.Severity);
    }

    [Fact]
    public void Shipped_catalog_holds_the_published_data()
    {
        var catalog = WebShellCatalog.Default;

        Assert.Equal(14, catalog.ShellHashCount);
        Assert.True(catalog.KnownGoodPathCount > 150);
        Assert.True(catalog.ShellNameCount > 60);
        Assert.True(catalog.IsKnownShellHash("b75f163ca9b9240bf4b37ad92bc7556b40a17e27c2b8ed5c8991385fe07d17d0"));
        Assert.True(catalog.IsKnownGoodPath(@"\FrontEnd\HttpProxy\ecp\auth\TimeoutLogout.aspx"));
        Assert.True(catalog.IsKnownGoodPath(@"\FrontEnd\HttpProxy\owa\auth\version\scripts\premium\fexppw.js"));
        Assert.Equal("RedirSuiteServiceProxy.aspx", catalog.FindShellName("redirsuiteserverproxy.aspx", WebFolderKind.OwaAuth)!.Imitates);
        Assert.Null(catalog.FindShellName("help.aspx", WebFolderKind.Other));
    }

    [Fact]
    public void Log_rules_and_file_rules_share_one_list_of_exchange_pages()
    {
        var urls = WebShellCatalog.Default.KnownWebPageUrls;

        Assert.Equal(57, urls.Count);
        Assert.Contains("owa/auth/redirsuiteserviceproxy.aspx", urls);
        Assert.Contains("ecp/auth/timeoutlogout.aspx", urls);
        Assert.Contains("ecp/default.aspx", urls);
        Assert.DoesNotContain(urls, u => u.EndsWith(".js", StringComparison.Ordinal) || u.Contains('\\') || u.StartsWith("frontend", StringComparison.Ordinal) || u.StartsWith("clientaccess", StringComparison.Ordinal));
        Assert.All(urls, u => Assert.True(WebShellCatalog.Default.IsKnownGoodPath(@"\FrontEnd\HttpProxy\" + u.Replace('/', '\\')) || WebShellCatalog.Default.IsKnownGoodPath(@"\ClientAccess\" + u.Replace('/', '\\')), u));
        Assert.Equal(HafniumTools.Logs.WebPageKind.Legitimate, HafniumTools.Logs.ExchangeWebPages.Classify("/owa/auth/RedirSuiteServiceProxy.aspx", out _));
        Assert.Equal(HafniumTools.Logs.WebPageKind.LookAlike, HafniumTools.Logs.ExchangeWebPages.Classify("/owa/auth/RedirSuiteServerProxy.aspx", out string? imitated));
        Assert.Equal("owa/auth/redirsuiteserviceproxy.aspx", imitated);
    }

    [Theory]
    [InlineData(@"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa\auth\OutlookEN.aspx", "HT-WS-021")]
    [InlineData(@"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa\auth\OutlookZH.aspx", "HT-WS-021")]
    [InlineData(@"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa\auth\outlookus.aspx", "HT-WS-021")]
    [InlineData(@"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa\auth\15.2.792\scripts\premium\fexppw.aspx", "HT-WS-021")]
    [InlineData(@"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\ecp\auth\TimeoutLogoff.aspx", "HT-WS-021")]
    [InlineData(@"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\ecp\auth\notes.txt", "HT-WS-022")]
    [InlineData(@"C:\inetpub\wwwroot\aspnet_client\supp0rt.aspx", "HT-WS-020")]
    [InlineData(@"C:\inetpub\wwwroot\aspnet_client\system_web\r07azcq5.aspx", "HT-WS-030")]
    [InlineData(@"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa\auth\Current\themes\x.aspx", "HT-WS-031")]
    [InlineData(@"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\OAB\log.aspx", "HT-WS-020")]
    [InlineData("/mnt/triage/ex01/frontend/httpproxy/OWA/Auth/redirsuiteserverproxy.aspx", "HT-WS-021")]
    [InlineData("/mnt/triage/EX01/Exchange/FrontEnd/HttpProxy/ecp/auth/shell.aspx", "HT-WS-022")]
    [InlineData("/mnt/triage/iis/ASPNET_CLIENT/System_Web/xx.aspx", "HT-WS-020")]
    public void Name_and_location_rules_are_anomalies_at_most_medium(string path, string ruleId)
    {
        var findings = new WebShellScanner().Classify(path, "<html><body>placeholder</body></html>");

        var hit = Assert.Single(findings);
        Assert.Equal(ruleId, hit.RuleId);
        Assert.Equal(Verdict.Anomaly, hit.Verdict);
        Assert.True(hit.Severity <= Severity.Medium);
    }

    [Theory]
    [InlineData("client-eval.aspx")]
    [InlineData("jscript-reads-request.aspx")]
    [InlineData("base64-constants.aspx")]
    [InlineData("process-info.aspx")]
    [InlineData("request-logger.aspx")]
    [InlineData("databinding.aspx")]
    public void A_benign_page_in_any_web_shell_folder_stays_below_medium(string fixture)
    {
        string content = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Files", "Benign", fixture));
        var folders = new[]
        {
            @"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\ecp\auth\",
            @"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa\auth\",
            @"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa\auth\Current\",
            @"C:\inetpub\wwwroot\aspnet_client\system_web\",
            "/mnt/triage/EX01/ClientAccess/OAB/",
        };

        foreach (string folder in folders)
        {
            var findings = new WebShellScanner().Classify(folder + fixture, content);
            Assert.DoesNotContain(findings, f => f.Severity >= Severity.Medium);
        }
    }

    [Theory]
    [InlineData(@"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa\auth\RedirSuiteServiceProxy.aspx")]
    [InlineData(@"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa\auth\OutlookCN.aspx")]
    [InlineData(@"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa\auth\15.1.2176\scripts\premium\fexppw.js")]
    [InlineData(@"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\ecp\auth\TimeoutLogout.aspx")]
    [InlineData("/triage/frontend/httpproxy/owa/auth/current/scripts/premium/flogon.js")]
    [InlineData(@"C:\inetpub\wwwroot\aspnet_client\web.config")]
    [InlineData(@"C:\inetpub\wwwroot\help.aspx")]
    [InlineData(@"C:\Program Files\Microsoft\Exchange Server\V15\ClientAccess\owa\auth\error.aspx")]
    public void Stock_names_in_their_folders_raise_nothing(string path)
    {
        Assert.Empty(new WebShellScanner().Classify(path, "<html><body>stock</body></html>"));
    }

    [Theory]
    [InlineData(@"C:\Windows\Temp\lsass.dmp", "HT-WS-040")]
    [InlineData(@"C:\inetpub\wwwroot\aspnet_client\lsass_0302.dmp", "HT-WS-040")]
    [InlineData(@"C:\root\out.dmp", "HT-WS-041")]
    [InlineData(@"C:\inetpub\wwwroot\1.dmp", "HT-WS-041")]
    [InlineData(@"C:\ProgramData\it.zip", "HT-WS-042")]
    [InlineData("/triage/ex01/programdata/pst.7z", "HT-WS-042")]
    [InlineData(@"C:\ProgramData\test.rar", "HT-WS-042")]
    public void Dumps_and_archives_are_context_only(string path, string ruleId)
    {
        var findings = new WebShellScanner().Classify(path, new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0 });

        var hit = Assert.Single(findings);
        Assert.Equal(ruleId, hit.RuleId);
        Assert.Equal(Verdict.Context, hit.Verdict);
    }

    [Theory]
    [InlineData(@"C:\ProgramData\McAfee\Common Framework\FrameworkConfig.zip")]
    [InlineData(@"C:\ProgramData\VMware\VMware Tools\vss_manifests.zip")]
    [InlineData(@"C:\ProgramData\longarchivename.zip")]
    [InlineData(@"C:\Users\admin\Downloads\crash.dmp")]
    public void Archives_and_dumps_elsewhere_are_not_reported(string path)
    {
        Assert.Empty(new WebShellScanner().Classify(path, new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0 }));
    }

    [Fact]
    public void Minidump_content_under_another_name_is_context()
    {
        var findings = new WebShellScanner().Classify(@"C:\inetpub\wwwroot\aspnet_client\debug.log", new byte[] { 0x4D, 0x44, 0x4D, 0x50, 0x93, 0xA7, 0, 0, 0, 0 });

        Assert.Equal("HT-WS-041", Assert.Single(findings).RuleId);
    }

    [Theory]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00 })]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 })]
    [InlineData(new byte[] { 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C })]
    [InlineData(new byte[] { 0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x00 })]
    public void Binary_with_page_extension_is_not_read_as_a_page(byte[] magic)
    {
        // The binary happens to contain a China Chopper string; it must not be judged as a page.
        byte[] content = magic.Concat(System.Text.Encoding.ASCII.GetBytes("<%eval(Request.Item[\"z\"],\"unsafe\");%>")).Concat(new byte[64]).ToArray();

        var findings = new WebShellScanner().Classify(@"C:\inetpub\wwwroot\aspnet_client\system_web\logo.aspx", content);

        Assert.Contains(findings, f => f.RuleId == "HT-WS-033" && f.Severity == Severity.Low);
        Assert.DoesNotContain(findings, f => f.Verdict == Verdict.Compromise);
    }

    [Fact]
    public void Nul_dense_content_is_binary_and_gif_prefixed_shell_is_still_a_page()
    {
        byte[] noisy = Enumerable.Range(0, 4096).Select(i => (byte)(i % 7 == 0 ? 0 : 65 + (i % 26))).ToArray();
        byte[] gifShell = System.Text.Encoding.ASCII.GetBytes("GIF89a;\n<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"z\"],\"unsafe\");%>");

        Assert.Equal(ContentKind.Binary, ContentSniffer.Sniff(noisy, noisy.Length));
        Assert.Contains(new WebShellScanner().Classify(@"C:\inetpub\wwwroot\aspnet_client\a.aspx", gifShell), f => f.RuleId == "HT-WS-001");
    }

    [Fact]
    public void Compiled_china_chopper_in_temporary_asp_net_files_is_found()
    {
        byte[] dll = new byte[] { 0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0 }
            .Concat(System.Text.Encoding.ASCII.GetBytes("\0Microsoft.JScript\0JScriptEvaluate\0Page_Load\0"))
            .Concat(System.Text.Encoding.Unicode.GetBytes("unsafe")).Concat(new byte[32]).ToArray();
        string path = @"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\Temporary ASP.NET Files\owa\8e05b027\e164d61b\App_Web_llfrjg0v.dll";

        var hit = Assert.Single(new WebShellScanner().Classify(path, dll));

        Assert.Equal("HT-WS-009", hit.RuleId);
        Assert.Equal(Verdict.Compromise, hit.Verdict);
    }

    [Fact]
    public void Compiled_record_of_a_non_standard_auth_page_is_an_anomaly()
    {
        const string record = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<preserve resultType=\"3\" virtualPath=\"/owa/auth/ohyeah.aspx\" hash=\"e3c2e4d4\" filehash=\"9ab0c0d5fa3b2\" flags=\"110000\" assembly=\"App_Web_llfrjg0v\" type=\"ASP.auth_ohyeah_aspx\">\n</preserve>";
        const string stock = "<preserve resultType=\"3\" virtualPath=\"/owa/auth/logon.aspx\" assembly=\"App_Web_abcdefgh\" type=\"ASP.auth_logon_aspx\"></preserve>";
        string folder = @"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\Temporary ASP.NET Files\owa\8e05b027\e164d61b\";

        var hit = Assert.Single(new WebShellScanner().Classify(folder + "ohyeah.aspx.f5dba9b9.compiled", record));
        Assert.Equal("HT-WS-032", hit.RuleId);
        Assert.Equal(2, hit.LineNumber);
        Assert.Empty(new WebShellScanner().Classify(folder + "logon.aspx.cdcab7d2.compiled", stock));
    }

    [Fact]
    public void Large_files_are_capped_and_reported_not_read()
    {
        using var tree = new TempTree();
        string big = tree.Write("inetpub/wwwroot/aspnet_client/big.aspx",
            FileFixtures.ShellBytes("chopper-jscript.aspx").Concat(Enumerable.Repeat((byte)' ', 5000)).ToArray());

        var capped = ScanTree([new ScanRoot(tree.Root)], maxFileSize: 1024).Results;
        var uncapped = ScanTree([new ScanRoot(tree.Root)], maxFileSize: 1 << 20).Results;

        Assert.Equal([big + " (TooLarge)"], capped.SingleCoverage.SkippedPaths);
        Assert.Equal(0, capped.SingleCoverage.Bytes);
        Assert.Equal(big, Assert.Single(capped.ProblemsWith(ErrorIds.FileTooLarge)).Target);
        Assert.All(capped.Findings, f => Assert.Null(f.FileSha256));
        Assert.All(capped.Findings, f => Assert.Equal(new FileInfo(big).Length, f.FileSize));
        Assert.Equal(["HT-WS-030"], capped.Findings.Select(f => f.RuleId));
        Assert.Equal(new FileInfo(big).Length, uncapped.SingleCoverage.Bytes);
        Assert.Contains(uncapped.Findings, f => f.RuleId == "HT-WS-001");
    }

    [Fact]
    public async Task Symbolic_link_loops_are_not_followed_and_links_are_not_read()
    {
        using var tree = new TempTree();
        tree.Write("inetpub/wwwroot/aspnet_client/system_web/a.aspx", FileFixtures.ShellBytes("chopper-jscript.aspx"));
        string outside = tree.Write("outside/secret.aspx", FileFixtures.ShellBytes("chopper-jscript.aspx"));
        Directory.CreateSymbolicLink(tree.Full("inetpub/wwwroot/aspnet_client/system_web/loop"), tree.Full("inetpub/wwwroot"));
        Directory.CreateSymbolicLink(tree.Full("inetpub/wwwroot/aspnet_client/self"), tree.Full("inetpub/wwwroot/aspnet_client"));
        File.CreateSymbolicLink(tree.Full("inetpub/wwwroot/aspnet_client/linked.aspx"), outside);

        var scan = Task.Run(() => ScanTree([new ScanRoot(tree.Full("inetpub/wwwroot"))]));
        Assert.Same(scan, await Task.WhenAny(scan, Task.Delay(TimeSpan.FromSeconds(30))));
        var (results, errors) = await scan;

        Assert.Empty(errors);
        Assert.Equal(2, results.SingleCoverage.Files);
        Assert.Equal([tree.Full("inetpub/wwwroot/aspnet_client/linked.aspx") + " (Link)"], results.SingleCoverage.SkippedPaths);
        Assert.Equal(["HT-WS-030"], results.Findings.Where(f => f.Path!.EndsWith("linked.aspx", StringComparison.Ordinal)).Select(f => f.RuleId));
        Assert.Contains(results.Findings.Where(f => f.Path!.EndsWith("a.aspx", StringComparison.Ordinal)), f => f.RuleId == "HT-WS-001");
    }

    [Fact]
    public async Task Named_pipe_in_the_tree_does_not_hang_the_scan()
    {
        using var tree = new TempTree();
        tree.Write("inetpub/wwwroot/aspnet_client/a.aspx", FileFixtures.ShellBytes("chopper-jscript.aspx"));
        string fifo = tree.Full("inetpub/wwwroot/aspnet_client/pipe.aspx");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        Assert.True(File.Exists(fifo), "mkfifo must create the pipe for this test to mean anything.");
        var scan = Task.Run(() => ScanTree([new ScanRoot(tree.Root)]));

        Assert.Same(scan, await Task.WhenAny(scan, Task.Delay(TimeSpan.FromSeconds(30))));
        var (results, _) = await scan;
        Assert.Equal(2, results.SingleCoverage.Files);
        Assert.Equal(1, results.SingleCoverage.SkippedFiles);
        Assert.Equal([fifo + " (NotARegularFile)"], results.SingleCoverage.SkippedPaths.ToArray());
        Assert.Equal(fifo, Assert.Single(results.ProblemsWith("NotARegularFile")).Target);
        Assert.Equal(new FileInfo(tree.Full("inetpub/wwwroot/aspnet_client/a.aspx")).Length, results.SingleCoverage.Bytes); // the pipe was never opened
    }

    [Fact]
    public void Unreadable_folders_and_vanished_files_are_errors_and_the_walk_goes_on()
    {
        using var tree = new TempTree();
        tree.Write("inetpub/wwwroot/aspnet_client/a.aspx", FileFixtures.ShellBytes("chopper-jscript.aspx"));
        tree.Write("inetpub/wwwroot/aspnet_client/locked/b.aspx", FileFixtures.ShellBytes("chopper-jscript.aspx"));
        string locked = tree.Full("inetpub/wwwroot/aspnet_client/locked");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(locked, UnixFileMode.None);
        }

        bool rootBypassesPermissions = Directory.EnumerateFileSystemEntries(locked).Any();

        var (results, errors) = ScanTree([new ScanRoot(tree.Root), new ScanRoot(tree.Full("no/such/folder"))]);

        Assert.Contains(errors, e => e.ErrorId == ErrorIds.PathNotFound && e.Exception is DirectoryNotFoundException && ((string)e.Target!).EndsWith("folder", StringComparison.Ordinal));
        Assert.Contains(Findings(results), f => f.Path!.EndsWith("a.aspx", StringComparison.Ordinal) && f.RuleId == "HT-WS-001");
        if (rootBypassesPermissions)
        {
            // Running as root: mode 0000 does not stop reading, so the file is scanned like any other.
            Assert.Contains(Findings(results), f => f.Path!.EndsWith("b.aspx", StringComparison.Ordinal) && f.RuleId == "HT-WS-001");
        }
        else
        {
            Assert.Contains(errors, e => e.ErrorId == ErrorIds.FolderUnreadable && e.Exception is UnauthorizedAccessException && (string)e.Target! == locked);
        }

        // A file that disappears between listing and reading is an error for that file only; what its name and
        // place tell (a page in aspnet_client) is still reported.
        string gone = tree.Write("inetpub/wwwroot/aspnet_client/gone.aspx", "<% %>");
        var candidate = FileCandidate.FromFile(new FileInfo(gone));
        File.Delete(gone);
        var judgement = new WebShellScanner().Scan(candidate);
        Assert.IsAssignableFrom<IOException>(judgement.Error);
        Assert.Equal(0, judgement.BytesRead);
        Assert.Contains(judgement.Findings, f => f.RuleId == WebShellRules.PageInAspnetClient.Id);
    }

    [Fact]
    public void Scanning_changes_no_timestamp()
    {
        using var tree = new TempTree();
        string path = tree.Write("inetpub/wwwroot/aspnet_client/system_web/a.aspx", FileFixtures.ShellBytes("chopper-jscript.aspx"));
        var written = new DateTime(2021, 3, 3, 4, 12, 51, DateTimeKind.Utc);
        var accessed = DateTime.UtcNow.AddHours(1);
        File.SetLastWriteTimeUtc(path, written);
        File.SetLastAccessTimeUtc(path, accessed);
        var created = File.GetCreationTimeUtc(path);
        var folderWritten = Directory.GetLastWriteTimeUtc(Path.GetDirectoryName(path)!);

        var (results, _) = ScanTree([new ScanRoot(tree.Root)]);

        Assert.Contains(Findings(results), f => f.RuleId == "HT-WS-001");
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Equal(accessed, File.GetLastAccessTimeUtc(path));
        Assert.Equal(created, File.GetCreationTimeUtc(path));
        Assert.Equal(folderWritten, Directory.GetLastWriteTimeUtc(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Mixed_case_triage_copy_with_either_separator_classifies_like_the_live_server()
    {
        var live = WebFolderLocation.Classify(@"C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa\auth\15.1.2176\scripts\premium\fexppw.js");
        var triage = WebFolderLocation.Classify("/evidence/EX01/c/PROGRAM FILES/microsoft/exchange server/v15/frontend/HTTPPROXY/OWA/AUTH/Current/Scripts/Premium/FEXPPW.JS");

        Assert.Equal(WebFolderKind.OwaAuth, live.Kind);
        Assert.Equal(live.Kind, triage.Kind);
        Assert.Equal(live.RelativePath, triage.RelativePath, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(WebFolderKind.EcpAuth, WebFolderLocation.Classify(@"D:\Exchange\FrontEnd\HttpProxy\ECP\Auth\x.aspx").Kind);
        Assert.True(WebFolderLocation.Classify(@"D:\Exchange\FrontEnd\HttpProxy\ECP\Auth\x.aspx").IsUnderHttpProxy);
        Assert.False(WebFolderLocation.Classify("/triage/ecp/auth/x.aspx").IsUnderHttpProxy);
        Assert.Equal(WebFolderKind.EcpAuth, WebFolderLocation.Classify("/triage/ecp/auth/x.aspx").Kind);
        Assert.Equal(WebFolderKind.ClientAccess, WebFolderLocation.Classify("/x/ClientAccess/owa/auth/logon.aspx").Kind);
        Assert.Equal(WebFolderKind.AspNetTemporaryFiles, WebFolderLocation.Classify("/x/Windows/Microsoft.NET/Framework64/v4.0.30319/temporary asp.net files/owa/1/2/a.compiled").Kind);
    }

    [Fact]
    public void Include_and_exclude_filter_file_names()
    {
        using var tree = new TempTree();
        tree.Write("aspnet_client/a.aspx", "x");
        tree.Write("aspnet_client/b.js", "x");
        tree.Write("aspnet_client/c.ASPX", "x");

        var names = FileTreeWalker.Walk([new ScanRoot(tree.Root)], ["*.aspx"], ["c*"]).Select(c => Path.GetFileName(c.Path)).ToList();

        Assert.Equal(["a.aspx"], names);
    }

    [Fact]
    public void Cancellation_stops_the_walk()
    {
        using var tree = new TempTree();
        for (int i = 0; i < 50; i++)
        {
            tree.Write("aspnet_client/d" + i + "/a.aspx", "x");
        }

        using var cts = new CancellationTokenSource();
        var walk = FileTreeWalker.Walk([new ScanRoot(tree.Root)], null, null, cts.Token).GetEnumerator();
        Assert.True(walk.MoveNext());
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => { while (walk.MoveNext()) { } });
    }
}
