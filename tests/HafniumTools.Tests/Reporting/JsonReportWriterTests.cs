using System;
using System.IO;
using System.Linq;
using HafniumTools.Core;
using HafniumTools.Model;
using HafniumTools.Reporting;
using Xunit;

namespace HafniumTools.Tests.Reporting;

public class JsonReportWriterTests
{
    [Fact]
    public void The_fleet_verdict_reads_back_with_the_server_audits_own_property_names()
    {
        const string Hostile = "</script><script>alert(1)</script>\u2028";
        var report = FleetReport.Create("Fleet", new DateTime(2021, 3, 10, 12, 0, 0, DateTimeKind.Utc),
        [
            ReportSamples.Audit("EX02", AuditStatus.Clean),
            ReportSamples.Audit("EX01", AuditStatus.Compromised, ReportSamples.Finding(userAgent: Hostile)),
        ]);
        using var text = new StringWriter();

        JsonReportWriter.Write(report, text);
        var json = JsonParser.Parse(text.ToString());

        Assert.Equal("Compromised", json["WorstStatus"]!.AsString);
        Assert.Equal("2021-03-10T12:00:00Z", json["GeneratedAt"]!.AsString);
        Assert.True(json["StatusCounts"]!["Compromised"]!.TryGetInt32(out int compromised) && compromised == 1);
        Assert.Equal(["EX01", "EX02"], json["Servers"]!.Items.Select(s => s[nameof(ServerAudit.ComputerName)]!.AsString));
        var finding = json["Servers"]!.Items[0][nameof(ServerAudit.Findings)]!.Items.Single();
        Assert.Equal(Hostile, finding[nameof(Finding.UserAgent)]!.AsString);
        Assert.Equal("High", finding[nameof(Finding.Severity)]!.AsString);
        Assert.Equal(["CVE-2021-26855"], finding[nameof(Finding.Cve)]!.Items.Select(c => c.AsString));
        Assert.DoesNotContain("</script>", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_server_carries_its_verdict_per_campaign_and_each_finding_its_campaign()
    {
        var audit = new ServerAudit
        {
            ComputerName = "EXCH07",
            Status = AuditStatus.Exploited,
            Campaigns = new CampaignStatusList(
            [
                new CampaignStatus { Campaign = Campaign.ProxyLogon, Status = AuditStatus.Clean, PatchStatus = CampaignPatchStatus.Patched },
                new CampaignStatus { Campaign = Campaign.ProxyShell, Status = AuditStatus.Exploited, PatchStatus = CampaignPatchStatus.Vulnerable, MissingCves = new TextList(["CVE-2021-31207"]), DecidingRuleIds = new TextList(["HT-RPS-010"]), Findings = 3 },
            ]),
            Findings = new FindingList([ReportSamples.Finding()]),
        };
        using var text = new StringWriter();

        JsonReportWriter.Write(FleetReport.Create(null, DateTime.UtcNow, [audit]), text);
        var server = JsonParser.Parse(text.ToString())["Servers"]!.Items.Single();

        var campaigns = server[nameof(ServerAudit.Campaigns)]!.Items;
        Assert.Equal(["ProxyLogon", "ProxyShell"], campaigns.Select(c => c[nameof(CampaignStatus.Campaign)]!.AsString));
        Assert.Equal(["Clean", "Exploited"], campaigns.Select(c => c[nameof(CampaignStatus.Status)]!.AsString));
        Assert.Equal("Vulnerable", campaigns[1][nameof(CampaignStatus.PatchStatus)]!.AsString);
        Assert.Equal(["CVE-2021-31207"], campaigns[1][nameof(CampaignStatus.MissingCves)]!.Items.Select(c => c.AsString));
        Assert.Equal(["HT-RPS-010"], campaigns[1][nameof(CampaignStatus.DecidingRuleIds)]!.Items.Select(c => c.AsString));
        Assert.Equal("ProxyLogon", server[nameof(ServerAudit.Findings)]!.Items.Single()[nameof(Finding.Campaign)]!.AsString);
    }
}
