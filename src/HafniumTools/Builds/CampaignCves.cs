using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Builds;

/// <summary>
/// The CVEs each campaign used, as the build catalog names the fixes: what a build must carry to be patched against
/// the campaign. ProxyLogon's are the product's own (<see cref="CatalogProduct.ProxyLogonCves"/>: Exchange 2010 has
/// CVE-2021-26857 only), so they are not listed here.
/// </summary>
internal static class CampaignCves
{
    /// <summary>
    /// ProxyShell: CVE-2021-34473 and -34523 (fixed by the April 2021 updates, published in July 2021) and -31207
    /// (May 2021).
    /// </summary>
    private static readonly string[] ProxyShell = ["CVE-2021-34473", "CVE-2021-34523", "CVE-2021-31207"];

    /// <summary>ProxyNotShell: CVE-2022-41040 and -41082 (November 2022).</summary>
    private static readonly string[] ProxyNotShell = ["CVE-2022-41040", "CVE-2022-41082"];

    /// <summary>OWASSRF: CVE-2022-41080 chained with -41082 (November 2022).</summary>
    private static readonly string[] Owassrf = ["CVE-2022-41080", "CVE-2022-41082"];

    /// <summary>The campaign's CVEs other than ProxyLogon's, which depend on the product.</summary>
    public static IReadOnlyList<string> Of(Campaign campaign) => campaign switch
    {
        Campaign.ProxyShell => ProxyShell,
        Campaign.ProxyNotShell => ProxyNotShell,
        Campaign.OWASSRF => Owassrf,
        _ => [],
    };
}
