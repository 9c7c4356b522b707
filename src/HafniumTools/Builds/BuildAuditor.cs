using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HafniumTools.Model;

namespace HafniumTools.Builds;

/// <summary>
/// Judges Exchange builds against the catalog: the servicing line (CU) a build is on, which catalogued CVEs are
/// fixed, open or cannot be verified from the version, the ProxyLogon verdict, support state and what to install.
/// Versions compare as <see cref="Version"/> values (never as text or decimals). Thread-safe.
/// </summary>
internal sealed class BuildAuditor
{
    private readonly ConcurrentDictionary<string, ServicingLine[]> _supportedLines = new(StringComparer.Ordinal);

    // Everything about a verdict except the input itself is a function of (line, segment, source kind): built once.
    private readonly ConcurrentDictionary<TemplateKey, BuildAudit> _templates = new();

    public BuildAuditor(BuildCatalog catalog, DateTime? asOfUtc = null)
    {
        Catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        AsOf = (asOfUtc ?? DateTime.UtcNow).ToUniversalTime();
    }

    public BuildCatalog Catalog { get; }

    /// <summary>The date support states are judged on (UTC).</summary>
    public DateTime AsOf { get; }

    /// <summary>
    /// Audits one build: finds its product, decides once whether its version shows security updates
    /// (<see cref="BuildObservation.ShowsSecurityUpdates"/>), then judges it on its servicing line.
    /// </summary>
    public BuildAudit Audit(BuildObservation observation)
    {
        if (observation is null)
        {
            throw new ArgumentNullException(nameof(observation));
        }

        var full = BuildCatalog.Normalize(observation.Version);
        var product = Catalog.FindProduct(full);
        bool visible = observation.ShowsSecurityUpdates(product);

        // A version that shows its updates is judged as the full build: an Exchange 2010 14.3.513 is 14.3.513.0.
        var version = visible ? full : observation.Version;
        if (product is null)
        {
            bool newer = full >= Catalog.Ceiling;
            return Result(observation, version, visible, null, ProxyLogonStatus.Unknown, SupportState.Unknown) with
            {
                NewerThanCatalog = newer,
                Reason = newer
                    ? $"{version} is newer than every Exchange version in build catalog {Catalog.Version}; update the catalog (a newer module, or -CatalogPath) rather than guess."
                    : $"{version} is not the version of an Exchange Server product this catalog knows (Exchange 2003 to Exchange Server SE).",
            };
        }

        var index = Catalog.Index(product);
        if (product.ProxyLogonCvesNoCopy.Length == 0)
        {
            return Result(observation, version, visible, product, ProxyLogonStatus.NotApplicable, ProductSupport(product) ?? SupportState.Unknown) with
            {
                Reason = $"{product.Name} is not affected by the March 2021 ProxyLogon vulnerabilities: Microsoft did not list it among the affected products."
                    + EndOfSupportSentence(product),
            };
        }

        if (index.Newest is null || IsNewerThanCatalog(full, visible, index))
        {
            return Result(observation, version, visible, product, ProxyLogonStatus.Unknown, ProductSupport(product) ?? SupportState.Unknown) with
            {
                NewerThanCatalog = true,
                Reason = $"{version} is newer than every {product.Name} build in build catalog {Catalog.Version} (newest {index.Newest}); update the catalog (a newer module, or -CatalogPath) rather than guess.",
            };
        }

        var line = index.FindLine(version);
        return line is null
            ? AuditOffCatalog(observation, version, visible, product, index)
            : AuditOnLine(observation, version, visible, product, index, line);
    }

    private BuildAudit AuditOnLine(BuildObservation observation, Version version, bool visible, CatalogProduct product, ProductIndex index, ServicingLine line)
    {
        var full = BuildCatalog.Normalize(version);
        int slot = line.Slot(full, visible);
        var key = new TemplateKey(line, slot, observation.Source == BuildVersionSource.AdminDisplayVersion);
        if (!_templates.TryGetValue(key, out var template))
        {
            template = _templates.GetOrAdd(key, LineTemplate(observation, version, visible, product, index, line));
        }

        return template with
        {
            ComputerName = observation.ComputerName ?? string.Empty,
            VersionSource = observation.Source,
            Input = observation.InputText,
            Version = version,
            SecurityUpdatesVisible = visible,
            IsCatalogBuild = visible && line.IsEntryBuild(slot, full),
        };
    }

