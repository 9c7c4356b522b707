using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Builds;

namespace HafniumTools.Remote;

/// <summary>
/// The one place the remote checks meet the build catalog: parsing a build as the network shows it, the catalog's
/// verdict on it, and the catalogued builds of a cumulative update (for the version-routed export-tool probe).
/// Thread-safe (the auditor is).
/// </summary>
internal sealed class BuildCatalogAdapter
{
    private readonly BuildCatalog _catalog;
    private readonly BuildAuditor _auditor;

    // Asked for every target of a sweep: each CU's builds are listed once (the catalog does not change during a sweep).
    private readonly ConcurrentDictionary<Version, IReadOnlyList<Version>> _buildsOfCumulativeUpdate = new();
    private readonly HashSet<Version> _releaseBuilds;

    public BuildCatalogAdapter(BuildCatalog catalog)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _auditor = new BuildAuditor(catalog);
        _releaseBuilds = [.. catalog.Entries.Where(e => e.Kind is BuildEntryKind.CumulativeUpdate or BuildEntryKind.ServicePack).Select(e => e.Build)];
    }

    public string CatalogVersion => _catalog.Version;

    /// <summary>Reads a build as a header, a page path or a manifest writes it (three or four parts).</summary>
    public static bool TryParseBuild(string? text, out Version? build)
    {
        build = ExchangeBuildText.TryParse(text, out var parsed, out _) && !parsed!.IsAdminDisplayVersion ? parsed.Version : null;
        return build is not null;
    }

    /// <summary>The catalog's verdict; a three-part build (or <paramref name="full"/> false) judges the CU only.</summary>
    public CatalogVerdict Judge(Version build, bool full, string computerName)
    {
        var observation = new BuildObservation(build, BuildVersionSource.Remote, computerName, declaredBlind: !full);
        var audit = _auditor.Audit(observation);
        return new CatalogVerdict
        {
            Product = audit.Product,
            ProductName = audit.ProductName,
            BuildName = audit.BuildName ?? string.Empty,
            CumulativeUpdate = audit.CumulativeUpdate ?? string.Empty,
            SecurityUpdate = full ? audit.SecurityUpdate ?? string.Empty : string.Empty,
            PatchStatus = audit.ProxyLogonStatus,
            MissingCves = [.. audit.MissingCves],
            OpenCves = [.. audit.OpenCves],
            RecommendedUpdate = audit.RecommendedUpdate is null ? string.Empty
                : audit.RecommendedKb is null ? audit.RecommendedUpdate : audit.RecommendedUpdate + " (" + audit.RecommendedKb + ")",
            Reason = audit.Reason,
        };
    }

    /// <summary>
    /// The catalogued builds of the cumulative update <paramref name="build"/> is on (the CU itself and its updates),
    /// oldest first; empty for Exchange 2010 (no export tool) and for builds the catalog does not know.
    /// </summary>
    public IReadOnlyList<Version> BuildsOfCumulativeUpdate(Version build)
    {
        if (build is null)
        {
            throw new ArgumentNullException(nameof(build));
        }

        var cumulativeUpdate = new Version(build.Major, build.Minor, Math.Max(build.Build, 0));
        return _buildsOfCumulativeUpdate.GetOrAdd(cumulativeUpdate, ListBuildsOf);
    }

    /// <summary>True when <paramref name="build"/> is the release build of its CU (no update on top).</summary>
    public bool IsCumulativeUpdateRelease(Version build) => _releaseBuilds.Contains(build);

    private IReadOnlyList<Version> ListBuildsOf(Version cumulativeUpdate)
    {
        var product = _catalog.FindProduct(new Version(cumulativeUpdate.Major, cumulativeUpdate.Minor, cumulativeUpdate.Build, 0));
        if (product is null || product.ServicingLineParts != 3)
        {
            return [];
        }

        return _catalog.Entries
            .Where(e => e.Product == product.Id && e.Build.Major == cumulativeUpdate.Major && e.Build.Minor == cumulativeUpdate.Minor && e.Build.Build == cumulativeUpdate.Build)
            .Select(e => e.Build)
            .Distinct()
            .OrderBy(v => v)
            .ToList();
    }
}
