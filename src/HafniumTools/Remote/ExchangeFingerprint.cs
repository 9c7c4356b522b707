using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using HafniumTools.Logs;

namespace HafniumTools.Remote;

/// <summary>
/// What Exchange's anonymous answers give away (see the project's remote-detection reference): the front end's own
/// headers, the OWA logon page's markers and the version folder in its asset paths, and the export tool's ClickOnce
/// manifest. Pure text functions over one response, so every rule is testable on captured shapes.
/// </summary>
internal static class ExchangeFingerprint
{
    /// <summary>The path of the export tool's ClickOnce manifest under an ECP version folder.</summary>
    public const string ExportToolManifestFile = "exporttool/microsoft.exchange.ediscovery.exporttool.application";

    /// <summary>The path that serves the manifest of the server that answers (2013 and later).</summary>
    public const string CurrentExportToolManifest = "/ecp/Current/" + ExportToolManifestFile;

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    // Headers only the Exchange front end (CAFE) and OWA add.
    private static readonly string[] ExchangeHeaders = ["X-OWA-Version", "X-FEServer", "X-CalculatedBETarget", "X-BEServer", "X-DiagInfo", "X-OWA-OWSVersion"];

    // Markers of the OWA logon and error pages (OpenVAS and Metasploit checks; the real logon.aspx source).
    private static readonly string[] PageMarkers =
    [
        "OwaPage = ASP.auth_logon_aspx",
        "{57A118C6-2DA9-419d-BE9A-F92B0F9A418B}",
        "function IsOwaPremiumBrowser",
        "To use Outlook, browser settings must allow scripts to run",
        "class=\"signInHeader\">Outlook",
        "<title>Outlook Web App</title>",
        "<title>Outlook Web Access</title>",
    ];

    private static readonly LinePrefilter PageMarkerBytes = LinePrefilter.Create(PageMarkers);

    // One filter per marker, in the order above: the first of them a body holds is the one named.
    private static readonly LinePrefilter[] EachPageMarker = PageMarkers.Select(m => LinePrefilter.Create(m)).ToArray();

    // Where an asset path can start: every "/owa/", in any case.
    private static readonly LinePrefilter OwaFolder = LinePrefilter.Create("/owa/");

    // /owa/auth/15.1.2176/themes/... (2013 and later: the CU), /owa/14.3.513.0/themes/... (2010: the full build), at
    // the start of the text it is given; at most "/owa/auth/" and 2 + 2 + 5 + 5 digits with their dots, then "/".
    private static readonly Regex AssetPathAtStart = new(
        @"\G/owa/(?:auth/)?(?<build>[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,5}(?:\.[0-9]{1,5})?)/",
        RegexOptions.CultureInvariant | RegexOptions.Compiled | RegexOptions.IgnoreCase, RegexTimeout);

    private const int AssetPathMaxLength = 10 + 17 + 1;

    private static readonly Regex AssemblyIdentity = new(
        @"<(?:[A-Za-z][\w.-]{0,30}:)?assemblyIdentity\b(?<attributes>[^<>]{0,2000})>",
        RegexOptions.CultureInvariant | RegexOptions.Compiled, RegexTimeout);

    private static readonly Regex Attribute = new(
        @"(?<name>[A-Za-z][\w:.-]{0,40})\s*=\s*""(?<value>[^""]{0,200})""",
        RegexOptions.CultureInvariant | RegexOptions.Compiled, RegexTimeout);

    /// <summary>The first Exchange marker of a response, as evidence text ("header X-FEServer: EX01"), or null.</summary>
    public static string? Marker(ProbeResponse response)
    {
        foreach (string name in ExchangeHeaders)
        {
            if (response.Header(name) is string value)
            {
                return "header " + name + ": " + Clip(value);
            }
        }

        if (response.IsRedirect && response.Header("Location") is string location
            && (location.IndexOf("/owa/auth/logon.aspx", StringComparison.OrdinalIgnoreCase) >= 0
                || location.IndexOf("/owa/auth/errorFE.aspx", StringComparison.OrdinalIgnoreCase) >= 0))
        {
            return "redirect to the OWA " + (location.IndexOf("errorFE", StringComparison.OrdinalIgnoreCase) >= 0 ? "error" : "logon") + " page, Location: " + Clip(location);
        }

        return PageMarker(response) is string marker ? "body has '" + marker + "'" : null;
    }

    /// <summary>The first OWA page marker in <paramref name="body"/>, or null.</summary>
    public static string? PageMarker(string body) => PageMarker(Encoding.UTF8.GetBytes(body));

    /// <summary>The first OWA page marker in the response's body, or null.</summary>
    public static string? PageMarker(ProbeResponse response) => PageMarker(response.Body);

