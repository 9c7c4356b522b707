using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Reporting;

/// <summary>One campaign's verdict for a server as the report shows it.</summary>
internal sealed class CampaignRow
{
    /// <summary>The campaign's name as the audit gave it (a name this module does not know stays as text).</summary>
    public string Campaign { get; init; } = string.Empty;

    public AuditStatus Status { get; init; }

    public CampaignPatchStatus PatchStatus { get; init; }

    public IReadOnlyList<string> MissingCves { get; init; } = [];

    public IReadOnlyList<string> DecidingRuleIds { get; init; } = [];

    public long Findings { get; init; }

    /// <summary>A status that cannot be read is Unknown, never Clean.</summary>
    public static CampaignRow Read(AuditRecord campaign) => new()
    {
        Campaign = campaign.Name<Campaign>(nameof(CampaignStatus.Campaign)),
        Status = campaign.Member(nameof(CampaignStatus.Status), AuditStatus.Unknown),
        PatchStatus = campaign.Member(nameof(CampaignStatus.PatchStatus), CampaignPatchStatus.Unknown),
        MissingCves = campaign.Texts(nameof(CampaignStatus.MissingCves)),
        DecidingRuleIds = campaign.Texts(nameof(CampaignStatus.DecidingRuleIds)),
        Findings = campaign.Number(nameof(CampaignStatus.Findings)) ?? 0,
    };

    /// <summary>One line: "ProxyShell: Exploited, patch Vulnerable (CVE-2021-31207)".</summary>
    public override string ToString() =>
        Campaign + ": " + Status + ", patch " + PatchStatus + (MissingCves.Count == 0 ? string.Empty : " (" + string.Join(", ", MissingCves) + ")");
}
