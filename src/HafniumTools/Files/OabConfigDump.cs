using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using HafniumTools.Core;

namespace HafniumTools.Files;

/// <summary>One URL field of an OAB configuration dump.</summary>
public sealed class OabDumpUrlField
{
    public OabDumpUrlField(string name, string value, int lineNumber, bool carriesScript, string? indicator)
    {
        Name = name;
        Value = value;
        LineNumber = lineNumber;
        CarriesScript = carriesScript;
        Indicator = indicator;
    }

    /// <summary><c>ExternalUrl</c> or <c>InternalUrl</c>.</summary>
    public string Name { get; }

    public string Value { get; }

    /// <summary>1-based line of the field in the file.</summary>
    public int LineNumber { get; }

    /// <summary>True when <see cref="UrlInspection.CarriesScriptOrMarkup"/> finds script or markup in the value.</summary>
    public bool CarriesScript { get; }

    /// <summary>What matched, when <see cref="CarriesScript"/>.</summary>
    public string? Indicator { get; }
}

/// <summary>
/// Recognises the file that ECP's ResetOABVirtualDirectory writes (CVE-2021-27065): the <c>Format-List</c> text of an
/// OAB virtual directory (a 32-character label column, <c>Label : value</c>), wherever it was written and whatever
/// its name, and tells whether its <c>ExternalUrl</c>/<c>InternalUrl</c> carries script, which makes it a web shell.
/// </summary>
public sealed class OabConfigDump
{
    // Labels of the OAB virtual directory's Format-List output that no ordinary page or config has together.
    private static readonly string[] OabLabels =
    [
        "OfflineAddressBooks", "PollInterval", "RequireSSL", "InternalAuthenticationMethods", "ExternalAuthenticationMethods",
        "ExtendedProtectionTokenChecking", "ExtendedProtectionFlags", "ExtendedProtectionSPNList", "BasicAuthentication",
        "WindowsAuthentication", "OAuthAuthentication", "MetabasePath", "AdminDisplayVersion", "ExchangeVersion",
        "DistinguishedName", "ObjectCategory", "ObjectClass", "OriginatingServer", "WhenChanged", "IsValid",
    ];

    private static readonly Regex LabelLine = new(
        @"^[ \t]*(?<label>[A-Za-z][A-Za-z0-9]{1,60})[ \t]*:(?:[ \t](?<value>[^\r\n]*))?\r?$",
        RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.Compiled,
        TimeSpan.FromSeconds(2));

    private OabConfigDump(IReadOnlyList<OabDumpUrlField> urls, string? name, string? server, int labelCount)
    {
        UrlFields = urls;
        VirtualDirectoryName = name;
        ServerName = server;
        LabelCount = labelCount;
    }

    /// <summary>The ExternalUrl and InternalUrl fields found, in file order.</summary>
    public IReadOnlyList<OabDumpUrlField> UrlFields { get; }

    /// <summary>True when any URL field carries script or markup: the dump is a web shell.</summary>
    public bool CarriesScript => UrlFields.Any(f => f.CarriesScript);

    /// <summary>The first URL field that carries script, if any.</summary>
    public OabDumpUrlField? ScriptField => UrlFields.FirstOrDefault(f => f.CarriesScript);

    /// <summary>The <c>Name</c> field (e.g. <c>OAB (Default Web Site)</c>), when present.</summary>
    public string? VirtualDirectoryName { get; }

    /// <summary>The Exchange server named by <c>Server</c>, <c>Identity</c> or <c>DistinguishedName</c>, when present.</summary>
    public string? ServerName { get; }

    /// <summary>How many OAB-specific labels the file has (the strength of the recognition).</summary>
    public int LabelCount { get; }

    /// <summary>Cheap test on the raw text before the full recognition.</summary>
    public static bool MightBeDump(string text) =>
        text is not null && UrlLabel.IsMatch(text) && OabWord.IsMatch(text);

    private static readonly Regex UrlLabel = new(
        "(?:Ex|In)ternalUrl", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(2));

    private static readonly Regex OabWord = new(
        "OfflineAddressBooks|AuthenticationMethods|ExtendedProtection|OAB", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(2));

    /// <summary>
    /// Recognises an OAB virtual-directory dump by its shape: at least one URL field and three OAB-specific labels
    /// in <c>Label : value</c> lines. Returns null when <paramref name="text"/> is not such a dump.
    /// </summary>
    public static OabConfigDump? TryRecognize(string text)
    {
        if (!MightBeDump(text))
        {
            return null;
        }

        var labels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var urls = new List<OabDumpUrlField>();
        string? name = null, server = null, identity = null, dn = null;
        bool oabClass = false;
        int line = 1, lineCursor = 0;
        foreach (Match match in LabelLine.Matches(text))
        {
            line += CountNewlines(text, lineCursor, match.Index);
            lineCursor = match.Index;
            string label = match.Groups["label"].Value;
            string value = match.Groups["value"].Value.Trim();
            labels.Add(label);
            if (label.Equals("ExternalUrl", StringComparison.OrdinalIgnoreCase) || label.Equals("InternalUrl", StringComparison.OrdinalIgnoreCase))
            {
                bool script = UrlInspection.CarriesScriptOrMarkup(value, out string? indicator);
                urls.Add(new OabDumpUrlField(label, value, line, script, indicator));
            }
            else if (label.Equals("Name", StringComparison.OrdinalIgnoreCase))
            {
                name ??= value;
            }
            else if (label.Equals("Server", StringComparison.OrdinalIgnoreCase))
            {
                server ??= value;
            }
            else if (label.Equals("Identity", StringComparison.OrdinalIgnoreCase))
            {
                identity ??= value;
            }
            else if (label.Equals("DistinguishedName", StringComparison.OrdinalIgnoreCase))
            {
                dn ??= value;
            }

            oabClass |= value.IndexOf("msExchOABVirtualDirectory", StringComparison.OrdinalIgnoreCase) >= 0
                || value.IndexOf("ms-Exch-OAB-Virtual-Directory", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        int oabLabels = OabLabels.Count(labels.Contains) + (oabClass ? 2 : 0);
        if (urls.Count == 0 || oabLabels < 3)
        {
            return null;
        }

        return new OabConfigDump(urls, name, server ?? ServerFromIdentity(identity) ?? ServerFromDistinguishedName(dn), oabLabels);
    }

    private static int CountNewlines(string text, int from, int to)
    {
        int count = 0;
        for (int i = from; i < to; i++)
        {
            if (text[i] == '\n')
            {
                count++;
            }
        }

        return count;
    }

    private static string? ServerFromIdentity(string? identity)
    {
        int slash = identity?.IndexOf('\\') ?? -1;
        return slash > 0 ? identity!.Substring(0, slash) : null;
    }

    private static string? ServerFromDistinguishedName(string? dn)
    {
        if (string.IsNullOrEmpty(dn))
        {
            return null;
        }

        var match = Regex.Match(dn, @"CN=([^,]+),CN=Servers,", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success ? match.Groups[1].Value : null;
    }
}