    private BuildAudit LineTemplate(BuildObservation observation, Version version, bool visible, CatalogProduct product, ProductIndex index, ServicingLine line)
    {
        var full = BuildCatalog.Normalize(version);
        string[] proxyLogon = product.ProxyLogonCvesNoCopy;
        var verdict = line.Verdict(full, visible, index.AffectedCves, proxyLogon);
        var status = verdict.Status;

        var at = visible ? line.EntryAtOrBelow(full) ?? line.Baseline : line.Baseline;
        var audit = Result(observation, version, visible, product, status, LineSupport(product, index, line)) with
        {
            CumulativeUpdate = line.Baseline.CumulativeUpdate,
            SecurityUpdate = at.Update,
            BuildName = at.Name,
            ReleaseDate = at.ReleaseDate,
            MissingCves = new TextList(verdict.Missing),
            OpenCves = new TextList(verdict.Open),
            UnverifiedCves = new TextList(verdict.Unverified),
        };

        var fix = LineFix(line, proxyLogon);
        return status switch
        {
            ProxyLogonStatus.Patched => audit with { Reason = PatchedReason(product, line, fix, verdict) },
            ProxyLogonStatus.Indeterminate => WithRecommendation(audit, fix!, null) with { Reason = IndeterminateReason(observation, product, line, fix!) },
            _ => VulnerableOnLine(audit, product, index, line, fix, verdict.Missing),
        };
    }

    private BuildAudit VulnerableOnLine(BuildAudit audit, CatalogProduct product, ProductIndex index,
        ServicingLine line, BuildCatalogEntry? fix, string[] missing)
    {
        string cves = CveText(missing);
        if (fix is not null)
        {
            string only = product.ProxyLogonCvesNoCopy.Length == 1
                ? $"{product.Name} is affected by {cves} only. "
                : string.Empty;
            return WithRecommendation(audit, fix, null) with
            {
                Reason = $"{only}This build is {DescribePosition(audit, line)} without the fix for {cves}: install {fix.Kb ?? fix.Name} ({fix.Name}, {fix.Build}).",
            };
        }

        return MoveRecommendation(audit, index, line.Baseline.Build, cves,
            $"No March 2021 fix was ever released for {line.Baseline.Name}, so {cves} stay open on it");
    }

    private BuildAudit AuditOffCatalog(BuildObservation observation, Version version, bool visible, CatalogProduct product, ProductIndex index)
    {
        var full = BuildCatalog.Normalize(version);
        var highest = visible ? full
            : product.ServicingLineParts == 3
                ? new Version(full.Major, full.Minor, full.Build, ExchangeBuildText.MaxPart)
                : new Version(full.Major, full.Minor, ExchangeBuildText.MaxPart, ExchangeBuildText.MaxPart);
        if (index.ProxyLogonFloor is null || highest >= index.ProxyLogonFloor)
        {
            return Result(observation, version, visible, product, ProxyLogonStatus.Unknown, SupportState.Unknown) with
            {
                Reason = $"{version} is not a build of {product.Name} in build catalog {Catalog.Version}: no cumulative update has build number {LineKeyText(full, product)} (a preview, an interim update or a typing error?). It is not guessed.",
            };
        }

        // Below every build that fixes ProxyLogon: open whatever CU it is.
        var fixedBelow = new HashSet<string>(
            Catalog.Entries.Where(e => e.Product == product.Id && e.Build <= highest).SelectMany(e => e.CvesNoCopy),
            StringComparer.Ordinal);
        string[] open = index.AffectedCves.Where(c => !fixedBelow.Contains(c)).ToArray();
        string[] missing = product.ProxyLogonCvesNoCopy.Where(open.Contains).ToArray();
        var audit = Result(observation, version, visible, product, ProxyLogonStatus.Vulnerable, ProductSupport(product) ?? SupportState.Unknown) with
        {
            MissingCves = new TextList(missing),
            OpenCves = new TextList(open),
        };
        string only = product.ProxyLogonCvesNoCopy.Length == 1 ? $"{product.Name} is affected by {CveText(missing)} only. " : string.Empty;
        return MoveRecommendation(audit, index, highest, CveText(missing),
            $"{only}{version} is older than every {product.Name} build that fixes {CveText(missing)} (the oldest is {index.ProxyLogonFloor})");
    }

