using System.Collections.Generic;
using System.Globalization;
using HafniumTools.Files;
using HafniumTools.Model;

namespace HafniumTools.Configuration;

/// <summary>
/// Judges a file that may be a virtual directory configuration dump: with code ASP.NET runs (in a URL field or
/// wrapped onto its own lines) it is the CVE-2021-27065 web shell; markup that does not run is evidence of the
/// write or of a copied write-up; script-free it is at most a low anomaly.
/// </summary>
internal static class ConfigurationDumpCheck
{
    /// <summary>
    /// Findings for <paramref name="file"/> whose decoded content is <paramref name="text"/> and SHA-256
    /// <paramref name="sha256"/>; none when it is not a dump.
    /// </summary>
    public static IEnumerable<Finding> Inspect(FileCandidate file, string text, string? sha256, string? defaultComputerName)
    {
        if (file is null)
        {
            throw new System.ArgumentNullException(nameof(file));
        }

        var dump = ConfigurationDump.TryParse(text);
        if (dump is null)
        {
            yield break;
        }

        string computer = dump.Server ?? defaultComputerName ?? string.Empty;
        string directory = dump.Identity ?? dump.Name ?? "(unnamed virtual directory)";
        bool executable = ServerCode.IsPageExtension(file.Path);
        DumpField? markedField = dump.ScriptUrlField(out string? markup);
        int codeLine = ConfigurationDump.FirstServerSideCodeLine(text, out string? code);
        if (codeLine > 0)
        {
            // The web shell: code ASP.NET runs, normally inside the URL field the attacker set.
            bool inField = markedField is not null && codeLine >= markedField.LineNumber && codeLine <= markedField.LineNumber + LineCount(markedField.Value) - 1;
            int line = inField ? markedField!.LineNumber : codeLine;
            yield return Describe(
                file, sha256, executable ? ConfigurationRules.ConfigurationDumpShell : ConfigurationRules.ConfigurationDumpScriptNotServed, computer, line,
                inField ? markedField!.Label + " : " + markedField.Value : LineAt(text, codeLine),
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
                file, sha256, raw ? ConfigurationRules.ConfigurationDumpScriptNotServed : ConfigurationRules.ConfigurationDumpEncodedMarkup, computer, markedField.LineNumber,
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
            file, sha256, executable ? ConfigurationRules.ConfigurationDumpExecutableName : ConfigurationRules.ConfigurationDumpText, computer, null, null,
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

    private static Finding Describe(FileCandidate file, string? sha256, DetectionRule rule, string computer, int? line, string? excerpt, string detail) =>
        file.CreateFinding(rule, computer, sha256, line, excerpt, detail);

    private static string LineAt(string text, int lineNumber)
    {
        string[] lines = text.Split('\n');
        return lineNumber >= 1 && lineNumber <= lines.Length ? lines[lineNumber - 1].TrimEnd('\r') : string.Empty;
    }
}
