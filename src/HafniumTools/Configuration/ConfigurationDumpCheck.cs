using System.Collections.Generic;
using System.Globalization;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Configuration;

/// <summary>
/// Judges a file that may be a virtual directory configuration dump: with script in a URL field (or server-side
/// code anywhere in it) it is the CVE-2021-27065 web shell; script-free it is at most a low anomaly.
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
        foreach (var pair in dump.UrlFields())
        {
            if (UrlInspection.CarriesScriptOrMarkup(pair.Value.Value, out string? indicator))
            {
                yield return Describe(file, executable ? ConfigurationRules.ConfigurationDumpShell : ConfigurationRules.ConfigurationDumpScriptNotServed, computer, pair.Key.LineNumber,
                    pair.Key.Label + " : " + pair.Key.Value,
                    string.Format(CultureInfo.InvariantCulture, "Configuration dump of {0} ({1}); {2} carries script: '{3}'.", directory, dump.Kind, pair.Key.Label, indicator));
                yield break;
            }
        }

        int line = ConfigurationDump.FirstServerSideCodeLine(file.Text, out string? code);
        if (line > 0)
        {
            yield return Describe(file, executable ? ConfigurationRules.ConfigurationDumpShell : ConfigurationRules.ConfigurationDumpScriptNotServed, computer, line,
                LineAt(file.Text, line),
                string.Format(CultureInfo.InvariantCulture, "Configuration dump of {0} ({1}) with server-side code on line {2}: '{3}'.", directory, dump.Kind, line, code));
            yield break;
        }

        yield return Describe(file, executable ? ConfigurationRules.ConfigurationDumpExecutableName : ConfigurationRules.ConfigurationDumpText, computer, null,
            null,
            string.Format(CultureInfo.InvariantCulture, "Script-free configuration dump of {0} ({1}).", directory, dump.Kind));
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
