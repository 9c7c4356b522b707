using System.Globalization;

namespace HafniumTools.Model;

/// <summary>
/// One server's verdict for one campaign (<see cref="ServerAudit.Campaigns"/>): what the findings of that campaign's
/// rules show (a server can be Clean for ProxyLogon and Exploited through ProxyShell), whether the build carries the
/// campaign's fixes, which of its CVEs the build still lacks, and the rules that decided it.
/// </summary>
public sealed class CampaignStatus
{
    public Campaign Campaign { get; init; }

    /// <summary>The worst the campaign's findings show; Clean or Unknown as the server's evidence allows when it has none.</summary>
    public AuditStatus Status { get; init; }

    /// <summary>Whether the build carries the fixes for the campaign's CVEs.</summary>
    public CampaignPatchStatus PatchStatus { get; init; }

    /// <summary>The campaign's CVEs still open on the build, from the build catalog.</summary>
    public TextList MissingCves { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>The rules that decided <see cref="Status"/>, in id order.</summary>
    public TextList DecidingRuleIds { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>How many of the server's findings belong to the campaign.</summary>
    public int Findings { get; init; }

    public override string ToString() => DisplayText.Escape(string.Format(
        CultureInfo.InvariantCulture,
        "{0}: {1}, patch {2}{3}{4}",
        Campaign,
        Status,
        PatchStatus,
        MissingCves.Count == 0 ? string.Empty : " (open: " + MissingCves + ")",
        DecidingRuleIds.Count == 0 ? string.Empty : " [" + DecidingRuleIds + "]"))!;
}
