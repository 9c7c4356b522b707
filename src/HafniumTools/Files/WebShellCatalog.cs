using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace HafniumTools.Files;

/// <summary>
/// The data behind the name, location and hash rules, loaded once from the embedded data files
/// (<c>ExchangeWebBaseline.csv</c>, <c>WebShellNames.csv</c>, <c>HafniumShellSha256.csv</c>).
/// </summary>
internal sealed class WebShellCatalog
{
    private static readonly Lazy<WebShellCatalog> DefaultCatalog = new(Load);

    private static readonly string[] WebSitePrefixes = ["frontend/httpproxy/", "clientaccess/"];
    private static readonly string[] WebPageFolders = ["owa/", "ecp/", "oab/"];
    private static readonly string[] WebPageExtensions = [".aspx", ".ashx"];

    private readonly HashSet<string> _knownGoodPaths;
    private readonly HashSet<string> _knownWebPageUrls;
    private readonly HashSet<string> _knownGoodHashes;
    private readonly HashSet<string> _shellHashes;
    private readonly Dictionary<string, List<KnownShellName>> _shellNames;

    internal WebShellCatalog(IEnumerable<string[]> baselineRows, IEnumerable<KnownShellName> shellNames, IEnumerable<string> shellHashes)
    {
        _knownGoodPaths = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        _knownGoodHashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        _knownWebPageUrls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in baselineRows)
        {
            _knownGoodHashes.Add(row[0]);
            _knownGoodPaths.Add(row[2]);
            if (WebPageUrl(row[2]) is { } url)
            {
                _knownWebPageUrls.Add(url);
            }
        }

        _shellHashes = new HashSet<string>(shellHashes, StringComparer.OrdinalIgnoreCase);
        _shellNames = shellNames
            .GroupBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The catalog built from the data files shipped in the module.</summary>
    public static WebShellCatalog Default => DefaultCatalog.Value;

    public int KnownGoodPathCount => _knownGoodPaths.Count;

    public int ShellHashCount => _shellHashes.Count;

    public int ShellNameCount => _shellNames.Sum(g => g.Value.Count);

    /// <summary>Every published shell name with its folder kind, for probes that request them over the network.</summary>
    internal IEnumerable<KnownShellName> ShellNames => _shellNames.Values.SelectMany(v => v);

    /// <summary>True when <paramref name="relativePath"/> (baseline form, see <see cref="WebFolderLocation.RelativePath"/>) is a stock Exchange file.</summary>
    public bool IsKnownGoodPath(string relativePath) => _knownGoodPaths.Contains(relativePath);

    /// <summary>
    /// The stock server-side pages (.aspx/.ashx) of the OWA, ECP and OAB virtual directories as the path a browser
    /// asks for, lower case, without the leading slash (<c>owa/auth/logon.aspx</c>): the baseline's
    /// <c>FrontEnd\HttpProxy</c> and <c>ClientAccess</c> pages with that prefix removed. The log rules use it to tell
    /// a request for a shell from a request for an Exchange page.
    /// </summary>
    public IReadOnlyCollection<string> KnownWebPageUrls => _knownWebPageUrls;

    /// <summary>True when the SHA-256 (hex) is the hash of a stock Exchange web file in the baseline.</summary>
    public bool IsKnownGoodHash(string sha256) => _knownGoodHashes.Contains(sha256);

    /// <summary>True when the SHA-256 (hex) is a known Hafnium web shell or tool.</summary>
    public bool IsKnownShellHash(string sha256) => _shellHashes.Contains(sha256);

    /// <summary>The published shell name entry for this file name in this folder kind, if any (look-alikes first).</summary>
    public KnownShellName? FindShellName(string fileName, WebFolderKind kind)
    {
        if (!_shellNames.TryGetValue(fileName, out var entries))
        {
            return null;
        }

        string location = kind.ToString();
        return entries.Where(e => e.Imitates is not null).FirstOrDefault(e => Matches(e, location))
            ?? entries.FirstOrDefault(e => Matches(e, location));
    }

    // \FrontEnd\HttpProxy\owa\auth\logon.aspx -> owa/auth/logon.aspx; null for anything that is not such a page.
    private static string? WebPageUrl(string relativePath)
    {
        string path = relativePath.Replace('\\', '/').TrimStart('/').ToLowerInvariant();
        string? prefix = WebSitePrefixes.FirstOrDefault(p => path.StartsWith(p, StringComparison.Ordinal));
        if (prefix is null)
        {
            return null;
        }

        path = path.Substring(prefix.Length);
        return WebPageFolders.Any(f => path.StartsWith(f, StringComparison.Ordinal)) && WebPageExtensions.Any(e => path.EndsWith(e, StringComparison.Ordinal))
            ? path
            : null;
    }

    internal static IEnumerable<string[]> ReadCsv(TextReader reader)
    {
        bool header = true;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (header)
            {
                header = false;
                continue;
            }

            yield return line.Split(',').Select(f => f.Trim()).ToArray();
        }
    }

    private static bool Matches(KnownShellName entry, string location) =>
        string.Equals(entry.Location, location, StringComparison.OrdinalIgnoreCase)
        || (string.Equals(entry.Location, "Any", StringComparison.OrdinalIgnoreCase)
            && location is nameof(WebFolderKind.AspnetClient) or nameof(WebFolderKind.OwaAuth) or nameof(WebFolderKind.EcpAuth) or nameof(WebFolderKind.HttpProxyOab));

    private static WebShellCatalog Load()
    {
        var baseline = ReadResource("ExchangeWebBaseline.csv").Where(r => r.Length >= 3).ToList();
        var names = ReadResource("WebShellNames.csv")
            .Where(r => r.Length >= 3)
            .Select(r => new KnownShellName(r[0], r[1], r[2], r.Length > 3 ? r[3] : null))
            .ToList();
        var hashes = ReadResource("HafniumShellSha256.csv").Where(r => r.Length >= 1 && r[0].Length == 64).Select(r => r[0]).ToList();
        return new WebShellCatalog(baseline, names, hashes);
    }

    private static List<string[]> ReadResource(string fileName)
    {
        string name = "HafniumTools.Data." + fileName;
        using var stream = typeof(WebShellCatalog).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException("The module is missing its embedded data file " + name + ".");
        using var reader = new StreamReader(stream);
        return ReadCsv(reader).ToList();
    }
}
