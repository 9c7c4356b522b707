using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using HafniumTools.Core;

namespace HafniumTools.Configuration;

/// <summary>
/// Recognises the Format-List property dump of an Exchange virtual directory, the text that
/// ResetOABVirtualDirectory writes to disk (CVE-2021-27065) and that administrators save as a backup: lines
/// <c>Label&lt;padding&gt;: value</c>, multi-valued properties continued on indented lines. Recognition is by shape
/// (a URL field, an authentication or extended-protection field, and enough other virtual directory fields), not by
/// file name, extension or position in the file. The one recogniser of the dump; <see cref="ConfigurationDumpCheck"/>
/// is its one judge, for every cmdlet.
/// </summary>
internal sealed class ConfigurationDump
{
    /// <summary>
    /// Largest file that can be a dump: the text is a few KB of fixed fields plus the URLs, and Exchange stores a
    /// URL in one directory attribute (a System.Uri holds at most 65,519 characters), so even UTF-16 with every URL
    /// at its limit stays below this. Larger files are not read for the dump check.
    /// </summary>
    public const long MaxPlausibleBytes = 1024 * 1024;

    /// <summary>Fewest distinct virtual directory labels a text must have to count as a dump.</summary>
    public const int MinimumKnownLabels = 6;

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    // A Format-List line: a label at the start of the line, padding, ':' and the value. Labels are property names.
    private static readonly Regex FieldLine = new(
        @"^(?<label>[A-Za-z][A-Za-z0-9_]{1,63})[ \t]*:(?: (?<value>.*))?$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled, RegexTimeout);

    // Code ASP.NET runs when it serves the file: a server script block or an inline code block. Escaped or
    // percent-encoded markup is text, and script without runat=server runs in the browser, not on the server.
    private static readonly Regex ServerSideCode = new(
        @"<\s*script\b[^>]{0,200}?\brunat\s*=\s*[""']?server\b|<%",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, RegexTimeout);

    private static readonly HashSet<string> UrlLabels = new(StringComparer.OrdinalIgnoreCase) { "InternalUrl", "ExternalUrl" };

    private static readonly HashSet<string> ProtectionLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        "InternalAuthenticationMethods", "ExternalAuthenticationMethods", "ExtendedProtectionTokenChecking",
    };

