using System;
using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Builds;

/// <summary>
/// The verdict on one Exchange build: which CU and update it is, whether the March 2021 ProxyLogon fixes are in
/// it, which catalogued CVEs are still open, what to install, and why. Emitted by Test-HafniumBuild; flat so that
/// Export-Csv, ConvertTo-Json and remoting keep everything (CVE lists are <see cref="TextList"/>s: lists to filter on,
/// one comma-separated line in CSV).
/// </summary>
public sealed record BuildAudit
{
    /// <summary>The server the build belongs to, from the input (Fqdn, Name, ComputerName); empty when not known.</summary>
    public string ComputerName { get; init; } = string.Empty;

    /// <summary>Where the version came from.</summary>
    public BuildVersionSource VersionSource { get; init; }

    /// <summary>The input as given (the text, or the version read from the object).</summary>
    public string Input { get; init; } = string.Empty;

    /// <summary>The build (three parts when the input had no revision).</summary>
    public Version Version { get; init; } = new(0, 0, 0);

    /// <summary>Catalog product id (Exchange2010 ... ExchangeSE), empty when not an Exchange version we know.</summary>
    public string Product { get; init; } = string.Empty;

    /// <summary>The product's full name, e.g. "Exchange Server 2016".</summary>
    public string ProductName { get; init; } = string.Empty;

    /// <summary>The servicing line: the CU (CU19, RTM, SP1) or the Exchange 2010 service pack (SP3).</summary>
    public string? CumulativeUpdate { get; init; }

    /// <summary>The newest update at or below this build on its line (Mar21SU, RU31), or null.</summary>
    public string? SecurityUpdate { get; init; }

    /// <summary>Friendly name of the catalog build this version is, or is newest at/below: "Exchange 2016 CU19 Mar21SU".</summary>
    public string? BuildName { get; init; }

    /// <summary>True when the version is exactly a catalogued build.</summary>
    public bool IsCatalogBuild { get; init; }

    /// <summary>Release date (UTC) of <see cref="BuildName"/>.</summary>
    public DateTimeOffset? ReleaseDate { get; init => field = value?.ToUniversalTime(); }

    /// <summary>False when the version cannot show installed security updates (AdminDisplayVersion, CU-level builds).</summary>
    public bool SecurityUpdatesVisible { get; init; }

    public ProxyLogonStatus ProxyLogonStatus { get; init; }

    /// <summary>
    /// True when no ProxyLogon CVE is open (status Patched, or NotApplicable for products that were never affected):
    /// the property a fleet check asserts. False for Vulnerable, Indeterminate and Unknown.
    /// </summary>
    public bool IsProxyLogonPatched => ProxyLogonStatus is ProxyLogonStatus.Patched or ProxyLogonStatus.NotApplicable;

    /// <summary>The ProxyLogon CVEs open at this build (Exchange 2010: CVE-2021-26857 only).</summary>
    public TextList MissingCves { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>Every catalogued CVE affecting the product that is open at this build.</summary>
    public TextList OpenCves { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>
    /// CVEs whose fix this version cannot show: security updates hidden by AdminDisplayVersion, or earlier
    /// updates that an older-CU March 2021 SU does not include.
    /// </summary>
    public TextList UnverifiedCves { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>Every catalogued CVE that affects the product (fixed or not): what a campaign's CVEs are judged against.</summary>
    internal IReadOnlyList<string> AffectedCves { get; init; } = [];

    public SupportState SupportState { get; init; }

    /// <summary>End of extended support of the product (UTC), or null.</summary>
    public DateTimeOffset? EndOfSupport { get; init => field = value?.ToUniversalTime(); }

    /// <summary>What to install to fix ProxyLogon: the nearest fixing update, or the CU to move to; null when nothing is needed.</summary>
    public string? RecommendedUpdate { get; init; }

    /// <summary>The KB(s) of <see cref="RecommendedUpdate"/>, comma-separated when a CU and an SU are both needed.</summary>
    public string? RecommendedKb { get; init; }

    /// <summary>The build the server reaches with <see cref="RecommendedUpdate"/>.</summary>
    public Version? RecommendedBuild { get; init; }

    /// <summary>Plain-language explanation of the verdict.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>True when the build is newer than anything in the catalog (update the catalog).</summary>
    public bool NewerThanCatalog { get; init; }

    public string CatalogVersion { get; init; } = string.Empty;

    public override string ToString() =>
        $"{(ComputerName.Length > 0 ? ComputerName + " " : string.Empty)}{Version} {ProxyLogonStatus}";
}
