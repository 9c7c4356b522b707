using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Builds;
using HafniumTools.Model;
using HafniumTools.Reporting;
using Xunit;

namespace HafniumTools.Tests.Reporting;

public class FleetReportTests
{
    private static readonly DateTime Now = new(2021, 3, 10, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Servers_come_worst_first_then_least_patched_then_by_name()
    {
        var report = FleetReport.Create(null, Now,
        [
            ReportSamples.Audit("b-clean", AuditStatus.Clean),
            ReportSamples.Audit("z-owned", AuditStatus.Compromised),
            ReportSamples.Audit("a-unknown", AuditStatus.Unknown),
            ReportSamples.Audit("c-probed", AuditStatus.Probed),
            ReportSamples.Audit("a-owned", AuditStatus.Compromised),
            new ServerAudit { ComputerName = "m-owned", Status = AuditStatus.Compromised, PatchStatus = ProxyLogonStatus.Vulnerable },
        ]);

        Assert.Equal(["m-owned", "a-owned", "z-owned", "c-probed", "a-unknown", "b-clean"], report.Servers.Select(s => s.ComputerName));
        Assert.Equal(AuditStatus.Compromised, report.WorstStatus);
        Assert.Equal(
            [(AuditStatus.Compromised, 3), (AuditStatus.Exploited, 0), (AuditStatus.Attempted, 0), (AuditStatus.Probed, 1), (AuditStatus.Unknown, 1), (AuditStatus.Clean, 1)],
            report.StatusCounts);
        Assert.Equal(FleetReport.DefaultTitle, report.Title);
    }

    [Fact]
    public void An_empty_report_has_no_worst_status()
    {
        var report = FleetReport.Create("t", Now, Array.Empty<ServerAudit>());

        Assert.Null(report.WorstStatus);
        Assert.All(report.StatusCounts, c => Assert.Equal(0, c.Count));
    }

    [Fact]
    public void A_live_audit_is_read_whole()
    {
        var finding = ReportSamples.Finding();
        var server = FleetReport.Create(null, Now, [ReportSamples.Audit("EX01", AuditStatus.Exploited, finding)]).Servers.Single();

        var row = Assert.Single(server.Findings);
        Assert.Equal(("EX01", AuditStatus.Exploited, "Exploited: EX01"), (server.ComputerName, server.Status, server.Summary));
        Assert.Equal((Severity.High, Verdict.Exploitation, AttackStage.Ssrf, "HttpProxy"), (row.Severity, row.Verdict, row.Stage, row.Category));
        Assert.Equal((finding.Timestamp, "HT-T-RPT", "python-requests/2.25.1", "192.0.2.7"), (row.Time, row.RuleId, row.UserAgent, row.ClientIp));
        Assert.Equal(["CVE-2021-26855"], row.Cve);
        Assert.Equal(new DateTime(2021, 3, 10, 9, 0, 0, DateTimeKind.Utc), server.AuditedAt);
        Assert.Null(server.FirstHostileActivity);
    }

    [Fact]
    public void An_audit_that_crossed_a_boundary_is_read_by_the_same_names_with_enums_as_names_or_numbers()
    {
        var bag = new BagRecord(new Dictionary<string, object?>
        {
            ["ComputerName"] = "EX09",
            ["Status"] = "5",
            ["PatchStatus"] = "Vulnerable",
            ["Build"] = "15.1.2106.2",
            ["OpenCves"] = new ArrayList { "CVE-2021-26855", "CVE-2021-27065" },
            ["FirstHostileActivity"] = "2021-03-03T03:30:00Z",
            ["Findings"] = new ArrayList
            {
                new Dictionary<string, object?> { ["Severity"] = 4L, ["Verdict"] = "Compromise", ["Stage"] = "ShellAnswered", ["Category"] = "1", ["UserAgent"] = "<x>", ["HttpStatus"] = 200 },
            },
            ["Timeline"] = new ArrayList { new Dictionary<string, object?> { ["Stage"] = "Ssrf", ["Count"] = "3" } },
            ["Coverage"] = new ArrayList { new Dictionary<string, object?> { ["Source"] = "HttpProxy/Owa", ["Files"] = 4, ["Bytes"] = 4096L } },
        });

        var server = FleetReport.Create(null, Now, [bag]).Servers.Single();

        Assert.Equal((AuditStatus.Compromised, ProxyLogonStatus.Vulnerable, "15.1.2106.2"), (server.Status, server.PatchStatus, server.Build));
        Assert.Equal(["CVE-2021-26855", "CVE-2021-27065"], server.OpenCves);
        Assert.Equal(new DateTime(2021, 3, 3, 3, 30, 0, DateTimeKind.Utc), server.FirstHostileActivity);
        var finding = Assert.Single(server.Findings);
        Assert.Equal((Severity.Critical, Verdict.Compromise, AttackStage.ShellAnswered, "HttpProxy", "<x>", "200"), (finding.Severity, finding.Verdict, finding.Stage, finding.Category, finding.UserAgent, finding.HttpStatus));
        Assert.Equal((AttackStage.Ssrf, 3L), (server.Timeline.Single().Stage, server.Timeline.Single().Count));
        Assert.Equal(("HttpProxy/Owa", 4L, 4096L), (server.Coverage.Single().Source, server.Coverage.Single().Files, server.Coverage.Single().Bytes));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Pwned")]
    [InlineData("99")]
    public void A_status_that_cannot_be_read_is_unknown_never_clean(string? status)
    {
        var server = FleetReport.Create(null, Now, [new BagRecord(new Dictionary<string, object?> { ["ComputerName"] = "EX09", ["Status"] = status })]).Servers.Single();

        Assert.Equal(AuditStatus.Unknown, server.Status);
    }

    [Fact]
    public void A_property_the_live_model_lacks_is_a_programming_error()
    {
        var record = new ObjectRecord(new ServerAudit());

        Assert.Throws<ArgumentException>(() => record.Text("NoSuchProperty"));
    }

    /// <summary>A property bag, as a hashtable or ConvertFrom-Json output arrives.</summary>
    private sealed class BagRecord(IDictionary<string, object?> values) : AuditRecord
    {
        protected override object? Value(string property) => values.TryGetValue(property, out var value) ? value : null;

        protected override AuditRecord Wrap(object item) => new BagRecord((IDictionary<string, object?>)item);
    }
}
