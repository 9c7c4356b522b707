using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace HafniumTools.Builds;

/// <summary>
/// The Exchange build catalog: products, their builds and what each build fixes. The module ships one
/// (<see cref="Embedded"/>); <see cref="Load"/> reads a newer file without a module release.
/// </summary>
internal sealed class BuildCatalog
{
    /// <summary>Manifest resource name of the catalog shipped inside the module.</summary>
    public const string EmbeddedResourceName = "HafniumTools.Data.exchange-builds.catalog.json";

    private static readonly Lazy<BuildCatalog> EmbeddedCatalog = new(LoadEmbedded, isThreadSafe: true);

    private readonly Dictionary<string, ProductIndex> _indexes;

    internal BuildCatalog(int schemaVersion, string version, DateTime date, string source,
        IReadOnlyList<CatalogProduct> products, IReadOnlyList<BuildCatalogEntry> entries)
    {
        SchemaVersion = schemaVersion;
        Version = version;
        Date = date;
        Source = source;
        Products = products;
        Entries = entries;
        _indexes = products.ToDictionary(p => p.Id, p => new ProductIndex(p, products, entries), StringComparer.Ordinal);
    }

    /// <summary>The catalog shipped inside the module.</summary>
    public static BuildCatalog Embedded => EmbeddedCatalog.Value;

    public int SchemaVersion { get; }

    /// <summary>The catalog's own version, e.g. 2026.12.05.1.</summary>
    public string Version { get; }

    /// <summary>The date the catalog's facts were gathered (UTC).</summary>
    public DateTime Date { get; }

    /// <summary>The file the catalog was read from, or "embedded catalog".</summary>
    public string Source { get; }

    public IReadOnlyList<CatalogProduct> Products { get; }

    /// <summary>Every entry in catalog order (product, then CU, then update).</summary>
    public IReadOnlyList<BuildCatalogEntry> Entries { get; }

    /// <summary>The largest catalog file read (the embedded one is about a tenth of a megabyte).</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>Reads and validates a catalog file: a regular file of at most <see cref="MaxFileBytes"/>.</summary>
    /// <exception cref="BuildCatalogException">The file is malformed; the message names the entry and field.</exception>
    public static BuildCatalog Load(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        return Parse(Files.EvidenceFile.ReadAllText(path, MaxFileBytes), path);
    }

    /// <summary>Reads and validates catalog JSON; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="BuildCatalogException">The document is malformed.</exception>
    public static BuildCatalog Parse(string json, string sourceName) =>
        BuildCatalogReader.Read(json ?? throw new ArgumentNullException(nameof(json)), sourceName ?? "catalog");

    /// <summary>The product whose version range holds <paramref name="version"/>, or null.</summary>
    public CatalogProduct? FindProduct(Version version)
    {
        if (version is null)
        {
            throw new ArgumentNullException(nameof(version));
        }

        var full = Normalize(version);
        foreach (var product in Products)
        {
            if (product.Contains(full))
            {
                return product;
            }
        }

        return null;
    }

    /// <summary>
    /// The product id a user means: an id (Exchange2016), a year (2016), a name (Exchange 2016, Exchange Server
    /// 2016) or SE; null when none matches.
    /// </summary>
    public string? ResolveProductId(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string compact = text.Replace(" ", string.Empty).Replace("Server", string.Empty).Trim();
        foreach (var product in Products)
        {
            string id = product.Id;
            string tail = id.StartsWith("Exchange", StringComparison.Ordinal) ? id.Substring("Exchange".Length) : id;
            if (string.Equals(compact, id, StringComparison.OrdinalIgnoreCase)
                || string.Equals(compact, tail, StringComparison.OrdinalIgnoreCase)
                || string.Equals(text.Trim(), product.Name, StringComparison.OrdinalIgnoreCase)
                || (tail == "SE" && string.Equals(compact, "ExchangeSubscriptionEdition", StringComparison.OrdinalIgnoreCase))
                || (tail == "SE" && string.Equals(compact, "SubscriptionEdition", StringComparison.OrdinalIgnoreCase)))
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>The newest version any product of the catalog can have (exclusive).</summary>
    internal Version Ceiling => Products.Max(p => p.VersionTo)!;

    internal ProductIndex Index(CatalogProduct product) => _indexes[product.Id];

    /// <summary>A three-part version with revision 0, so that it compares with four-part builds.</summary>
    internal static Version Normalize(Version version) =>
        version.Revision >= 0 ? version : new Version(version.Major, version.Minor, Math.Max(version.Build, 0), 0);

    private static BuildCatalog LoadEmbedded()
    {
        using var stream = typeof(BuildCatalog).GetTypeInfo().Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new BuildCatalogException("embedded catalog", null, null, $"resource '{EmbeddedResourceName}' is missing from the module");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd(), "embedded catalog");
    }
}
