using System;
using System.Linq;
using System.Text.RegularExpressions;
using HafniumTools.Model;
using HafniumTools.Reporting;
using Xunit;

namespace HafniumTools.Tests.Reporting;

public class HtmlReportWriterTests
{
    private const string Payload = "<img src=x onerror=alert(1)>\"'</script><!--";

    [Fact]
    public void The_policy_allows_exactly_the_inline_style_and_script_the_page_carries()
    {
        string html = Document(ReportSamples.Audit("EX01", AuditStatus.Clean));
        string script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        string style = Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
        string policy = System.Net.WebUtility.HtmlDecode(Regex.Match(html, "http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\"").Groups[1].Value);

        Assert.StartsWith("default-src 'none'; ", policy, StringComparison.Ordinal);
        Assert.Contains("script-src '" + ReportAssets.Hash(script) + "'", policy, StringComparison.Ordinal);
        Assert.Contains("style-src '" + ReportAssets.Hash(style) + "'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", script + style, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "<script"));
        Assert.Single(Regex.Matches(html, "<style"));
    }

    [Fact]
    public void Nothing_in_the_page_points_outside_it()
    {
        string html = Document(ReportSamples.Audit("EX01", AuditStatus.Compromised, ReportSamples.Finding(url: "https://attacker.example/x.js", userAgent: Payload)));

        // Evidence text cannot open a tag (every < in it is escaped), so a tag here is the report's own.
        Assert.Empty(Regex.Matches(html, "<[a-z][^>]*\\s(src|srcset|action|formaction|poster|background|data)=", RegexOptions.IgnoreCase));
        Assert.All(Regex.Matches(html, "\\shref=\"([^\"]*)\"").Select(m => m.Groups[1].Value), href => Assert.StartsWith("#server-", href, StringComparison.Ordinal));
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_in_every_field_is_written_escaped_never_raw()
    {
        var finding = ReportSamples.Finding(userAgent: Payload, url: Payload, title: Payload, anchor: Payload, detail: Payload);
        var audit = new ServerAudit
        {
            ComputerName = Payload,
            Status = AuditStatus.Compromised,
            Summary = Payload,
            Origin = Payload,
            AttackerAddresses = new TextList([Payload]),
            PlantedFiles = new TextList([Payload]),
            CoverageGaps = new TextList([Payload]),
            Errors = new TextList([Payload]),
            RecommendedActions = new TextList([Payload]),
            DecidingRuleIds = new TextList([Payload]),
            Findings = new FindingList([finding]),
            Timeline = new TimelineEventList([new TimelineEvent { Description = Payload, Evidence = Payload, ClientIp = Payload, RuleIds = new TextList([Payload]), Stage = AttackStage.Ssrf }]),
            Coverage = new ScanCoverageList([new ScanCoverage(Payload, FindingCategory.HttpProxy, Payload) { UnreadableFiles = 1, UnreadablePaths = new TextList([Payload]) }]),
        };

        string html = Document(audit, title: Payload);

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<!--", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "</script>"));
        Assert.True(Regex.Matches(html, Regex.Escape("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&lt;/script&gt;&lt;!--")).Count >= 16);
    }

    [Fact]
    public void A_report_without_servers_says_so()
    {
        string html = HtmlReportWriter.Document(FleetReport.Create(null, DateTime.UtcNow, Array.Empty<ServerAudit>()));

        Assert.Contains("No server audits were given to this report.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<table", html, StringComparison.Ordinal);
    }

    private static string Document(ServerAudit audit, string? title = null) =>
        HtmlReportWriter.Document(FleetReport.Create(title, DateTime.UtcNow, [audit]));
}