    private BuildAudit MoveRecommendation(BuildAudit audit, ProductIndex index, Version after, string cves, string why)
    {
        foreach (var next in index.Lines.Where(l => l.Baseline.Build > after))
        {
            var fix = LineFix(next, index.Product.ProxyLogonCvesNoCopy);
            if (fix is null)
            {
                continue;
            }

            var latest = index.Lines.Last().Baseline;
            string better = latest == next.Baseline ? string.Empty : $" Better: move to the latest CU, {latest.Name}, and its newest security update.";
            if (fix == next.Baseline || fix.Build == next.Baseline.Build)
            {
                return WithRecommendation(audit, next.Baseline, null) with
                {
                    Reason = $"{why}. Move to {next.Baseline.Name} ({Kb(next.Baseline)}{next.Baseline.Build}), which includes the fix for {cves}.{better}",
                };
            }

            return WithRecommendation(audit, fix, next.Baseline) with
            {
                Reason = $"{why}. Move to {next.Baseline.Name} ({Kb(next.Baseline)}{next.Baseline.Build}) and install {fix.Kb ?? fix.Name} ({fix.Name}, {fix.Build}).{better}",
            };
        }

        return audit with { Reason = $"{why}; the catalog has no later build that fixes it." };
    }

    /// <summary>The lowest entry of the line at which every one of <paramref name="cves"/> is fixed, or null.</summary>
    private static BuildCatalogEntry? LineFix(ServicingLine line, string[] cves)
    {
        BuildCatalogEntry? needed = line.Baseline;
        foreach (string cve in cves)
        {
            if (line.IsIncluded(cve))
            {
                continue;
            }

            var fix = line.FirstFix(cve);
            if (fix is null)
            {
                return null;
            }

            if (fix.Build > needed!.Build)
            {
                needed = fix;
            }
        }

        return needed;
    }

    private static bool IsNewerThanCatalog(Version full, bool visible, ProductIndex index)
    {
        var newest = index.Newest!;
        if (visible)
        {
            return full > newest;
        }

        // The revision (or, for 2010, the rollup) is unknown: compare the servicing line only.
        int parts = index.Product.ServicingLineParts;
        var key = parts == 3 ? new Version(full.Major, full.Minor, full.Build) : new Version(full.Major, full.Minor);
        var newestKey = parts == 3 ? new Version(newest.Major, newest.Minor, newest.Build) : new Version(newest.Major, newest.Minor);
        return key > newestKey;
    }

    private SupportState? ProductSupport(CatalogProduct product) =>
        product.EndOfSupport is DateTime end && AsOf > end.AddDays(1) ? SupportState.ProductEndOfSupport : null;

    private SupportState LineSupport(CatalogProduct product, ProductIndex index, ServicingLine line)
    {
        if (ProductSupport(product) is SupportState ended)
        {
            return ended;
        }

        var newestTwo = _supportedLines.GetOrAdd(product.Id, _ => index.LinesReleasedBy(AsOf).OrderByDescending(l => l.Baseline.Build).Take(2).ToArray());
        return Array.IndexOf(newestTwo, line) >= 0 ? SupportState.Supported : SupportState.CumulativeUpdateUnsupported;
    }

    private BuildAudit Result(BuildObservation observation, Version version, bool visible, CatalogProduct? product, ProxyLogonStatus status, SupportState support) => new()
    {
        ComputerName = observation.ComputerName ?? string.Empty,
        VersionSource = observation.Source,
        Input = observation.InputText,
        Version = version,
        Product = product?.Id ?? string.Empty,
        ProductName = product?.Name ?? string.Empty,
        SecurityUpdatesVisible = visible,
        ProxyLogonStatus = status,
        SupportState = support,
        EndOfSupport = product?.EndOfSupport,
        CatalogVersion = Catalog.Version,
        AffectedCves = product is null ? [] : Catalog.Index(product).AffectedCves,
    };

