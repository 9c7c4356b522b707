using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Model;

namespace HafniumTools.Builds;

/// <summary>
/// Whether an audited build carries one campaign's fixes, read from what the build auditor already decided for every
/// catalogued CVE (open, unverified, affecting the product): ProxyLogon is the build's own ProxyLogon verdict, the
/// later campaigns are judged the same way on their CVEs.
/// </summary>
internal static class CampaignPatchCheck
{
    public static (CampaignPatchStatus Status, string[] Missing) Judge(BuildAudit? build, Campaign campaign)
    {
        if (build is null)
        {
            return (CampaignPatchStatus.Unknown, []);
        }

        if (campaign == Campaign.ProxyLogon)
        {
            return (build.ProxyLogonStatus switch
            {
                ProxyLogonStatus.Patched => CampaignPatchStatus.Patched,
                ProxyLogonStatus.Vulnerable => CampaignPatchStatus.Vulnerable,
                ProxyLogonStatus.Indeterminate => CampaignPatchStatus.Indeterminate,
                ProxyLogonStatus.NotApplicable => CampaignPatchStatus.NotApplicable,
                _ => CampaignPatchStatus.Unknown,
            }, build.MissingCves.Items);
        }

        // A build the catalog could not place (newer than it, off every line, not Exchange) is not judged for any campaign.
        if (build.ProxyLogonStatus == ProxyLogonStatus.Unknown)
        {
            return (CampaignPatchStatus.Unknown, []);
        }

        var affecting = CampaignCves.Of(campaign).Where(c => build.AffectedCves.Contains(c, StringComparer.Ordinal)).ToArray();
        if (affecting.Length == 0)
        {
            return (CampaignPatchStatus.NotApplicable, []);
        }

        string[] missing = affecting.Where(c => build.OpenCves.Items.Contains(c, StringComparer.Ordinal)).ToArray();
        return missing.Length > 0 ? (CampaignPatchStatus.Vulnerable, missing)
            : affecting.Any(c => build.UnverifiedCves.Items.Contains(c, StringComparer.Ordinal)) ? (CampaignPatchStatus.Indeterminate, [])
            : (CampaignPatchStatus.Patched, []);
    }

    /// <summary>Every campaign, in campaign order.</summary>
    public static IReadOnlyList<Campaign> Campaigns { get; } = (Campaign[])Enum.GetValues(typeof(Campaign));
}
