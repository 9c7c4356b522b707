using System;
using System.Collections.Generic;
using System.Linq;

namespace HafniumTools.Builds;

/// <summary>
/// One CU (or Exchange 2010 service pack) and the updates installed on top of it, with what the line fixes:
/// CVEs included because they were fixed before the CU shipped, and for the rest the lowest build on the line
/// that fixes each CVE. Precomputed at catalog load so that an audit is a few dictionary look-ups.
/// </summary>
internal sealed class ServicingLine
{
    private readonly Dictionary<string, BuildCatalogEntry> _firstFix;
    private readonly HashSet<string> _included;

    public ServicingLine(CatalogProduct product, BuildCatalogEntry baseline, IEnumerable<BuildCatalogEntry> updates,
        IEnumerable<BuildCatalogEntry> earlierFixes)
    {
        Product = product;
        Baseline = baseline;
        Entries = new[] { baseline }.Concat(updates.OrderBy(e => e.Build)).ToArray();
        NonCumulative = Entries.Where(e => !e.IncludesEarlierUpdates).ToArray();
        _firstFix = new Dictionary<string, BuildCatalogEntry>(StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            foreach (string cve in entry.CvesNoCopy)
            {
                if (!_firstFix.ContainsKey(cve))
                {
                    _firstFix[cve] = entry;
                }
            }
        }

        // A CU includes every fix released before it, except those the line itself ships as updates.
        _included = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in earlierFixes)
        {
            if (entry.EffectiveDate < baseline.EffectiveDate)
            {
                foreach (string cve in entry.CvesNoCopy)
                {
                    if (!_firstFix.ContainsKey(cve))
                    {
                        _included.Add(cve);
                    }
                }
            }
        }
    }

    public CatalogProduct Product { get; }

    /// <summary>The CU or service pack that starts the line.</summary>
    public BuildCatalogEntry Baseline { get; }

    /// <summary>The baseline and its updates, by build.</summary>
    public IReadOnlyList<BuildCatalogEntry> Entries { get; }

    /// <summary>Updates that do not bring the line's earlier updates with them (older-CU March 2021 SUs).</summary>
    public IReadOnlyList<BuildCatalogEntry> NonCumulative { get; }

    public bool IsIncluded(string cve) => _included.Contains(cve);

    /// <summary>The first entry of this line that fixes <paramref name="cve"/>, or null.</summary>
    public BuildCatalogEntry? FirstFix(string cve) => _firstFix.TryGetValue(cve, out var entry) ? entry : null;

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> share the first <paramref name="parts"/> parts.</summary>
    public static bool SameKey(Version a, Version b, int parts) =>
        a.Major == b.Major && a.Minor == b.Minor && (parts < 3 || a.Build == b.Build);

    public bool Contains(Version version) => SameKey(Baseline.Build, version, Product.ServicingLineParts);

    /// <summary>The newest entry at or below <paramref name="version"/>, or null.</summary>
    public BuildCatalogEntry? EntryAtOrBelow(Version version)
    {
        BuildCatalogEntry? found = null;
        foreach (var entry in Entries)
        {
            if (entry.Build <= version)
            {
                found = entry;
            }
        }

        return found;
    }

    public override string ToString() => Baseline.Name;
}
