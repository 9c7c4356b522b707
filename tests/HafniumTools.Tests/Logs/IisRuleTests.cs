using System;
using System.Linq;
using HafniumTools.Logs;
using HafniumTools.Logs.Iis;
using HafniumTools.Model;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Logs;

public class IisRuleTests
{
    private static readonly Lazy<HuntResult> Iis = new(() => Hunt([Fixture("iis")]));

    [Fact]
    public void Every_iis_row_gets_the_expected_rule()
    {
        var actual = Iis.Value.Findings.OrderBy(f => f.LineNumber).Select(f => (f.LineNumber!.Value, f.RuleId)).ToList();
        Assert.Equal(
            [(9L, "HT-IIS-003"), (10L, "HT-IIS-002"), (11L, "HT-IIS-003"), (13L, "HT-IIS-051"), (14L, "HT-IIS-050"), (15L, "HT-IIS-052"), (16L, "HT-IIS-052"), (18L, "HT-IIS-001")],
            actual);
    }

    [Fact]
    public void Iis_findings_carry_the_request_with_readable_user_agents_and_utc_times()
    {
        var shell = Assert.Single(Iis.Value.Findings, f => f.RuleId == "HT-IIS-050");
        Assert.Equal("EXCH01", shell.ComputerName);
        Assert.Equal(FindingCategory.Iis, shell.Category);
        Assert.Equal(Verdict.Compromise, shell.Verdict);
        Assert.Equal("/aspnet_client/system_web/xpy07b5a.aspx", shell.Url);
        Assert.Equal("5.2.69.14", shell.ClientIp);
        Assert.Equal("Mozilla/5.0 (compatible; Baiduspider/2.0;  http://www.baidu.com/search/spider.html)", shell.UserAgent);
        Assert.Equal(new DateTime(2021, 3, 3, 6, 50, 0, DateTimeKind.Utc), shell.Timestamp);
        Assert.Equal("POST", shell.Operation);
        var logon = Assert.Single(Iis.Value.Findings, f => f.RuleId == "HT-IIS-002");
        Assert.Equal(241, logon.HttpStatus);
        Assert.Equal(Verdict.Exploitation, logon.Verdict);
    }

    [Fact]
    public void Iis_coverage_is_per_site()
    {
        var coverage = Assert.Single(Iis.Value.Coverage);
        Assert.Equal(FindingCategory.Iis, coverage.Category);
        Assert.Equal("IIS/W3SVC1", coverage.Source);
        Assert.Equal(14, coverage.Lines);
        Assert.Equal(new DateTime(2021, 3, 3, 3, 30, 0, DateTimeKind.Utc), coverage.FirstTimestamp);
        Assert.Equal(new DateTime(2021, 3, 4, 12, 5, 0, DateTimeKind.Utc), coverage.LastTimestamp);
    }

    [Fact]
    public void The_iis_rule_set_is_discovered_and_its_ids_are_unique()
    {
        Assert.Contains(LogRegistry.Module.RulesFor(LogKind.IisW3c), r => r is IisRules);
        var ids = IisRuleCatalog.All.Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.DoesNotContain(ids, id => HafniumTools.Logs.HttpProxy.HttpProxyRuleCatalog.All.Any(r => r.Id == id));
    }
}
