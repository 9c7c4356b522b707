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

    // Verdicts by segment: [k] holds versions with exactly k line entries at or below them; the last slot is for
    // versions that do not show the position on the line (AdminDisplayVersion, CU-level builds).
    private readonly LineVerdict?[] _verdicts;

    public ServicingLine(CatalogProduct product, BuildCatalogEntry baseline, IEnumerable<BuildCatalogEntry> updates,
        IEnumerable<BuildCatalogEntry> earlierFixes)
    {
        Product = product;
        Baseline = baseline;
        Entries = new[] { baseline }.Concat(updates.OrderBy(e => e.Build)).ToArray();
        NonCumulative = Entries.Where(e => !e.IncludesEarlierUpdates).ToArray();
        _verdicts = new LineVerdict?[Entries.Count + 2];
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

    /// <summary>
    /// The verdict for <paramref name="version"/> on this line, given the CVEs affecting the product and its
    /// ProxyLogon CVEs. Computed once per segment between catalog builds (the state of every CVE only changes at a
    /// catalog build), then shared.
    /// </summary>
    public LineVerdict Verdict(Version version, bool visible, IReadOnlyList<string> affected, string[] proxyLogon)
    {
        int slot = Slot(version, visible);
        return _verdicts[slot] ??= Compute(version, visible, affected, proxyLogon);
    }

    /// <summary>The segment of the line <paramref name="version"/> falls in (see <see cref="Verdict"/>).</summary>
    public int Slot(Version version, bool visible) => visible ? CountAtOrBelow(version) : _verdicts.Length - 1;

    /// <summary>True when <paramref name="version"/> is exactly the catalog build that opens segment <paramref name="slot"/>.</summary>
    public bool IsEntryBuild(int slot, Version version) =>
        slot >= 1 && slot <= Entries.Count && Entries[slot - 1].Build == version;

    private int CountAtOrBelow(Version version)
    {
        int count = 0;
        foreach (var entry in Entries)
        {
            if (entry.Build <= version)
            {
                count++;
            }
        }

        return count;
    }

    private LineVerdict Compute(Version version, bool visible, IReadOnlyList<string> affected, string[] proxyLogon)
    {
        var open = new List<string>();
        var unverified = new List<string>();
        foreach (string cve in affected)
        {
            switch (StateOf(cve, version, visible))
            {
                case CveState.Open: open.Add(cve); break;
                case CveState.Unverified: unverified.Add(cve); break;
            }
        }

        string[] missing = proxyLogon.Where(open.Contains).ToArray();
        var status = proxyLogon.Length == 0 ? ProxyLogonStatus.NotApplicable
            : missing.Length > 0 ? ProxyLogonStatus.Vulnerable
            : proxyLogon.Any(unverified.Contains) ? ProxyLogonStatus.Indeterminate
            : ProxyLogonStatus.Patched;
        return new LineVerdict(status, missing, open.ToArray(), unverified.ToArray());
    }

    private CveState StateOf(string cve, Version version, bool visible)
    {
        if (_included.Contains(cve))
        {
            return CveState.Fixed;
        }

        var fix = FirstFix(cve);
        if (fix is null)
        {
            return CveState.Open;
        }

        if (fix.Build <= Baseline.Build)
        {
            return CveState.Fixed;
        }

        if (!visible)
        {
            return CveState.Unverified;
        }

        if (version < fix.Build)
        {
            return CveState.Open;
        }

        // An update that does not carry the line's earlier updates (the older-CU March 2021 SUs) hides whether
        // the earlier fix was installed, unless a later regular update on the line brought everything.
        foreach (var partial in NonCumulative)
        {
            if (partial.Build > fix.Build && partial.Build <= version && !partial.HasCve(cve)
                && !Entries.Any(e => e.IncludesEarlierUpdates && e != Baseline && e.Build > partial.Build && e.Build <= version))
            {
                return CveState.Unverified;
            }
        }

        return CveState.Fixed;
    }

    public override string ToString() => Baseline.Name;

    private enum CveState
    {
        Fixed,
        Open,
        Unverified,
    }
}
