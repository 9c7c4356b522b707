using System;
using System.IO;
using System.Linq;
using HafniumTools.Logs;
using HafniumTools.Logs.Waves;
using HafniumTools.Model;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Waves;

/// <summary>
/// ProxyShell, ProxyNotShell and OWASSRF through the one log engine: a server (Fixtures/Waves/EXCH07) with IIS,
/// HttpProxy, Remote PowerShell and MSExchange Management logs in their real formats, attacks and benign look-alikes.
/// </summary>
public class WaveLogRuleTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Waves", "EXCH07");
    private static readonly Lazy<HuntResult> Server = new(() => Hunt([Root]));

    private static string[] Matches(string file) =>
        Server.Value.Findings.Where(f => Path.GetFileName(f.Path) == file).OrderBy(f => f.LineNumber)
            .Select(f => f.LineNumber + " " + f.RuleId).ToArray();

    [Fact]
    public void Every_iis_request_gets_its_campaign_rule_and_benign_look_alikes_none()
    {
        // Lines 5-8: Autodiscover V2 (two forms), OWA explicit logon to a shared mailbox, admin Remote PowerShell.
        Assert.Equal(
            [
                "9 HT-PXS-021", "10 HT-PXS-002", "11 HT-PXS-002", "12 HT-PXS-001", "13 HT-PXS-010", "14 HT-IIS-050",
                "15 HT-PNS-010", "16 HT-PNS-001", "17 HT-PNS-001", "18 HT-PNS-001", "19 HT-PNS-020", "21 HT-OWS-001", "22 HT-OWS-010",
            ],
            Matches("u_ex210813.log"));
    }

    [Fact]
    public void HttpProxy_autodiscover_and_owa_rows_are_graded_like_iis()
    {
        Assert.Equal(["8 HT-PXS-102", "9 HT-PXS-101", "10 HT-PNS-101", "11 HT-PXS-111"], Matches("HttpProxy_2021081309-1.LOG"));
        Assert.Equal(["7 HT-OWS-101"], Matches("HttpProxy_2022122011-1.LOG"));
    }

    [Fact]
    public void Remote_powershell_logs_are_recognised_from_their_header_and_admin_sessions_stay_silent()
    {
        Assert.Equal(["9 HT-RPS-001"], Matches("Rps_Http_2021081309-1.LOG"));
        Assert.Equal(["7 HT-RPS-003", "8 HT-RPS-002"], Matches("Rps_Http_2022122011-1.LOG"));
        Assert.Equal(["9 HT-RPS-110", "10 HT-RPS-102", "11 HT-RPS-101", "12 HT-RPS-111"], Matches("Rps_Cmdlet_2021081309-1.LOG"));
        Assert.Contains(Server.Value.Coverage, c => c.Source == "RemotePowerShell/Http" && c.Category == FindingCategory.RemotePowerShell);
        Assert.Contains(Server.Value.Coverage, c => c.Source == "RemotePowerShell/Cmdlet");
    }

    [Fact]
    public void Management_events_show_the_export_to_a_web_path_and_not_the_admin_pst_export()
    {
        Assert.Equal(["1 HT-MGT-010", "2 HT-MGT-001", "3 HT-MGT-011", "5 HT-MGT-004"], Matches("MSExchangeManagement.xml"));
        var export = Assert.Single(Server.Value.Findings, f => f.RuleId == "HT-MGT-001");
        Assert.Equal(Verdict.Exploitation, export.Verdict);
        Assert.Equal(Campaign.ProxyShell, export.Campaign);
        Assert.Contains("CVE-2021-31207", export.Cve);
        Assert.Contains("qyxbvkzrmfwnhtdc.aspx", export.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_forged_token_is_decoded_to_the_impersonated_administrator()
    {
        var shell = Assert.Single(Server.Value.Findings, f => f.RuleId == "HT-PXS-001");
        Assert.Contains("Administrator@contoso.com", shell.Detail, StringComparison.Ordinal);
        Assert.Contains("-500 (the built-in Administrator)", shell.Detail, StringComparison.Ordinal);
        Assert.Equal(AttackStage.Session, shell.Stage);
        Assert.Equal(["CVE-2021-34473", "CVE-2021-34523"], shell.Cve);
    }

    [Fact]
    public void Encoding_tricks_name_the_mitigation_versions_they_slip_past()
    {
        var encoded = Server.Value.Findings.Single(f => f.RuleId == "HT-PNS-001" && f.LineNumber == 17);
        Assert.Contains("percent-encoded 'powershell'", encoded.Detail, StringComparison.Ordinal);
        var reversed = Server.Value.Findings.Single(f => f.RuleId == "HT-PNS-001" && f.LineNumber == 18);
        Assert.Contains("before 'autodiscover.json'", reversed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Benign_look_alikes_give_nothing_at_medium_or_above()
    {
        var benignLines = new[] { 5L, 6L, 7L, 8L };
        Assert.DoesNotContain(Server.Value.Findings, f => Path.GetFileName(f.Path) == "u_ex210813.log" && benignLines.Contains(f.LineNumber!.Value));
        Assert.DoesNotContain(Server.Value.Findings, f => f.Path!.EndsWith(".xml", StringComparison.Ordinal) && f.LineNumber == 4);
        Assert.DoesNotContain(Server.Value.Findings, f => f.Severity >= Severity.Medium && f.Verdict is Verdict.Context);
    }

    [Fact]
    public void Attempts_and_probes_are_never_exploitation()
    {
        foreach (var finding in Server.Value.Findings.Where(f => f.HttpStatus is int s && s != 200))
        {
            Assert.NotEqual(Verdict.Exploitation, finding.Verdict);
        }
    }

    [Fact]
    public void The_campaign_filter_selects_findings_of_one_wave()
    {
        var owassrf = Hunt(new LogHuntRequest { Paths = [Root], Campaigns = [Campaign.OWASSRF] });
        Assert.NotEmpty(owassrf.Findings);
        Assert.All(owassrf.Findings, f => Assert.Equal(Campaign.OWASSRF, f.Campaign));
        var byCve = Hunt(new LogHuntRequest { Paths = [Root], Cve = ["CVE-2021-31207"] });
        Assert.NotEmpty(byCve.Findings);
        Assert.All(byCve.Findings, f => Assert.Contains("CVE-2021-31207", f.Cve));
    }

    [Fact]
    public void Every_rule_has_a_unique_id_and_existing_rules_stay_proxylogon()
    {
        var ids = LogRegistry.Module.AllRules().Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(LogRegistry.Module.AllRules().Where(r => r.Id.StartsWith("HT-IIS-", StringComparison.Ordinal) || r.Id.StartsWith("HT-HP-", StringComparison.Ordinal)),
            r => Assert.Equal(Campaign.ProxyLogon, r.Campaign));
        Assert.All(LogRegistry.Module.AllRules().Where(r => r.Id.StartsWith("HT-OWS-", StringComparison.Ordinal)), r => Assert.Equal(Campaign.OWASSRF, r.Campaign));
    }

    [Theory]
    [InlineData("/autodiscover/autodiscover.json/v1.0/a.b@contoso.com", "Protocol=AutodiscoverV1&RedirectCount=1", false)]
    [InlineData("/autodiscover/autodiscover.json", "Email=a.b@contoso.com&Protocol=Ews&RedirectCount=1", false)]
    [InlineData("/owa/shared@contoso.com/", "-", false)]
    [InlineData("/owa/shared@contoso.com/powershell", "-", true)]
    [InlineData("/OWA/x%2540y.com/PowerShell", "-", true)]
    [InlineData("/autodiscover/autodiscover.json", "a=b@c.de/mapi/emsmdb", true)]
    [InlineData("/autodiscover/autodiscover.json", "a..foo.var/owa/&Email=autodiscover/autodiscover.json%3Fa..foo.var&Protocol=XYZ&FooProtocol=%50owershell", true)]
    [InlineData("/autodiscover/autodiscover.json", "%40evil.com/PowerShell&Email=autodiscover/autodiscover.json%3F%40evil.com", true)]
    public void The_request_judge_tells_attacks_from_legitimate_requests(string stem, string query, bool attack)
    {
        var match = WaveRequestJudge.Judge(new WaveRequest(stem, query, "POST", "200", authenticated: true, "x"));
        Assert.Equal(attack, match is not null);
    }

    [Fact]
    public void Mutated_requests_never_throw()
    {
        var random = new Random(13);
        string[] pieces = ["/autodiscover/autodiscover.json", "?", "@", "/", "%", "%4", "%50owershell", "Email=autodiscover/", "X-Rps-CAT=", "VgEA", "&", "owa/", "\u00e9", "%%", "..", "powershell"];
        for (int i = 0; i < 2000; i++)
        {
            string stem = string.Concat(Enumerable.Range(0, random.Next(1, 8)).Select(_ => pieces[random.Next(pieces.Length)]));
            string query = string.Concat(Enumerable.Range(0, random.Next(0, 8)).Select(_ => pieces[random.Next(pieces.Length)]));
            var match = WaveRequestJudge.Judge(new WaveRequest(stem, query, random.Next(2) == 0 ? "GET" : "POST", random.Next(2) == 0 ? "200" : "401", random.Next(2) == 0, null));
            if (match is not null)
            {
                Assert.NotNull(WaveRequestRules.Iis.For(match));
                Assert.NotNull(WaveRequestRules.HttpProxy.For(match));
            }
        }
    }

    [Fact]
    public void A_token_that_is_not_one_names_nobody()
    {
        Assert.Null(RpsToken.Describe("not base64!"));
        Assert.Null(RpsToken.Describe("AAAA"));
        Assert.Null(RpsToken.FromUrl("/powershell?X-Rps-CAT=VgEAVAdXaW5"));
    }
}
