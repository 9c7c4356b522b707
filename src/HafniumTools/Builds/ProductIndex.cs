using System;
using System.Collections.Generic;
using System.Linq;

namespace HafniumTools.Builds;

/// <summary>A product's servicing lines and CVE facts, precomputed for fast audits.</summary>
internal sealed class ProductIndex
{
    public ProductIndex(CatalogProduct product, IReadOnlyList<CatalogProduct> products, IReadOnlyList<BuildCatalogEntry> allEntries)
    {
        Product = product;
        var own = allEntries.Where(e => e.Product == product.Id).ToArray();
        var inherited = product.InheritsFrom is null
            ? Array.Empty<BuildCatalogEntry>()
            : allEntries.Where(e => e.Product == product.InheritsFrom).ToArray();
        var firstRelease = own.Length == 0 ? DateTime.MaxValue : own.Min(e => e.EffectiveDate);
        var earlierFixes = own.Concat(inherited).Where(e => e.CvesNoCopy.Length > 0).ToArray();

        Lines = own
            .Where(e => e.Kind is BuildEntryKind.CumulativeUpdate or BuildEntryKind.ServicePack)
            .OrderBy(e => e.Build)
            .Select(b => new ServicingLine(product, b,
                own.Where(u => u != b && u.CumulativeUpdate == b.CumulativeUpdate
                    && u.Kind is not (BuildEntryKind.CumulativeUpdate or BuildEntryKind.ServicePack)),
                earlierFixes.Where(e => e.CumulativeUpdate != b.CumulativeUpdate || e.Product != product.Id)))
            .ToArray();

        // CVEs that affect the product: its own entries', its ProxyLogon CVEs, and inherited fixes it shipped with.
        AffectedCves = own.SelectMany(e => e.CvesNoCopy)
            .Concat(product.ProxyLogonCvesNoCopy)
            .Concat(inherited.Where(e => e.EffectiveDate < firstRelease).SelectMany(e => e.CvesNoCopy))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(c => c, StringComparer.Ordinal)
            .ToArray();
        Newest = own.Length == 0 ? null : own.Max(e => e.Build);
        ProxyLogonFloor = product.ProxyLogonCvesNoCopy.Length == 0
            ? null
            : own.Where(e => e.FixesProxyLogon).Select(e => e.Build).DefaultIfEmpty().Min();
    }

    public CatalogProduct Product { get; }

    /// <summary>Servicing lines by baseline build.</summary>
    public IReadOnlyList<ServicingLine> Lines { get; }

    /// <summary>Every catalogued CVE that affects the product, sorted.</summary>
    public IReadOnlyList<string> AffectedCves { get; }

    /// <summary>The product's newest catalogued build, or null when the product has no entries.</summary>
    public Version? Newest { get; }

    /// <summary>The lowest build of the product that fixes every ProxyLogon CVE, or null.</summary>
    public Version? ProxyLogonFloor { get; }

    /// <summary>
    /// The line holding <paramref name="version"/>: same CU build number (or service pack), the newest baseline
    /// at or below the version when several share the number (2016 Preview and RTM).
    /// </summary>
    public ServicingLine? FindLine(Version version)
    {
        ServicingLine? match = null;
        foreach (var line in Lines)
        {
            if (!line.Contains(version))
            {
                continue;
            }

            if (match is null || version.Revision < 0 || line.Baseline.Build <= version)
            {
                match = line;
            }
        }

        return match;
    }

    /// <summary>The released (non-preview) CUs or service packs out on or before <paramref name="date"/>.</summary>
    public IEnumerable<ServicingLine> LinesReleasedBy(DateTime date) =>
        Lines.Where(l => l.Baseline.EffectiveDate <= date && l.Baseline.CumulativeUpdate.IndexOf("Preview", StringComparison.OrdinalIgnoreCase) < 0);
}
