using System;
using HafniumTools.Model;

namespace HafniumTools.Builds;

/// <summary>
/// One Exchange build in the catalog: a cumulative update, service pack, update rollup, security update or
/// hotfix update, with its four-part build, release date, KB, the CVEs it fixes and where each fact came from.
/// Emitted by Get-HafniumBuildCatalog.
/// </summary>
public sealed class BuildCatalogEntry
{
    /// <summary>Catalog product id: Exchange2010, Exchange2013, Exchange2016, Exchange2019, ExchangeSE.</summary>
    public string Product { get; init; } = string.Empty;

    /// <summary>The product's full name, e.g. "Exchange Server 2016".</summary>
    public string ProductName { get; init; } = string.Empty;

    /// <summary>Friendly name, e.g. "Exchange 2016 CU19 Mar21SU".</summary>
    public string Name { get; init; } = string.Empty;

    public BuildEntryKind Kind { get; init; }

    /// <summary>The servicing line: the CU (RTM, SP1, CU19, ...) or, for Exchange 2010, the service pack (SP3).</summary>
    public string CumulativeUpdate { get; init; } = string.Empty;

    /// <summary>The update's short name (Mar21SU, Apr25HU, RU32), or null for the CU or service pack itself.</summary>
    public string? Update { get; init; }

    /// <summary>The four-part build.</summary>
    public Version Build { get; init; } = new(0, 0, 0, 0);

    /// <summary>The build as ExSetup.exe's file version shows it, e.g. 15.01.2176.009.</summary>
    public string BuildLong => ExchangeBuildText.ToFileVersionText(Build);

    /// <summary>Release date (UTC), or null when only the month is known (see <see cref="ReleaseMonth"/>).</summary>
    public DateTimeOffset? ReleaseDate { get; init => field = value?.ToUniversalTime(); }

    /// <summary>Release month (yyyy-MM).</summary>
    public string ReleaseMonth { get; init; } = string.Empty;

    /// <summary>Knowledge-base article (KB5000871), or null when none is published.</summary>
    public string? Kb { get; init; }

    /// <summary>CVEs this entry fixes on its servicing line.</summary>
    public TextList Cves { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>True when this entry fixes every ProxyLogon CVE that affects its product.</summary>
    public bool FixesProxyLogon { get; init; }

    /// <summary>False when installing this update does not imply the line's earlier security updates.</summary>
    public bool IncludesEarlierUpdates { get; init; } = true;

    /// <summary>End of extended support of the product (UTC), or null (Modern Lifecycle).</summary>
    public DateTimeOffset? EndOfSupport { get; init => field = value?.ToUniversalTime(); }

    /// <summary>Keys of the catalog's sources table this entry's facts came from (ms_csv, hc_dict, ...).</summary>
    public TextList Sources { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>Where the CVE list came from, when it matters.</summary>
    public string? CveSource { get; init; }

    public string? Note { get; init; }

    /// <summary>Version of the catalog this entry came from.</summary>
    public string CatalogVersion { get; init; } = string.Empty;

    /// <summary>Release date, or the first day of the release month when only the month is known.</summary>
    internal DateTime EffectiveDate { get; init; }

    internal bool HasCve(string cve) => Array.IndexOf(Cves.Items, cve) >= 0;

    internal string[] CvesNoCopy => Cves.Items;

    public override string ToString() => $"{Name} ({Build})";
}
