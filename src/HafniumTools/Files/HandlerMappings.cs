using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace HafniumTools.Files;

/// <summary>
/// What the web.config files of a tree tell IIS to execute: handler mappings (<c>&lt;handlers&gt;</c>,
/// <c>&lt;httpHandlers&gt;</c>) that hand a path pattern to a script engine (asp.dll, the ASP.NET page, handler and
/// web-service factories, aspnet_isapi) and build providers that compile an extension as a page. A file whose
/// extension IIS would serve as static content is code when a web.config on its way up maps it; the web.config that
/// does so for a non-page extension (.config, images, text) is itself a finding. One cache per scan, thread-safe.
/// </summary>
internal sealed class HandlerMappings
{
    private const int MaxConfigLength = 1024 * 1024;
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private static readonly Regex AddElement = new(@"<add\b[^>]{0,2000}>", Options, Timeout);
    private static readonly Regex PathAttribute = new(@"\bpath\s*=\s*[""'](?<path>[^""']{1,260})[""']", Options, Timeout);
    private static readonly Regex ExtensionAttribute = new(@"\bextension\s*=\s*[""'](?<ext>\.[^""']{1,40})[""']", Options, Timeout);
    private static readonly Regex ScriptEngine = new(
        @"\b(?:scriptProcessor\s*=\s*[""'][^""']*\\(?:asp|aspnet_isapi)\.dll|type\s*=\s*[""']\s*System\.Web\.(?:UI\.(?:PageHandlerFactory|SimpleHandlerFactory)|Services\.Protocols\.WebServiceHandlerFactory|Script\.Services\.ScriptHandlerFactory|Compilation\.(?:PageBuildProvider|WebHandlerBuildProvider|WebServiceBuildProvider)))",
        Options,
        Timeout);

    // Extensions a legitimate site may hand to a page engine (server-side includes of old sites).
    private static readonly HashSet<string> TolerableExtensions = new(StringComparer.OrdinalIgnoreCase) { ".htm", ".html" };

    private readonly ConcurrentDictionary<string, IReadOnlyCollection<string>> _byFolder = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The extensions (with the dot; a mapped file name counts by its extension) a web.config text hands to a script engine.</summary>
    public static IReadOnlyCollection<string> ScriptExtensions(string config)
    {
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (config is null || config.IndexOf("<add", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return found;
        }

        foreach (Match add in AddElement.Matches(config))
        {
            if (!ScriptEngine.IsMatch(add.Value))
            {
                continue;
            }

            if (PathAttribute.Match(add.Value) is { Success: true } path)
            {
                foreach (string pattern in path.Groups["path"].Value.Split(','))
                {
                    string ext = ServerCode.ExtensionOf(pattern.Trim());
                    if (ext.Length > 1)
                    {
                        found.Add(ext);
                    }
                }
            }
            else if (ExtensionAttribute.Match(add.Value) is { Success: true } ext)
            {
                found.Add(ext.Groups["ext"].Value);
            }
        }

        return found;
    }

    /// <summary>
    /// The mapped extensions of a web.config that IIS would otherwise never execute: config files, static content and
    /// anything that is not a page (<see cref="ServerCode.IsPageExtension"/>); .htm and .html are tolerated.
    /// </summary>
    public static IReadOnlyList<string> UnexpectedScriptExtensions(string config)
    {
        var unexpected = new List<string>();
        foreach (string ext in ScriptExtensions(config))
        {
            if (!ServerCode.IsPageExtension("x" + ext) && !TolerableExtensions.Contains(ext))
            {
                unexpected.Add(ext);
            }
        }

        unexpected.Sort(StringComparer.OrdinalIgnoreCase);
        return unexpected;
    }

    /// <summary>True when a web.config in the folder of <paramref name="path"/> or above maps its extension to a script engine.</summary>
    public bool IsMappedToScript(string path)
    {
        string ext = ServerCode.ExtensionOf(path);
        if (ext.Length == 0)
        {
            return false;
        }

        string? folder = SafeDirectoryName(path);
        while (!string.IsNullOrEmpty(folder))
        {
            if (MappedIn(folder!).Contains(ext))
            {
                return true;
            }

            folder = SafeDirectoryName(folder!);
        }

        return false;
    }

    private IReadOnlyCollection<string> MappedIn(string folder) => _byFolder.GetOrAdd(folder, Read);

    private static IReadOnlyCollection<string> Read(string folder)
    {
        try
        {
            string config = Path.Combine(folder, "web.config");
            if (!File.Exists(config))
            {
                return [];
            }

            // Its own buffer: EvidenceFile.Read's buffer belongs to the file being judged on this thread. A web.config
            // that is a link is not followed (the walk reports it as one).
            using var stream = EvidenceFile.OpenRead(config, followLinks: false);
            var data = new byte[(int)Math.Min(stream.Length, MaxConfigLength)];
            int count = 0;
            int read;
            while (count < data.Length && (read = stream.Read(data, count, data.Length - count)) > 0)
            {
                count += read;
            }

            return ScriptExtensions(ContentSniffer.Decode(data, count));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            // An unreadable web.config is reported when the walk reaches it; here it maps nothing.
            return [];
        }
    }

    private static string? SafeDirectoryName(string path)
    {
        try
        {
            return Path.GetDirectoryName(path);
        }
        catch (Exception e) when (e is ArgumentException or PathTooLongException)
        {
            return null;
        }
    }
}
