using System.Collections.Generic;
using System.Globalization;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Configuration;

/// <summary>
/// Judges a file that may be a virtual directory configuration dump: with code ASP.NET runs (in a URL field or
/// wrapped onto its own lines) it is the CVE-2021-27065 web shell; markup that does not run is evidence of the
/// write or of a copied write-up; script-free it is at most a low anomaly.
/// </summary>
public static class ConfigurationDumpCheck
{
    /// <summary>Findings for <paramref name="file"/>; none when it is not a dump.</summary>
    public static IEnumerable<Finding> Inspect(EvidenceFile file, string? defaultComputerName)
    {
        // Every dump has an InternalUrl or ExternalUrl line; most files are passed over without being decoded.
        if (file is null || !file.MayContain("rnalUrl") || file.Text is null)
        {
            yield break;
        }

        var dump = ConfigurationDump.TryParse(file.Text);
        if (dump is null)
        {
            yield break;
        }

        string computer = dump.Server ?? defaultComputerName ?? string.Empty;
        string directory = dump.Identity ?? dump.Name ?? "(unnamed virtual directory)";
        bool executable = WebPaths.IsServerExecutable(file.Path);
        DumpField? markedField = null;
        string? markup = null;
        foreach (var pair in dump.UrlFields())
        {
            if (UrlInspection.CarriesScriptOrMarkup(pair.Value.Value, out markup))
            {
                markedField = pair.Key;
                break;
            }
        }

        int codeLine = ConfigurationDump.FirstServerSideCodeLine(file.Text, out string? code);
        if (codeLine > 0)
        {
            // The web shell: code ASP.NET runs, normally inside the URL field the attacker set.
            bool inField = markedField is not null && codeLine >= markedField.LineNumber && codeLine <= markedField.LineNumber + LineCount(markedField.Value) - 1;
            int line = inField ? markedField!.LineNumber : codeLine;
            yield return Describe(
                file, executable ? ConfigurationRules.ConfigurationDumpShell : ConfigurationRules.ConfigurationDumpScriptNotServed, computer, line,
                inField ? markedField!.Label + " : " + markedField.Value : LineAt(file.Text, codeLine),
                string.Format(
                    CultureInfo.InvariantCulture,
                    "Configuration dump of {0} ({1}) with server-side code {2}: '{3}'{4}.",
                    directory,
                    dump.Kind,
                    inField ? "in " + markedField!.Label : "on line " + codeLine.ToString(CultureInfo.InvariantCulture),
                    code,
                    executable ? "; IIS runs it when the file is requested" : "; under this name IIS does not run it"));
            yield break;
        }

        if (markedField is not null)
        {
            bool raw = markedField.Value.IndexOf('<') >= 0;
            yield return Describe(
                file, raw ? ConfigurationRules.ConfigurationDumpScriptNotServed : ConfigurationRules.ConfigurationDumpEncodedMarkup, computer, markedField.LineNumber,
                markedField.Label + " : " + markedField.Value,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "Configuration dump of {0} ({1}); {2} carries {3} '{4}' that the server does not run.",
                    directory,
                    dump.Kind,
                    markedField.Label,
                    raw ? "client-side markup" : "encoded markup",
                    markup));
            yield break;
        }

        yield return Describe(
            file, executable ? ConfigurationRules.ConfigurationDumpExecutableName : ConfigurationRules.ConfigurationDumpText, computer, null, null,
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

    private static Finding Describe(EvidenceFile file, DetectionRule rule, string computer, int? line, string? excerpt, string detail) =>
        new(rule, computer)
        {
            Path = file.Path,
            LineNumber = line,
            FileSha256 = file.Sha256,
            FileSize = file.Size,
            FileCreated = file.Created,
            FileModified = file.Modified,
            Timestamp = file.Modified,
            RawText = excerpt,
            Detail = detail,
        };

    private static string LineAt(string text, int lineNumber)
    {
        string[] lines = text.Split('\n');
        return lineNumber >= 1 && lineNumber <= lines.Length ? lines[lineNumber - 1].TrimEnd('\r') : string.Empty;
    }
}