    // Properties every Exchange virtual directory prints in Format-List (ExchangeVirtualDirectory and its bases).
    private static readonly HashSet<string> VirtualDirectoryLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        "InternalUrl", "ExternalUrl", "InternalAuthenticationMethods", "ExternalAuthenticationMethods",
        "ExtendedProtectionTokenChecking", "ExtendedProtectionFlags", "ExtendedProtectionSPNList", "MetabasePath", "Path",
        "Server", "AdminDisplayVersion", "AdminDisplayName", "ExchangeVersion", "Name", "DistinguishedName", "Identity",
        "Guid", "ObjectCategory", "ObjectClass", "WhenChanged", "WhenCreated", "WhenChangedUTC", "WhenCreatedUTC",
        "OrganizationId", "Id", "OriginatingServer", "IsValid", "ObjectState", "RequireSSL", "BasicAuthentication",
        "WindowsAuthentication", "OAuthAuthentication", "DigestAuthentication", "FormsAuthentication",
        "LiveIdAuthentication", "AdfsAuthentication", "OfflineAddressBooks", "PollInterval", "RunspaceId",
        "WebsiteName", "DisplayName",
    };

    private readonly List<DumpField> _fields;

    private ConfigurationDump(List<DumpField> fields, VirtualDirectoryKind kind)
    {
        _fields = fields;
        Kind = kind;
    }

    public IReadOnlyList<DumpField> Fields => _fields;

    /// <summary>The directory type the dump describes (OAB for the ResetOABVirtualDirectory dump).</summary>
    public VirtualDirectoryKind Kind { get; }

    public string? Name => Value("Name");

    public string? Identity => Value("Identity") ?? Value("Id");

    public string? Server => Value("Server") ?? ServerFromDistinguishedName(Value("DistinguishedName"));

    /// <summary>The URL fields of the dump as configured URLs, for the same check as live objects.</summary>
    public IEnumerable<KeyValuePair<DumpField, ConfiguredUrl>> UrlFields()
    {
        foreach (var field in _fields)
        {
            if (VirtualDirectoryRecord.IsUrlPropertyName(field.Label))
            {
                yield return new KeyValuePair<DumpField, ConfiguredUrl>(field, new ConfiguredUrl(field.Label, field.Value));
            }
        }
    }

    /// <summary>
    /// The first URL field whose value (continuation lines included) carries script or markup
    /// (<see cref="UrlInspection.CarriesScriptOrMarkup"/>), with what matched; null when none does.
    /// </summary>
    public DumpField? ScriptUrlField(out string? indicator)
    {
        foreach (var pair in UrlFields())
        {
            if (UrlInspection.CarriesScriptOrMarkup(pair.Value.Value, out indicator))
            {
                return pair.Key;
            }
        }

        indicator = null;
        return null;
    }

    /// <summary>The recognised dump, or null when <paramref name="text"/> does not have the shape.</summary>
    public static ConfigurationDump? TryParse(string? text)
    {
        if (text is null || !MentionsUrlLabel(text))
        {
            return null;
        }

        var fields = ParseFields(text);
        return IsDumpShaped(fields) ? new ConfigurationDump(fields, KindOf(fields)) : null;
    }

    /// <summary>The first line of <paramref name="text"/> with code ASP.NET would run (1-based), or 0 when none.</summary>
    public static int FirstServerSideCodeLine(string text, out string? indicator)
    {
        indicator = null;
        Match match;
        try
        {
            match = ServerSideCode.Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            indicator = "(pattern timed out on hostile content)";
            return 1;
        }

        if (!match.Success)
        {
            return 0;
        }

        indicator = match.Value;
        int line = 1;
        for (int i = 0; i < match.Index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    private string? Value(string label)
    {
        foreach (var field in _fields)
        {
            if (string.Equals(field.Label, label, StringComparison.OrdinalIgnoreCase) && field.Value.Trim().Length > 0)
            {
                return field.Value.Trim();
            }
        }

        return null;
    }

    private static bool MentionsUrlLabel(string text) =>
        text.IndexOf("ExternalUrl", StringComparison.OrdinalIgnoreCase) >= 0
        || text.IndexOf("InternalUrl", StringComparison.OrdinalIgnoreCase) >= 0;

    private static List<DumpField> ParseFields(string text)
    {
        var fields = new List<DumpField>();
        DumpField? current = null;
        int lineNumber = 0;
        foreach (string rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            Match match;
            try
            {
                match = line.Length > 0 && !char.IsWhiteSpace(line[0]) ? FieldLine.Match(line) : Match.Empty;
            }
            catch (RegexMatchTimeoutException)
            {
                match = Match.Empty;
            }

            if (match.Success)
            {
                current = new DumpField(match.Groups["label"].Value, match.Groups["value"].Value.TrimEnd(), lineNumber);
                fields.Add(current);
            }
            else if (current is not null && line.Trim().Length > 0)
            {
                // An indented continuation (multi-valued property) or a payload that wrapped onto its own lines.
                current.Value = current.Value + "\n" + line.Trim();
            }
        }

        return fields;
    }

    private static bool IsDumpShaped(List<DumpField> fields)
    {
        bool url = false;
        bool protection = false;
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in fields)
        {
            url |= UrlLabels.Contains(field.Label);
            protection |= ProtectionLabels.Contains(field.Label);
            if (VirtualDirectoryLabels.Contains(field.Label))
            {
                known.Add(field.Label);
            }
        }

        return url && protection && known.Count >= MinimumKnownLabels;
    }

    private static VirtualDirectoryKind KindOf(List<DumpField> fields)
    {
        var labels = new List<string>();
        string? name = null;
        foreach (var field in fields)
        {
            labels.Add(field.Label);
            if (string.Equals(field.Label, "ObjectClass", StringComparison.OrdinalIgnoreCase)
                || string.Equals(field.Label, "ObjectCategory", StringComparison.OrdinalIgnoreCase))
            {
                var fromClass = VirtualDirectoryClassifier.FromObjectClassOrCategory(field.Value);
                if (fromClass != VirtualDirectoryKind.Unknown)
                {
                    return fromClass;
                }
            }
            else if (string.Equals(field.Label, "Name", StringComparison.OrdinalIgnoreCase))
            {
                name = field.Value;
            }
        }

        return VirtualDirectoryClassifier.Classify(null, null, labels, name);
    }

    // CN=OAB (Default Web Site),CN=HTTP,CN=Protocols,CN=<server>,CN=Servers,...
    private static string? ServerFromDistinguishedName(string? distinguishedName)
    {
        if (distinguishedName is null)
        {
            return null;
        }

        string[] parts = distinguishedName.Split(',');
        for (int i = 1; i < parts.Length; i++)
        {
            if (string.Equals(parts[i].Trim(), "CN=Servers", StringComparison.OrdinalIgnoreCase)
                && parts[i - 1].Trim().StartsWith("CN=", StringComparison.OrdinalIgnoreCase))
            {
                return parts[i - 1].Trim().Substring(3);
            }
        }

        return null;
    }
}
