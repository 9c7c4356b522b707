using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Builds;
using HafniumTools.Model;

namespace HafniumTools.Reporting;

/// <summary>
/// One server's audit as the report shows it, read from a live or a deserialized <see cref="ServerAudit"/>. A status
/// that cannot be read is <see cref="AuditStatus.Unknown"/>, never Clean.
/// </summary>
internal sealed class ServerReport
{
    public string ComputerName { get; init; } = string.Empty;

    public AuditStatus Status { get; init; }

    public string Summary { get; init; } = string.Empty;

    public IReadOnlyList<string> DecidingRuleIds { get; init; } = [];

    /// <summary>The verdict for each campaign, in the audit's order.</summary>
    public IReadOnlyList<CampaignRow> Campaigns { get; init; } = [];

    public ProxyLogonStatus PatchStatus { get; init; }

    public string Build { get; init; } = string.Empty;

    /// <summary>The build's catalog name (product, CU and SU), when the build audit is there.</summary>
    public string BuildName { get; init; } = string.Empty;

    public IReadOnlyList<string> OpenCves { get; init; } = [];

    /// <summary>The ProxyLogon CVEs among <see cref="OpenCves"/> (the build audit's MissingCves).</summary>
    public IReadOnlyList<string> ProxyLogonCves { get; init; } = [];

    public DateTime? FirstHostileActivity { get; init; }

    public DateTime? LastHostileActivity { get; init; }

    public IReadOnlyList<string> AttackerAddresses { get; init; } = [];

    public IReadOnlyList<string> PlantedFiles { get; init; } = [];

    public IReadOnlyList<TimelineRow> Timeline { get; init; } = [];

    public IReadOnlyList<CoverageRow> Coverage { get; init; } = [];

    public IReadOnlyList<string> CoverageGaps { get; init; } = [];

    public IReadOnlyList<string> Errors { get; init; } = [];

    public IReadOnlyList<string> RecommendedActions { get; init; } = [];

    /// <summary>The findings, oldest first (a file's last write standing for its time), those without a time last.</summary>
    public IReadOnlyList<FindingRow> Findings { get; init; } = [];

    public DateTime? AuditedAt { get; init; }

    public string Origin { get; init; } = string.Empty;

    public static ServerReport Read(AuditRecord audit)
    {
        if (audit is null)
        {
            throw new ArgumentNullException(nameof(audit));
        }

        return new ServerReport
        {
            ComputerName = audit.Text(nameof(ServerAudit.ComputerName)),
            Status = audit.Member(nameof(ServerAudit.Status), AuditStatus.Unknown),
            Summary = audit.Text(nameof(ServerAudit.Summary)),
            DecidingRuleIds = audit.Texts(nameof(ServerAudit.DecidingRuleIds)),
            Campaigns = audit.Records(nameof(ServerAudit.Campaigns)).Select(CampaignRow.Read).ToList(),
            PatchStatus = audit.Member(nameof(ServerAudit.PatchStatus), ProxyLogonStatus.Unknown),
            Build = audit.Text(nameof(ServerAudit.Build)),
            BuildName = audit.Text(nameof(ServerAudit.BuildName)),
            OpenCves = audit.Texts(nameof(ServerAudit.OpenCves)),
            ProxyLogonCves = audit.Texts(nameof(ServerAudit.MissingCves)),
            FirstHostileActivity = audit.Time(nameof(ServerAudit.FirstHostileActivity)),
            LastHostileActivity = audit.Time(nameof(ServerAudit.LastHostileActivity)),
            AttackerAddresses = audit.Texts(nameof(ServerAudit.AttackerAddresses)),
            PlantedFiles = audit.Texts(nameof(ServerAudit.PlantedFiles)),
            Timeline = audit.Records(nameof(ServerAudit.Timeline)).Select(TimelineRow.Read).ToList(),
            Coverage = audit.Records(nameof(ServerAudit.Coverage)).Select(CoverageRow.Read).ToList(),
            CoverageGaps = audit.Texts(nameof(ServerAudit.CoverageGaps)),
            Errors = audit.Texts(nameof(ServerAudit.Errors)),
            RecommendedActions = audit.Texts(nameof(ServerAudit.RecommendedActions)),
            Findings = audit.Records(nameof(ServerAudit.Findings)).Select(FindingRow.Read).OrderBy(f => f.Time ?? DateTime.MaxValue).ToList(),
            AuditedAt = audit.Time(nameof(ServerAudit.AuditedAt)),
            Origin = audit.Text(nameof(ServerAudit.Origin)),
        };
    }
}
