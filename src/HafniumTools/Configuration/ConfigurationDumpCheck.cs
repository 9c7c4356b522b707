using System;
using System.Collections.Generic;
using System.Globalization;
using HafniumTools.Files;
using HafniumTools.Model;

namespace HafniumTools.Configuration;

/// <summary>
/// The one judge of a virtual directory configuration dump on disk, for every scan that meets one (the web-shell scan
/// and the OAB and ECP on-disk scans): with code ASP.NET runs (in a URL field or wrapped onto its own lines) it is the
/// CVE-2021-27065 web shell; markup that does not run is evidence of the write or of a copied write-up; script-free it
/// is at most a low anomaly. The rules are <see cref="ConfigurationRules"/> HT-OAB-101 to HT-OAB-105.
/// </summary>
internal static class ConfigurationDumpCheck
{
    // Every dump has an InternalUrl or an ExternalUrl line; looked for in the bytes before anything is decoded.
    private const string UrlLabelTail = "rnalUrl";

    // Binary formats whose content is never a configuration dump; not worth reading.
    private static readonly HashSet<string> BinaryExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".dll", ".exe", ".pdb", ".sys", ".msi", ".msp", ".cab", ".zip", ".7z", ".rar", ".gz", ".png", ".gif", ".jpg",
        ".jpeg", ".ico", ".bmp", ".woff", ".woff2", ".ttf", ".eot", ".otf", ".mp3", ".wav", ".xap", ".mui", ".dmp",
        ".pdf", ".chm", ".etl", ".edb",
    };

    /// <summary>
    /// True when a file of this name and size can be a dump at all: not a binary format by name and no larger than
    /// <see cref="ConfigurationDump.MaxPlausibleBytes"/>. Decides, before a file is opened, whether to read it.
    /// </summary>
    public static bool MayBeDump(string path, long length) =>
        length <= ConfigurationDump.MaxPlausibleBytes && !BinaryExtensions.Contains(ServerCode.ExtensionOf(path));

    /// <summary>
    /// True when content already read (<paramref name="count"/> bytes, sniffed as <paramref name="kind"/>) can be a
    /// dump: a plausible name and size, text, and a URL label somewhere in it. Most files stop here undecoded.
    /// </summary>
    public static bool MayBeDump(string path, byte[] data, int count, ContentKind kind) =>
        kind == ContentKind.Text && MayBeDump(path, count) && ContentSniffer.ContainsText(data, count, UrlLabelTail);

    /// <summary>
    /// Findings for <paramref name="file"/> whose decoded content is <paramref name="text"/> and SHA-256
    /// <paramref name="sha256"/>; none when it is not a dump. The findings name <paramref name="computerName"/> when
    /// it is known (where the file was found), else the server the dump itself names.
    /// </summary>
    public static IReadOnlyList<Finding> Inspect(FileCandidate file, string text, string? sha256, string? computerName)
    {
        if (file is null)
        {
            throw new ArgumentNullException(nameof(file));
        }

        var dump = ConfigurationDump.TryParse(text);
        return dump is null ? [] : [Judge(file, text, dump, sha256, computerName is null || computerName.Length == 0 ? dump.Server ?? string.Empty : computerName)];
    }

    private static Finding Judge(FileCandidate file, string text, ConfigurationDump dump, string? sha256, string computer)
    {
        string directory = dump.Identity ?? dump.Name ?? "(unnamed virtual directory)";
        bool executable = ServerCode.IsPageExtension(file.Path);
        DumpField? markedField = dump.ScriptUrlField(out string? markup);
        int codeLine = ConfigurationDump.FirstServerSideCodeLine(text, out string? code);
        if (codeLine > 0)
        {
            // The web shell: code ASP.NET runs, normally inside the URL field the attacker set.
            var field = markedField is not null && codeLine >= markedField.LineNumber && codeLine <= markedField.LineNumber + LineCount(markedField.Value) - 1 ? markedField : null;
            return file.CreateFinding(
                executable ? ConfigurationRules.ConfigurationDumpShell : ConfigurationRules.ConfigurationDumpScriptNotServed,
                computer,
                sha256,
                field?.LineNumber ?? codeLine,
                field is null ? LineAt(text, codeLine) : field.Label + " : " + field.Value,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "Configuration dump of {0} ({1}) with server-side code {2}: '{3}'{4}.",
                    directory,
                    dump.Kind,
                    field is null ? "on line " + codeLine.ToString(CultureInfo.InvariantCulture) : "in " + field.Label,
                    code,
                    executable ? "; IIS runs it when the file is requested" : "; under this name IIS does not run it"));
        }

        if (markedField is not null)
        {
            bool raw = markedField.Value.IndexOf('<') >= 0;
            return file.CreateFinding(
                raw ? ConfigurationRules.ConfigurationDumpScriptNotServed : ConfigurationRules.ConfigurationDumpEncodedMarkup,
                computer,
                sha256,
                markedField.LineNumber,
                markedField.Label + " : " + markedField.Value,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "Configuration dump of {0} ({1}); {2} carries {3} '{4}' that the server does not run.",
                    directory,
                    dump.Kind,
                    markedField.Label,
                    raw ? "client-side markup" : "encoded markup",
                    markup));
        }

        return file.CreateFinding(
            executable ? ConfigurationRules.ConfigurationDumpExecutableName : ConfigurationRules.ConfigurationDumpText,
            computer,
            sha256,
            null,
            null,
            string.Format(CultureInfo.InvariantCulture, "Script-free configuration dump of {0} ({1}).", directory, dump.Kind));
    }

    private static int LineCount(string value)
    {
        int lines = 1;
        foreach (char c in value)
        {
            lines += c == '\n' ? 1 : 0;
        }

        return lines;
    }

    private static string LineAt(string text, int lineNumber)
    {
        string[] lines = text.Split('\n');
        return lineNumber >= 1 && lineNumber <= lines.Length ? lines[lineNumber - 1].TrimEnd('\r') : string.Empty;
    }
}
