using System;
using System.IO;
using System.Linq;
using HafniumTools.Core;
using HafniumTools.Logs;
using HafniumTools.Model;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Logs;

/// <summary>
/// Issue 11, items 6 and 8: the reports Test-ProxyLogon wrote are read as evidence, a recognised log that yields no row
/// is a warning (never coverage), and the server is named by the one convention when rows do not name it.
/// </summary>
public class TestProxyLogonReportTests
{
    private static readonly string Reports = Fixture("testproxylogon");

    private static HuntResult HuntReport(string name) => Hunt([Path.Combine(Reports, name)]);

    [Fact]
    public void The_cve_2021_26855_csv_gives_every_row_its_verdict_and_the_server_of_its_name()
    {
        var hunt = HuntReport("EXCH07-Cve-2021-26855.csv");

        Assert.DoesNotContain(hunt.Problems, p => p.Level != ProblemLevel.Verbose);
        Assert.Equal([3L, 4L, 5L, 6L], hunt.Findings.Select(f => f.LineNumber!.Value).Distinct().OrderBy(n => n));
        Assert.All(hunt.Findings, f => Assert.Equal("EXCH07", f.ComputerName));
        Assert.Contains(hunt.Findings, f => f.LineNumber == 5 && f.Verdict == Verdict.Exploitation && f.HttpStatus == 241);
        Assert.Contains(hunt.Findings, f => f.LineNumber == 6 && f.Severity == Severity.Critical);
        var coverage = Assert.Single(hunt.Coverage);
        Assert.Equal(4, coverage.Lines);
        Assert.Equal(new DateTime(2021, 3, 3, 2, 51, 17, 442, DateTimeKind.Utc), coverage.FirstTimestamp);
    }

    [Fact]
    public void The_reset_vdir_csv_of_powershell_7_is_read_without_a_type_line()
    {
        var hunt = HuntReport("EXCH07-Cve-2021-27065-ResetVDir.csv");

        var reset = Assert.Single(hunt.Findings, f => f.RuleId == "HT-HP-012");
        Assert.Equal(Verdict.Exploitation, reset.Verdict);
        Assert.Equal("EXCH07", reset.ComputerName);
    }

