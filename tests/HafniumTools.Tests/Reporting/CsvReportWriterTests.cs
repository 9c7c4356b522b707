using System;
using System.IO;
using System.Linq;
using HafniumTools.Model;
using HafniumTools.Reporting;
using Xunit;

namespace HafniumTools.Tests.Reporting;

public class CsvReportWriterTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")")]
    [InlineData("+cmd|' /C calc'!A0")]
    [InlineData("-2+3+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1+1)*cmd|' /C calc'!A0")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    [InlineData("\n=1+1")]
    [InlineData("\uff1d1+1")]
    public void A_cell_that_a_spreadsheet_would_read_as_a_formula_is_neutralised(string value) =>
        Assert.Equal("'" + value, SpreadsheetCell.Neutralize(value));

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; =x)")]
    [InlineData("15.1.2176.9")]
    [InlineData("'already text")]
    [InlineData("")]
    public void Other_cells_are_kept_as_they_are(string value) => Assert.Equal(value, SpreadsheetCell.Neutralize(value));

    [Fact]
    public void Every_evidence_cell_of_the_file_is_quoted_and_none_starts_a_formula()
    {
        const string Formula = "=cmd|' /C calc'!A0";
        var audit = ReportSamples.Audit("EX01", AuditStatus.Exploited, ReportSamples.Finding(userAgent: Formula, url: "+" + Formula, title: "@" + Formula, anchor: "-" + Formula, detail: "line1\n\"quoted\""));

        string csv = Write(audit);
        var cells = ReportSamples.CsvCells(csv).ToList();

        Assert.All(cells, c => Assert.DoesNotMatch("^[=+\\-@\t\r\n]", c));
        Assert.Contains("'" + Formula, cells);
        Assert.Contains("'+" + Formula, cells);
        Assert.Contains("'@" + Formula, cells);
        Assert.Contains("'-" + Formula, cells);
        Assert.Contains("line1\n\"quoted\"", cells);
    }

    [Fact]
    public void Each_finding_is_a_row_and_a_server_without_findings_still_has_one()
    {
        var attacked = ReportSamples.Audit("EX01", AuditStatus.Compromised, ReportSamples.Finding(), ReportSamples.Finding());
        var clean = ReportSamples.Audit("EX02", AuditStatus.Clean);

        var lines = Write(attacked, clean).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(4, lines.Length);
        Assert.StartsWith("\"ComputerName\",\"Status\",\"PatchStatus\",\"Build\",\"Summary\",\"Campaigns\",\"Time\"", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Count(l => l.StartsWith("\"EX01\",\"Compromised\"", StringComparison.Ordinal)));
        Assert.StartsWith("\"EX02\",\"Clean\"", lines[3], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Equal(25, ReportSamples.CsvCells(l).Count()));
    }

    [Fact]
    public void Each_row_carries_its_servers_verdict_per_campaign_and_its_findings_campaign()
    {
        var audit = new ServerAudit
        {
            ComputerName = "EXCH07",
            Status = AuditStatus.Exploited,
            Campaigns = new CampaignStatusList(
            [
                new CampaignStatus { Campaign = Campaign.ProxyLogon, Status = AuditStatus.Clean, PatchStatus = CampaignPatchStatus.Patched },
                new CampaignStatus { Campaign = Campaign.ProxyShell, Status = AuditStatus.Exploited, PatchStatus = CampaignPatchStatus.Vulnerable, MissingCves = new TextList(["CVE-2021-31207"]) },
            ]),
            Findings = new FindingList([ReportSamples.Finding()]),
        };

        var rows = Write(audit).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => ReportSamples.CsvCells(l).ToList()).ToList();

        int campaigns = rows[0].IndexOf("Campaigns"), campaign = rows[0].IndexOf("Campaign");
        Assert.Equal("ProxyLogon: Clean, patch Patched; ProxyShell: Exploited, patch Vulnerable (CVE-2021-31207)", rows[1][campaigns]);
        Assert.Equal("ProxyLogon", rows[1][campaign]);
    }

    private static string Write(params ServerAudit[] audits)
    {
        using var text = new StringWriter();
        CsvReportWriter.Write(FleetReport.Create(null, DateTime.UtcNow, audits), text);
        return text.ToString();
    }
}
