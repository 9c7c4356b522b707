using System;
using System.IO;
using System.Linq;
using HafniumTools.Logs;
using HafniumTools.Logs.HttpProxy;
using HafniumTools.Model;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Logs;

public class HttpProxyRuleTests
{
    private static readonly Lazy<HuntResult> FixtureHunt = new(() => Hunt([Fixture("triage"), Fixture("edge")]));

    [Fact]
    public void Every_fixture_row_gets_exactly_the_expected_rule_and_nothing_else()
    {
        var expected = File.ReadAllLines(Fixture("expected-findings.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Select(p => (Path: p[0], Line: long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), Rule: p[2]))
            .OrderBy(x => x.Path, StringComparer.Ordinal).ThenBy(x => x.Line).ToList();
        var actual = FixtureHunt.Value.Findings
            .Where(f => f.RuleId.StartsWith("HT-HP-", StringComparison.Ordinal))
            .Select(f => (Path: Relative(f.Path!), Line: f.LineNumber!.Value, Rule: f.RuleId))
            .OrderBy(x => x.Path, StringComparer.Ordinal).ThenBy(x => x.Line).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_clean_server_produces_no_finding_at_all()
    {
        Assert.DoesNotContain(FixtureHunt.Value.Findings, f => f.Path!.Contains("EXCH02", StringComparison.Ordinal));
        Assert.Contains(FixtureHunt.Value.Coverage, c => c.ComputerName == "EXCH02" && c.Lines > 0);
    }

    [Fact]
    public void The_ecp_logon_finding_carries_the_row_evidence()
    {
        var f = Assert.Single(FixtureHunt.Value.Findings, x => x.RuleId == "HT-HP-010");
        Assert.Equal("EXCH01", f.ComputerName);
        Assert.Equal(Verdict.Exploitation, f.Verdict);
        Assert.Equal(Severity.Critical, f.Severity);
        Assert.Equal(["CVE-2021-26855"], f.Cve);
        Assert.Equal(241, f.HttpStatus);
        Assert.Equal("86.105.18.116", f.ClientIp);
        Assert.Equal("python-requests/2.25.1", f.UserAgent);
        Assert.Equal("ServerInfo~a]@exch01.contoso.com:444/ecp/proxyLogon.ecp?#", f.AnchorMailbox);
        Assert.Equal("POST", f.Operation);
        Assert.Equal("https://mail.contoso.com/ecp/y.js", f.Url);
        Assert.Equal(new DateTime(2021, 3, 3, 3, 37, 27, 922, DateTimeKind.Utc), f.Timestamp);
        Assert.Equal(TimeSpan.Zero, f.Timestamp!.Value.Offset);
        Assert.StartsWith("2021-03-03T03:37:27.922Z,", f.RawText, StringComparison.Ordinal);
        Assert.EndsWith("HttpProxy_2021030303-1.LOG:12", f.Evidence, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(f.Rationale));
    }

    [Fact]
    public void A_reset_answered_500_is_still_exploitation_and_says_to_look_for_the_file()
    {
        var resets = FixtureHunt.Value.Findings.Where(x => x.RuleId == "HT-HP-012").OrderBy(x => x.Timestamp).ToList();
        Assert.Equal([200, 500], resets.Select(r => r.HttpStatus!.Value));
        Assert.All(resets, r => Assert.Equal(Verdict.Exploitation, r.Verdict));
        Assert.All(resets, r => Assert.Contains("CVE-2021-27065", r.Cve));
        Assert.Contains("may still have been written", resets[1].Detail, StringComparison.Ordinal);
        Assert.Contains("succeeded", resets[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Attempts_and_probes_are_never_exploitation()
    {
        var weak = FixtureHunt.Value.Findings.Where(f => f.RuleId is "HT-HP-020" or "HT-HP-021" or "HT-HP-030" or "HT-HP-031" or "HT-HP-052").ToList();
        Assert.NotEmpty(weak);
        Assert.All(weak, f => Assert.Contains(f.Verdict, new[] { Verdict.Attempt, Verdict.Probe }));
        Assert.All(weak, f => Assert.True(f.Severity <= Severity.Medium));
    }

    [Fact]
    public void Quoted_fields_with_commas_and_doubled_quotes_keep_columns_aligned()
    {
        var quoted = Assert.Single(FixtureHunt.Value.Findings, f => f.Path!.EndsWith("quoted.log", StringComparison.Ordinal));
        Assert.Equal("python-requests/2.25.1 (probe, \"x\")", quoted.UserAgent);
        Assert.Equal("ServerInfo~a]@exch03.contoso.com:444/mapi/emsmdb/?#", quoted.AnchorMailbox);
        var sweep = Assert.Single(FixtureHunt.Value.Findings, f => f.Url!.EndsWith("OutlookEN.aspx", StringComparison.Ordinal));
        Assert.Equal("Mozilla/5.0 (compatible, \"Sweeper\" 1.0)", sweep.UserAgent);
        Assert.Equal(302, sweep.HttpStatus);
    }

    [Fact]
    public void Look_alike_names_say_which_page_they_imitate()
    {
        var f = Assert.Single(FixtureHunt.Value.Findings, x => x.RuleId == "HT-HP-051");
        Assert.Equal(Verdict.Compromise, f.Verdict);
        Assert.Contains("owa/auth/redirsuiteserviceproxy.aspx", f.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("ServerInfo~exch01.contoso.com", null)]
    [InlineData("ServerInfo~a]@exch01.contoso.com:444/mapi/emsmdb/?#", "HT-HP-001")]
    [InlineData("serverinfo~A]@EXCH01:444/ECP/PROXYLOGON.ECP?#", "HT-HP-001")]
    [InlineData("ServerInfo~localhost/ecp/default.flt?", "HT-HP-030")]
    [InlineData("ServerInfo~127.0.0.1:444/ecp/default.flt?", "HT-HP-030")]
    [InlineData("ServerInfo~x.oastify.com/ecp/y.js", "HT-HP-031")]
    [InlineData("ServerInfo~k2v9q7.probe-example.net/", "HT-HP-031")]
    [InlineData("ServerInfo~K2V9Q7.UNLISTED-COLLAB.IO/Q8zX1", "HT-HP-031")]
    [InlineData("ServerInfo~a]@203.0.113.7:8443/x?#", "HT-HP-031")]
    [InlineData("ServerInfo~a]@exch01.contoso.com:444/ecpx/y", "HT-HP-031")]
    [InlineData("ServerInfo~a]@exch01:444/autodiscover/autodiscover.xml?#", "HT-HP-020")]
    [InlineData("ServerInfo~a]@exch01:444/ews/exchange.asmx?#", "HT-HP-013")]
    [InlineData("ServerInfo~a]@localhost:444/ecp/DDI/DDIService.svc/SetObject?schema=ResetOABVirtualDirectory#", "HT-HP-012")]
    [InlineData("SMTP:admin@contoso.com", null)]
    [InlineData("Sid~S-1-5-21-1-2-3-500", null)]
    [InlineData("", null)]
    public void Anchor_shapes_map_to_rules(string anchor, string? rule)
    {
        var findings = Evaluate(("AnchorMailbox", anchor), ("UrlStem", "/ecp/y.js"), ("HttpStatus", "200"));
        Assert.Equal(rule, findings.SingleOrDefault()?.RuleId);
    }

    [Theory]
    [InlineData("/owa/auth/logon.aspx", "200", "False", "", null)]
    [InlineData("/OWA/AUTH/LOGON.ASPX", "200", "False", "", null)]
    [InlineData("/owa/auth/OutlookCN.aspx", "200", "False", "", null)]
    [InlineData("/owa/auth/OutlookZH.aspx", "200", "False", "", "HT-HP-051")]
    [InlineData("/owa/auth/ohyeah.aspx", "200", "False", "", "HT-HP-050")]
    [InlineData("/ecp/auth/TimeoutLogout.aspx", "200", "False", "", null)]
    [InlineData("/ecp/auth/TimeoutLogoff.aspx", "200", "False", "", "HT-HP-051")]
    [InlineData("/oab/log.aspx", "200", "False", "", "HT-HP-050")]
    [InlineData("/owa/auth/ohyeah.aspx", "302", "False", "", "HT-HP-052")]
    [InlineData("/owa/auth/ohyeah.aspx", "404", "False", "", "HT-HP-052")]
    [InlineData("/owa/auth/ohyeah.aspx", "200", "True", "CONTOSO\\jdoe", null)]
    [InlineData("/owa/auth/ohyeah.aspx", "200", "False", "CONTOSO\\jdoe", null)]
    [InlineData("/owa/auth/x.js", "200", "False", "", null)]
    [InlineData("/aspnet_client/shell.aspx", "200", "False", "", null)]
    public void Pages_in_exchange_folders(string stem, string status, string isAuthenticated, string user, string? rule)
    {
        var findings = Evaluate(("UrlStem", stem), ("HttpStatus", status), ("IsAuthenticated", isAuthenticated), ("AuthenticatedUser", user));
        Assert.Equal(rule, findings.SingleOrDefault()?.RuleId);
    }

    [Fact]
    public void Every_rule_has_id_cve_and_rationale_and_ids_are_unique()
    {
        var rules = new HttpProxyRules().Rules;
        Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct().Count());
        Assert.All(rules, r => Assert.Matches("^HT-HP-\\d{3}$", r.Id));
        Assert.All(rules, r => Assert.Contains("CVE-2021-26855", r.Cve));
        Assert.All(rules, r => Assert.DoesNotContain('\n', r.Rationale));
    }

    [Fact]
    public void The_rule_set_and_its_hints_are_discovered_by_reflection()
    {
        var plugins = LogRegistry.Module;
        Assert.Contains(plugins.RulesFor(LogKind.HttpProxy), r => r is HttpProxyRules);
        Assert.NotNull(plugins.PrefilterFor(LogKind.HttpProxy));
    }

    [Theory]
    [InlineData("ServerInfo~zq81v0a2.collab-unlisted.example/", "200")]
    [InlineData("ServerInfo~zq81v0a2.collab-unlisted.example/", "500")]
    [InlineData("ServerInfo~zq81v0a2.collab-unlisted.example/zq81v0a2", "241")]
    public void An_out_of_band_probe_to_an_unlisted_domain_is_a_probe_never_exploitation(string anchor, string status)
    {
        var findings = Evaluate(("AnchorMailbox", anchor), ("UrlStem", "/ecp/x.js"), ("HttpStatus", status), ("RoutingHint", "X-BEResource-Cookie"));

        var probe = Assert.Single(findings);
        Assert.Equal("HT-HP-031", probe.RuleId);
        Assert.Equal(Verdict.Probe, probe.Verdict);
        Assert.Contains("no Exchange path", probe.Detail, StringComparison.Ordinal);
    }

    private static System.Collections.Generic.List<Finding> Evaluate(params (string Name, string Value)[] fields)
    {
        var names = LogFieldMap.HttpProxyFields;
        var values = names.Select(n => fields.FirstOrDefault(f => f.Name == n).Value ?? DefaultValue(n)).ToArray();
        string line = string.Join(",", values.Select(v => v.Contains(',', StringComparison.Ordinal) ? "\"" + v + "\"" : v));
        string dir = TempDir();
        try
        {
            string path = Path.Combine(dir, "row.log");
            File.WriteAllText(path, string.Join(",", names) + "\r\n" + line + "\r\n");
            return Hunt([path]).Findings;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static string DefaultValue(string name) => name switch
    {
        "DateTime" => "2021-03-03T03:00:00.000Z",
        "Protocol" => "Owa",
        "UrlHost" => "mail.contoso.com",
        "IsAuthenticated" => "False",
        "ServerHostName" => "EXCH09",
        "HttpStatus" => "200",
        "Method" => "GET",
        "UserAgent" => "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
        _ => string.Empty,
    };
}