    [Fact]
    public void The_cve_2021_26857_csv_is_read_as_the_events_it_was_selected_from()
    {
        var hunt = HuntReport("EXCH07-Cve-2021-26857.csv");

        var cast = Assert.Single(hunt.Findings);
        Assert.Equal("HT-EVT-001", cast.RuleId);
        Assert.Equal(3, cast.LineNumber);
        Assert.StartsWith("EXCH07", cast.ComputerName, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ObjectDataProvider", cast.Detail, StringComparison.Ordinal);

        // A culture-formatted date ("3/3/2021") is not guessed at.
        Assert.Null(cast.Timestamp);
    }

    [Fact]
    public void The_cve_2021_26858_download_paths_are_judged_by_the_oab_rule()
    {
        var hunt = HuntReport("EXCH07-Cve-2021-26858-DownloadPaths.log");

        var script = Assert.Single(hunt.Findings);
        Assert.Equal("HT-OAB-001", script.RuleId);
        Assert.Equal(1, script.LineNumber);
        Assert.Equal("EXCH07", script.ComputerName);
        Assert.Equal(@"'C:\inetpub\wwwroot\aspnet_client\system_web\help.aspx'", script.RawText);
        Assert.Equal(2, Assert.Single(hunt.Coverage).Lines);
    }

    [Theory]
    [InlineData("EXCH07-Cve-2021-26858.log", "HT-TPL-001", FindingCategory.Oab, "CVE-2021-26858", new[] { "OABGenerator20210303-1.LOG", "OABGenerator20210304-1.LOG" })]
    [InlineData("EXCH07-Cve-2021-27065.log", "HT-TPL-002", FindingCategory.Ecp, "CVE-2021-27065", new[] { "ECPServer20210303-1.LOG" })]
    public void The_plain_lists_of_flagged_logs_are_leads_naming_each_log(string report, string rule, FindingCategory category, string cve, string[] logs)
    {
        var hunt = HuntReport(report);

        Assert.DoesNotContain(hunt.Problems, p => p.Level != ProblemLevel.Verbose);
        Assert.Equal(logs.Length, hunt.Findings.Count);
        Assert.All(hunt.Findings, f =>
        {
            Assert.Equal(rule, f.RuleId);
            Assert.Equal(category, f.Category);
            Assert.Equal(Severity.Medium, f.Severity);
            Assert.Equal(Verdict.Anomaly, f.Verdict);
            Assert.Contains(cve, f.Cve);
            Assert.Equal("EXCH07", f.ComputerName);
        });
        Assert.Equal(logs, hunt.Findings.OrderBy(f => f.LineNumber).Select(f => f.RawText!.Split('\\').Last()));
        Assert.Equal(logs.Length, Assert.Single(hunt.Coverage).Lines);
    }

    [Theory]
    [InlineData("EXCH07-other.csv", @"LsassDump C:\root\lsass.dmp")]
    [InlineData("EXCH07-LogAgeDays.csv", "Oabgen 41.2")]
    public void Reports_with_nothing_to_judge_are_named_warnings_and_never_coverage(string report, string told)
    {
        var hunt = HuntReport(report);

        var warning = Assert.Single(hunt.Problems, p => p.Level != ProblemLevel.Verbose);
        Assert.Equal(ErrorIds.TestProxyLogonReportNotJudged, warning.ErrorId);
        Assert.Equal(ProblemLevel.Warning, warning.Level);
        Assert.Contains(told, warning.Message, StringComparison.Ordinal);
        Assert.Empty(hunt.Findings);
        Assert.Empty(hunt.Coverage);
    }

    [Fact]
    public void Every_file_test_proxylogon_writes_is_evidence_or_a_named_warning()
    {
        var hunt = Hunt([Reports]);

        foreach (string file in Directory.GetFiles(Reports))
        {
            bool judged = hunt.Findings.Any(f => f.Path == file);
            bool warned = hunt.Problems.Any(p => p.Level == ProblemLevel.Warning && (string?)p.Target == file);
            Assert.True(judged || warned, Path.GetFileName(file) + " was neither judged nor named in a warning.");
        }
    }

    [Theory]
    [InlineData("C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Logging\\OABGeneratorLog\\a.LOG\r\nnot a path\r\n")]
    [InlineData("C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Logging\\ECP\\Server\\a.LOG\r\nC:\\Program Files\\Microsoft\\Exchange Server\\V15\\Logging\\OABGeneratorLog\\b.LOG\r\n")]
    [InlineData("C:\\inetpub\\wwwroot\\aspnet_client\\notes.txt\r\n")]
    [InlineData("relative\\Logging\\ECP\\Server\\a.LOG\r\n")]
    public void A_list_that_is_not_one_of_flagged_logs_is_no_lead(string text)
    {
        string dir = TempDir();
        try
        {
            string list = Path.Combine(dir, "EXCH09-Cve-2021-27065.log");
            File.WriteAllText(list, text);

            var hunt = Hunt([list]);

            Assert.DoesNotContain(hunt.Findings, f => f.RuleId.StartsWith("HT-TPL-", StringComparison.Ordinal));
            Assert.Contains(hunt.Problems, p => p.Level != ProblemLevel.Verbose && (string?)p.Target == list);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Http_proxy_rows_without_a_server_take_it_from_the_copied_install_path()
    {
        var hunt = Hunt([Path.Combine(Reports, "EXCH07")]);

        Assert.NotEmpty(hunt.Findings);
        Assert.All(hunt.Findings, f => Assert.Equal("EXCH07", f.ComputerName));
        Assert.Equal("EXCH07", Assert.Single(hunt.Coverage).ComputerName);
    }

    [Theory]
    [InlineData(@"E:\cases\EXCH07\C\Program Files\Microsoft\Exchange Server\V15\Logging\HttpProxy\Ecp\x.LOG", "EXCH07")]
    [InlineData("/evidence/ex2019a/C$/Program Files/Microsoft/Exchange Server/V15/Logging/ECP/Server/ECPServer1.LOG", "ex2019a")]
    [InlineData(@"D:\out\EX01-Cve-2021-26855.csv", "EX01")]
    [InlineData(@"D:\out\mail-01.contoso.com-Cve-2021-26858-DownloadPaths.log", "mail-01.contoso.com")]
    [InlineData(@"D:\out\2021\Logging\HttpProxy\Owa\x.LOG", null)]
    [InlineData(@"D:\out\Cve-2021-26855.csv", null)]
    public void The_server_is_named_by_the_one_convention(string path, string? server) =>
        Assert.Equal(server, LogLocation.ComputerNameFromPath(path));

    [Fact]
    public void A_recognised_log_that_yields_no_row_is_a_warning_and_not_coverage()
    {
        string dir = TempDir();
        try
        {
            string proxy = Path.Combine(dir, "EXCH08", "Logging", "HttpProxy", "Owa");
            Directory.CreateDirectory(proxy);
            string empty = Path.Combine(proxy, "HttpProxy_2021030305-1.LOG");
            File.WriteAllText(empty, "#Software: Microsoft Exchange Server\r\n#Version: 15.01.2176.002\r\n#Log-type: HttpProxy Logs\r\n#Fields: DateTime,RequestId,AnchorMailbox,UrlStem\r\n");

            var hunt = Hunt([dir]);

            var warning = Assert.Single(hunt.Problems, p => p.ErrorId == ErrorIds.LogFileYieldedNoRows);
            Assert.Equal(ProblemLevel.Warning, warning.Level);
            Assert.Equal(empty, warning.Target);
            var coverage = Assert.Single(hunt.Coverage);
            Assert.Equal(1, coverage.SkippedFiles);
            Assert.True(coverage.NothingRead);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
