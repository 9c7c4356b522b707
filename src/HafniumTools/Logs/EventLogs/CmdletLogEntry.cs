using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace HafniumTools.Logs.EventLogs;

/// <summary>
/// The cmdlet and parameters of an <c>MSExchange CmdletLogs</c> event (1 succeeded, 6 failed), from the rendered
/// message (<c>Cmdlet suceeded. Cmdlet Set-X, parameters -A "v" -B "w".</c>) or from the insertion strings (cmdlet,
/// then parameters).
/// </summary>
internal sealed class CmdletLogEntry
{
    private static readonly Regex MessageShape = new(
        @"\bCmdlet\s+(?<cmdlet>[A-Za-z]+-[A-Za-z0-9]+)\s*,\s*parameters\s*(?<parameters>.*)",
        RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));

    private static readonly Regex CmdletName = new(
        @"^[A-Za-z]+-[A-Za-z0-9]+$", RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(200));

    // A parameter name starts the text or follows whitespace: " -ExternalUrl ".
    private static readonly Regex ParameterName = new(
        @"(?:^|\s)-(?<name>[A-Za-z][A-Za-z0-9]*)(?=\s|:|$)",
        RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));

    private CmdletLogEntry(string cmdlet, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        Cmdlet = cmdlet;
        Parameters = parameters;
    }

    public string Cmdlet { get; }

    /// <summary>Parameter names (without the dash) and values without their surrounding quotes.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    public static CmdletLogEntry? FromRow(ILogRow row)
    {
        if (row is null)
        {
            return null;
        }

        try
        {
            // The insertion strings: the cmdlet, then its parameters (first in Exchange's layout, anywhere otherwise).
            for (int i = 0; i < EventRecordRow.MaxDataItems; i++)
            {
                string? item = row["Data" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)];
                if (item is null)
                {
                    break;
                }

                // Other strings look like Verb-Noun too ("ServerRemoteHost-Local"): away from the first place, a cmdlet
                // is only taken when parameters follow it.
                string next = row["Data" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? string.Empty;
                if (CmdletName.IsMatch(item.Trim()) && (i == 0 || next.TrimStart().StartsWith("-", StringComparison.Ordinal)))
                {
                    return new CmdletLogEntry(item.Trim(), SplitParameters(next));
                }
            }

            string? message = row["Message"];
            var match = message is null ? Match.Empty : MessageShape.Match(message);
            return match.Success
                ? new CmdletLogEntry(match.Groups["cmdlet"].Value, SplitParameters(TrimSentenceEnd(match.Groups["parameters"].Value)))
                : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>Splits <c>-A "v" -B w</c>; a value runs to the next <c> -Name </c> and loses one pair of quotes (" or ').</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> SplitParameters(string text)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        var names = ParameterName.Matches(text);
        for (int i = 0; i < names.Count; i++)
        {
            int start = names[i].Index + names[i].Length;
            int end = i + 1 < names.Count ? names[i + 1].Index : text.Length;
            string value = text.Substring(start, end - start).Trim();
            if (value.StartsWith(":", StringComparison.Ordinal))
            {
                value = value.Substring(1).Trim();
            }

            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[value.Length - 1] == value[0])
            {
                value = value.Substring(1, value.Length - 2);
            }

            parameters.Add(new KeyValuePair<string, string>(names[i].Groups["name"].Value, value));
        }

        return parameters;
    }

    private static string TrimSentenceEnd(string text)
    {
        string trimmed = text.Trim();
        int newline = trimmed.IndexOfAny(['\r', '\n']);
        if (newline > 0)
        {
            trimmed = trimmed.Substring(0, newline).TrimEnd();
        }

        return trimmed.EndsWith(".", StringComparison.Ordinal) ? trimmed.Substring(0, trimmed.Length - 1) : trimmed;
    }
}
