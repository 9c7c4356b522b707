using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using HafniumTools.Logs.Oab;

namespace HafniumTools.Logs.TestProxyLogon;

/// <summary>
/// Test-ProxyLogon's CVE-2021-26858 list, <c>&lt;server&gt;-Cve-2021-26858-DownloadPaths.log</c>: one quoted path a line,
/// each the temporary file of an OABGeneratorLog "Download failed and temporary file '…' needs to be removed" message it
/// found outside ClientAccess\OAB. Each line is read as that message, so the OAB generator rule judges the path.
/// </summary>
internal sealed class TestProxyLogonDownloadPathsFormat : ILogFileFormat
{
    private static readonly Regex QuotedPath = new(
        @"^'(?:[A-Za-z]:\\|\\\\)[^'\r\n]*'$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public LogKind Kind => LogKind.OabGenerator;

    /// <summary>Every complete, non-empty line of the head is a single-quoted absolute Windows path.</summary>
    public bool Recognizes(byte[] head, int count)
    {
        string text = Encoding.UTF8.GetString(head, 0, Math.Min(count, head.Length)).TrimStart('\uFEFF');
        int end = text.LastIndexOf('\n');
        string[] lines = (end < 0 ? text : text.Substring(0, end)).Split('\n');
        int paths = 0;
        foreach (string line in lines)
        {
            string trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (!QuotedPath.IsMatch(trimmed))
            {
                return false;
            }

            paths++;
        }

        return paths > 0 || QuotedPath.IsMatch(text.Trim());
    }

    public IEnumerable<ILogRow> Read(Stream stream, string path, CancellationToken cancellationToken)
    {
        foreach (var (number, text) in PlainListLines.Read(stream, cancellationToken))
        {
            yield return new ListedPathRow(path, number, text);
        }
    }

    /// <summary>One listed path, read as the OAB generator message Test-ProxyLogon took it from.</summary>
    private sealed class ListedPathRow(string path, long lineNumber, string line) : ILogRow
    {
        public LogKind Kind => LogKind.OabGenerator;

        public string Path => path;

        public long LineNumber => lineNumber;

        public string? ComputerName => LogLocation.ComputerNameFromPath(path);

        public DateTime? Timestamp => null;

        public string RawText => line;

        public string? this[string field] =>
            string.Equals(field, "Message", StringComparison.OrdinalIgnoreCase) ? OabTemporaryFile.Phrase + " " + line + " needs to be removed" : null;
    }
}