    private static BuildAudit WithRecommendation(BuildAudit audit, BuildCatalogEntry fix, BuildCatalogEntry? firstMoveTo)
    {
        if (firstMoveTo is null)
        {
            return audit with { RecommendedUpdate = fix.Name, RecommendedKb = fix.Kb, RecommendedBuild = fix.Build };
        }

        string? kbs = string.Join(", ", new[] { firstMoveTo.Kb, fix.Kb }.Where(k => k is not null));
        return audit with
        {
            RecommendedUpdate = $"{firstMoveTo.Name}, then {fix.Update ?? fix.Name}",
            RecommendedKb = kbs.Length == 0 ? null : kbs,
            RecommendedBuild = fix.Build,
        };
    }

    private static string PatchedReason(CatalogProduct product, ServicingLine line, BuildCatalogEntry? fix, LineVerdict verdict)
    {
        string cves = CveText(product.ProxyLogonCvesNoCopy);
        string only = product.ProxyLogonCvesNoCopy.Length == 1 ? $"{product.Name} is affected by {cves} only; " : string.Empty;
        string main = fix is null || fix.Build <= line.Baseline.Build
            ? $"{only}{line.Baseline.Name} ({line.Baseline.Build}) already includes the March 2021 fix for {cves}."
            : $"{only}{(only.Length > 0 ? "this" : "This")} build is at or above {fix.Name} ({fix.Build}{(fix.Kb is null ? string.Empty : ", " + fix.Kb)}), which fixes {cves}.";
        int open = verdict.Open.Length, unverified = verdict.Unverified.Length;
        if (fix is not null && !fix.IncludesEarlierUpdates && (open > 0 || unverified > 0))
        {
            main += $" That update for an older CU fixes only the ProxyLogon CVEs: {open} other catalogued CVE(s) stay open";
            if (unverified > 0)
            {
                // The CU's earlier updates are not part of it; name them so the admin can check they are installed.
                var earlier = line.Entries
                    .Where(e => e.Build < fix.Build && e.Build > line.Baseline.Build && e.CvesNoCopy.Any(c => Array.IndexOf(verdict.Unverified, c) >= 0))
                    .Select(e => e.Kb is null ? e.Update : $"{e.Kb} ({e.Update})")
                    .ToArray();
                main += $" and {unverified} depend on this CU's earlier updates, which the build cannot show (make sure {string.Join(", ", earlier)} are installed)";
            }

            main += "; move to a supported CU.";
        }
        else if (open > 0)
        {
            main += $" {open} later catalogued CVE(s) are still open on this build (see OpenCves).";
        }

        return main;
    }

    private static string IndeterminateReason(BuildObservation observation, CatalogProduct product, ServicingLine line, BuildCatalogEntry fix)
    {
        string shows = observation.Source == BuildVersionSource.AdminDisplayVersion
            ? $"AdminDisplayVersion shows {line.Baseline.Name} but never the security updates installed on it"
            : $"This version names {line.Baseline.Name} but not the security updates installed on it";
        string cves = CveText(product.ProxyLogonCvesNoCopy);
        return $"{shows}, and {fix.Name} ({fix.Build}{(fix.Kb is null ? string.Empty : ", " + fix.Kb)}) is what fixes {cves}. "
            + $"Read ExSetup.exe's file version on the server ((Get-Command ExSetup.exe).FileVersionInfo | Test-HafniumBuild): {fix.Build} or higher is patched.";
    }

    private static string DescribePosition(BuildAudit audit, ServicingLine line) =>
        audit.BuildName is { } name && name != line.Baseline.Name ? name : line.Baseline.Name;

    private static string EndOfSupportSentence(CatalogProduct product) =>
        product.EndOfSupport is DateTime end
            ? $" It has been out of support since {end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}; upgrade it."
            : string.Empty;

    private static string Kb(BuildCatalogEntry entry) => entry.Kb is null ? string.Empty : entry.Kb + ", ";

    private static string LineKeyText(Version version, CatalogProduct product) =>
        product.ServicingLineParts == 3
            ? $"{version.Major}.{version.Minor}.{version.Build}"
            : $"{version.Major}.{version.Minor}";

    private readonly record struct TemplateKey(ServicingLine Line, int Slot, bool AdminDisplayVersion);

    private static string CveText(IReadOnlyList<string> cves) => cves.Count switch
    {
        0 => "no CVE",
        1 => cves[0],
        _ => string.Join(", ", cves.Take(cves.Count - 1)) + " and " + cves[cves.Count - 1],
    };
}
