using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HafniumTools.Builds;

namespace BuildAudit.Benchmark;

/// <summary>
/// The way HealthChecker answers "is this build patched against the March 2021 SU?", faithfully reproduced over the
/// same facts: a flat table of (product, CU, SU name, build text) rows; the build is turned into a Version, the CU is
/// found by walking the product's CU rows, the SU name by an exact string match of the build in the CU's rows, and
/// the SU check collects every row carrying that SU name for the product, sorted by release date, then compares
/// (Test-ExchangeBuildGreaterOrEqualThanSecurityPatch). Every look-up is a linear scan with string comparisons.
/// </summary>
internal sealed class NaiveHealthCheckerPeer
{
    private readonly List<Row> _rows;

    public NaiveHealthCheckerPeer(BuildCatalog catalog)
    {
        _rows = catalog.Entries
            .Where(e => e.Product != "Exchange2010")
            .Select(e => new Row(e.Product, e.CumulativeUpdate, e.Update ?? "CU", e.Build.ToString(), e.EffectiveDateText()))
            .ToList();
    }

    /// <summary>"Patched", "Vulnerable" or "Unknown", as HealthChecker would say it for Mar21SU.</summary>
    public string Judge(string text)
    {
        string cleaned = text.Trim();
        if (cleaned.StartsWith("Version ", StringComparison.OrdinalIgnoreCase))
        {
            // "Version 15.1 (Build 2176.2)" -> "15.1.2176.2"
            string[] halves = cleaned.Substring(8).Split(new[] { " (Build " }, StringSplitOptions.None);
            if (halves.Length != 2)
            {
                return "Unknown";
            }

            cleaned = halves[0] + "." + halves[1].TrimEnd(')');
        }

        if (!Version.TryParse(cleaned, out Version? version) || version.Revision < 0)
        {
            return "Unknown";
        }

        string product = version.Major == 15 && version.Minor == 2 && version.Build >= 2562 ? "ExchangeSE"
            : version.Major == 15 && version.Minor == 2 ? "Exchange2019"
            : version.Major == 15 && version.Minor == 1 ? "Exchange2016"
            : version.Major == 15 && version.Minor == 0 ? "Exchange2013"
            : string.Empty;
        if (product.Length == 0)
        {
            return "Unknown";
        }

        // CU: the last CU row of the product whose build is at or below the version (the switch cascade).
        string? cu = null;
        foreach (var row in _rows)
        {
            if (row.Product == product && row.Su == "CU" && Version.Parse(row.Build) <= version)
            {
                cu = row.Cu;
            }
        }

        if (cu is null)
        {
            return "Unknown";
        }

        // SU name: exact string match of the full build in that CU's table (informational in HealthChecker).
        string? suName = null;
        foreach (var row in _rows)
        {
            if (row.Product == product && row.Cu == cu && string.Equals(row.Build, version.ToString(), StringComparison.Ordinal))
            {
                suName = row.Su;
            }
        }

        _ = suName;

        // Test-ExchangeBuildGreaterOrEqualThanSecurityPatch -SUName Mar21SU
        var carrying = new List<Row>();
        foreach (var row in _rows)
        {
            if (row.Product == product && string.Equals(row.Su, "Mar21SU", StringComparison.Ordinal))
            {
                carrying.Add(row);
            }
        }

        if (carrying.Count == 0)
        {
            return "Patched"; // HealthChecker: the major version has no such SU at all -> not affected
        }

        carrying.Sort((a, b) => string.CompareOrdinal(b.Date, a.Date));
        if (version >= Version.Parse(carrying[0].Build))
        {
            return "Patched";
        }

        foreach (var row in carrying)
        {
            if (row.Cu == cu)
            {
                return version >= Version.Parse(row.Build) ? "Patched" : "Vulnerable";
            }
        }

        return "Vulnerable";
    }

    private sealed record Row(string Product, string Cu, string Su, string Build, string Date);
}

internal static class EntryExtensions
{
    public static string EffectiveDateText(this BuildCatalogEntry e) =>
        e.ReleaseDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? e.ReleaseMonth + "-01";
}