    // The markers are ASCII and found in the bytes, in any ASCII case, without decoding the body: one search for all
    // of them (most answers of a sweep hold none), then one per marker to say which.
    private static string? PageMarker(byte[] body)
    {
        if (!PageMarkerBytes.Matches(body, 0, body.Length))
        {
            return null;
        }

        for (int i = 0; i < EachPageMarker.Length; i++)
        {
            if (EachPageMarker[i].Matches(body, 0, body.Length))
            {
                return PageMarkers[i];
            }
        }

        return null;
    }

    /// <summary>True when the text is an OWA page (logon, error), i.e. Exchange's own content.</summary>
    public static bool IsOwaPage(string body) => PageMarker(body) is not null;

    /// <summary>True when the response's body is an OWA page (logon, error), i.e. Exchange's own content.</summary>
    public static bool IsOwaPage(ProbeResponse response) => PageMarker(response) is not null;

    /// <summary>The X-OWA-Version header's value, or null.</summary>
    public static string? OwaVersionHeader(ProbeResponse response) => response.Header("X-OWA-Version")?.Trim();

    /// <summary>
    /// The build in the OWA asset paths of a page: the version folder that occurs most often (a page normally shows
    /// one; the first seen among equals), or null when there is none.
    /// </summary>
    public static string? AssetBuild(string body) => AssetBuild(Encoding.UTF8.GetBytes(body));

    /// <summary>The build in the OWA asset paths of the response's body (see <see cref="AssetBuild(string)"/>).</summary>
    public static string? AssetBuild(ProbeResponse response) => AssetBuild(response.Body);

    // Real logon pages are about 48 KB: decoded whole, each would be a 96 KB string on the large object heap, which
    // made most of a sweep's full collections. Only the few bytes after each "/owa/" are decoded and matched, left to
    // right, a path that starts inside the one before it skipped, as one pass of the pattern over the text would.
    private static string? AssetBuild(byte[] body)
    {
        var starts = new List<int>();
        OwaFolder.FindMatches(body, 0, body.Length, starts);
        var builds = new List<string>();
        int after = 0;
        foreach (int start in starts)
        {
            if (start < after)
            {
                continue;
            }

            string text = Encoding.ASCII.GetString(body, start, Math.Min(AssetPathMaxLength, body.Length - start));
            try
            {
                var match = AssetPathAtStart.Match(text);
                if (match.Success)
                {
                    builds.Add(match.Groups["build"].Value);
                    after = start + match.Length;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                return null;
            }
        }

        return builds.GroupBy(b => b, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .FirstOrDefault();
    }

    /// <summary>
    /// The version of the export tool in a ClickOnce manifest: the <c>microsoft.exchange.ediscovery.exporttool</c>
    /// identity (the dependency), else the <c>.application</c> identity; null when the text is not such a manifest.
    /// </summary>
    public static string? ManifestBuild(string body)
    {
        if (body.IndexOf(ExportToolIdentity, StringComparison.OrdinalIgnoreCase) < 0)
        {
            return null;
        }

        try
        {
            string? application = null;
            foreach (Match identity in AssemblyIdentity.Matches(body))
            {
                var attributes = Attributes(identity.Groups["attributes"].Value);
                if (!attributes.TryGetValue("name", out string? name) || !attributes.TryGetValue("version", out string? version))
                {
                    continue;
                }

                if (string.Equals(name, ExportToolIdentity, StringComparison.OrdinalIgnoreCase))
                {
                    return version;
                }

                if (string.Equals(name, "microsoft.exchange.ediscovery.exporttool.application", StringComparison.OrdinalIgnoreCase))
                {
                    application ??= version;
                }
            }

            return application;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>The assembly name the export tool's ClickOnce manifest declares (and what marks a body as that manifest).</summary>
    public const string ExportToolIdentity = "microsoft.exchange.ediscovery.exporttool";

    private static readonly LinePrefilter ExportToolMarker = LinePrefilter.Create(ExportToolIdentity);

    /// <summary>True when the body names the export tool (case-insensitively), searched in its bytes without decoding it.</summary>
    public static bool IsExportToolManifest(ProbeResponse response) => ExportToolMarker.Matches(response.Body, 0, response.Body.Length);

    /// <summary>The path of the export tool manifest routed to a server of <paramref name="build"/>.</summary>
    public static string VersionRoutedManifest(Version build) => "/ecp/" + build + "/" + ExportToolManifestFile;

    /// <summary>The version-routed export-tool folder, the other documented form of the same probe.</summary>
    public static string VersionRoutedFolder(Version build) => "/ecp/" + build + "/exporttool/";

    internal static string Clip(string text) => HttpResponseReader.Printable(text, 160).Trim('\'');

    private static Dictionary<string, string> Attributes(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match attribute in Attribute.Matches(text))
        {
            result[attribute.Groups["name"].Value] = attribute.Groups["value"].Value;
        }

        return result;
    }
}
