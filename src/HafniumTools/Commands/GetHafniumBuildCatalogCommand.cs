using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HafniumTools.Builds;
using HafniumTools.Commands.Infrastructure;
using HafniumTools.Core;

namespace HafniumTools.Commands;

/// <summary>
/// <para type="synopsis">Lists the Exchange builds of the build catalog: CUs, security updates, rollups, with KB, date and CVEs fixed.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "HafniumBuildCatalog")]
[OutputType(typeof(BuildCatalogEntry))]
public sealed class GetHafniumBuildCatalogCommand : HafniumCmdlet
{
    /// <summary>Products: Exchange2016, 2016, SE, Exchange 2019; wildcards allowed.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Product { get; set; }

    /// <summary>Entry names such as 'Exchange 2016 CU19 Mar21SU'; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    /// <summary>Builds: a four-part build selects that build, a CU build (15.1.2176) or AdminDisplayVersion selects the CU's entries; wildcards allowed.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Build { get; set; }

    /// <summary>CVE ids; returns the entries that fix them. Wildcards allowed.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Cve { get; set; }

    /// <summary>A newer build catalog file to read instead of the one shipped in the module.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CatalogPath { get; set; }

    private BuildCatalog? _catalog;
    private HashSet<string>? _productIds;
    private List<WildcardPattern>? _productPatterns;

    protected override void BeginProcessing()
    {
        _catalog = BuildCatalogLoading.Load(this, CatalogPath);
        if (Product is not null)
        {
            _productIds = new HashSet<string>(StringComparer.Ordinal);
            _productPatterns = [];
            foreach (string product in Product)
            {
                if (_catalog.ResolveProductId(product) is { } id)
                {
                    _productIds.Add(id);
                }
                else if (WildcardPattern.ContainsWildcardCharacters(product))
                {
                    _productPatterns.Add(Pattern(product));
                }
                else
                {
                    WriteItemError(
                        new ArgumentException($"'{product}' is not a product of the build catalog. Use one of: {string.Join(", ", _catalog.Products.Select(p => p.Id))} (or 2016, SE, ...)."),
                        ErrorIds.UnknownProduct, ErrorCategory.InvalidArgument, product);
                }
            }
        }
    }

    protected override void ProcessRecord()
    {
        var catalog = _catalog!;
        var buildFilters = Build?.Select(ParseBuildFilter).ToArray();
        var namePatterns = Name?.Select(Pattern).ToArray();
        var cvePatterns = Cve?.Select(Pattern).ToArray();
        var matchedNames = new bool[Name?.Length ?? 0];
        var matchedBuilds = new bool[Build?.Length ?? 0];

        foreach (var entry in catalog.Entries)
        {
            if (!MatchesProduct(entry))
            {
                continue;
            }

            int nameHit = namePatterns is null ? -1 : Array.FindIndex(namePatterns, p => p.IsMatch(entry.Name));
            if (namePatterns is not null && nameHit < 0)
            {
                continue;
            }

            int buildHit = buildFilters is null ? -1 : Array.FindIndex(buildFilters, f => f(entry));
            if (buildFilters is not null && buildHit < 0)
            {
                continue;
            }

            if (cvePatterns is not null && !entry.Cves.Any(c => cvePatterns.Any(p => p.IsMatch(c))))
            {
                continue;
            }

            if (nameHit >= 0)
            {
                matchedNames[nameHit] = true;
            }

            if (buildHit >= 0)
            {
                matchedBuilds[buildHit] = true;
            }

            WriteObject(entry);
        }

        ReportUnmatched(Name, matchedNames, "Name");
        ReportUnmatched(Build, matchedBuilds, "Build");
    }

    private bool MatchesProduct(BuildCatalogEntry entry) =>
        _productIds is null
        || _productIds.Contains(entry.Product)
        || _productPatterns!.Any(p => p.IsMatch(entry.Product) || p.IsMatch(entry.ProductName));

    private void ReportUnmatched(string[]? values, bool[] matched, string parameter)
    {
        if (values is null)
        {
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!matched[i] && !WildcardPattern.ContainsWildcardCharacters(values[i]))
            {
                WriteItemError(
                    new ItemNotFoundException($"No build catalog entry matches -{parameter} '{values[i]}' (with the other filters given). Try a wildcard, or Get-HafniumBuildCatalog -Product <product> to list a product."),
                    ErrorIds.BuildCatalogEntryNotFound, ErrorCategory.ObjectNotFound, values[i]);
            }
        }
    }

    private static Func<BuildCatalogEntry, bool> ParseBuildFilter(string text)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(text) && ExchangeBuildText.TryParse(text, out var parsed, out _))
        {
            var version = parsed.Version;
            if (parsed.HasRevision && !parsed.IsAdminDisplayVersion)
            {
                return e => e.Build == version;
            }

            // A CU-level build: every entry on that CU.
            return e => e.Build.Major == version.Major && e.Build.Minor == version.Minor && e.Build.Build == version.Build;
        }

        var pattern = Pattern(text);
        return e => pattern.IsMatch(e.Build.ToString()) || pattern.IsMatch(e.BuildLong);
    }

    private static WildcardPattern Pattern(string text) => new(text, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
}
