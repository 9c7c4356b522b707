using System;
using System.IO;
using System.Linq;
using System.Threading;
using HafniumTools.Files;
using HafniumTools.Model;
using HafniumTools.Tests.Files;
using Xunit;

namespace HafniumTools.Tests.Waves;

/// <summary>The ProxyNotShell URL-rewrite mitigation on disk (Fixtures/Waves/mitigation), reported as context with what it does not stop.</summary>
public class UrlRewriteMitigationTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Waves", "mitigation");
    private static readonly Lazy<RecordingSink> Scan = new(() =>
    {
        var sink = new RecordingSink();
        FileScan.WebShells([new ScanRoot(Root)], new FileScanOptions { ThrottleLimit = 2 }, sink, CancellationToken.None);
        return sink;
    });

    private static Finding[] In(string folder) =>
        Scan.Value.Findings.Where(f => Path.GetFileName(Path.GetDirectoryName(f.Path)) == folder).ToArray();

    [Theory]
    [InlineData("v1-2022-09-29", "2022-09-29", "%50owershell")]
    [InlineData("v2-2022-10-03", "2022-10-03", "%50owershell")]
    [InlineData("v3-2022-10-05", "2022-10-05", "'powershell' before 'autodiscover.json'")]
    [InlineData("final-2022-10-07", "final 2022-10-07", "OWASSRF")]
    public void Each_rule_version_is_named_with_the_bypasses_it_does_not_stop(string folder, string version, string bypass)
    {
        var finding = Assert.Single(In(folder));
        Assert.Equal("HT-MIT-001", finding.RuleId);
        Assert.Equal(Verdict.Context, finding.Verdict);
        Assert.Equal(Campaign.ProxyNotShell, finding.Campaign);
        Assert.Contains(version, finding.Detail, StringComparison.Ordinal);
        Assert.Contains(bypass, finding.Detail, StringComparison.Ordinal);
        Assert.Contains("OWASSRF", finding.Detail, StringComparison.Ordinal);
        Assert.Equal(6, finding.LineNumber);
    }

    [Fact]
    public void The_final_version_is_not_said_to_miss_encoded_requests()
    {
        var finding = Assert.Single(In("final-2022-10-07"));
        Assert.DoesNotContain("%50owershell", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_child_config_that_clears_the_rules_is_an_anomaly_and_other_rewrite_rules_are_silent()
    {
        Assert.Equal("HT-MIT-002", Assert.Single(In("cleared-child")).RuleId);
        Assert.Empty(In("no-mitigation"));
    }
}
