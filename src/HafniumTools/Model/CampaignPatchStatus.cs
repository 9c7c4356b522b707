namespace HafniumTools.Model;

/// <summary>
/// Whether a build carries the fixes for one campaign's CVEs (<see cref="CampaignStatus.PatchStatus"/>): the same
/// scale as the ProxyLogon verdict of a build, for ProxyShell, ProxyNotShell and OWASSRF too.
/// </summary>
public enum CampaignPatchStatus
{
    /// <summary>The build cannot be judged (no build, not in the catalog, or newer than the catalog).</summary>
    Unknown = 0,

    /// <summary>Every CVE of the campaign that affects the product is fixed at this build.</summary>
    Patched = 1,

    /// <summary>At least one CVE of the campaign is open at this build (see <see cref="CampaignStatus.MissingCves"/>).</summary>
    Vulnerable = 2,

    /// <summary>The version shows the CU but not the security updates, and a security update would decide it.</summary>
    Indeterminate = 3,

    /// <summary>No CVE of the campaign affects the product.</summary>
    NotApplicable = 4,
}
