using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace HafniumTools.Logs.TestProxyLogon;

/// <summary>
/// The plain lists of log files Test-ProxyLogon wrote with <c>Set-Content</c>: <c>&lt;server&gt;-Cve-2021-26858.log</c>
/// (OABGeneratorLog files holding "Download failed and temporary file") and <c>&lt;server&gt;-Cve-2021-27065.log</c>
/// (ECP Server logs holding a Set-*VirtualDirectory it flagged), one absolute path a line, unquoted. One instance per
/// log the list names: recognised when every complete line of the head is such a path under that log's folder, read as
/// <see cref="ListedLogRow"/>s of that log's kind, which <see cref="TestProxyLogonListRules"/> judges.
/// </summary>
internal sealed class TestProxyLogonLogListFormat : ILogFileFormat
{
    private static readonly Regex AbsolutePath = new(@"^(?:[A-Za-z]:\\|\\\\[^\\]+\\)[^'""\r\n<>|*?]*$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private readonly string _folder;

    /// <param name="kind">The kind of log the listed files are (OabGenerator or EcpServer).</param>
    /// <param name="folder">The folder, below <c>Logging</c>, every listed file lies in (<c>\OABGeneratorLog\</c>, <c>\ECP\Server\</c>).</param>
    public TestProxyLogonLogListFormat(LogKind kind, string folder)
    {
        Kind = kind;
        _folder = folder;
    }

    public LogKind Kind { get; }

    public bool Recognizes(byte[] head, int count)
    {
        string text = Encoding.UTF8.GetString(head, 0, Math.Min(count, head.Length)).TrimStart('\uFEFF');
        int end = text.LastIndexOf('\n');
        string complete = end < 0 ? (count < head.Length ? text : string.Empty) : text.Substring(0, end);
        int paths = 0;
        foreach (string line in complete.Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (!IsListedLog(trimmed))
            {
                return false;
            }

            paths++;
        }

        return paths > 0;
    }

    public IEnumerable<ILogRow> Read(Stream stream, string path, CancellationToken cancellationToken)
    {
        foreach (var (number, text) in PlainListLines.Read(stream, cancellationToken))
        {
            if (!IsListedLog(text))
            {
                throw new InvalidDataException("Line " + number + " of this Test-ProxyLogon list is not the path of a log under " + _folder.Trim('\\') + ".");
            }

            yield return new ListedLogRow(Kind, path, number, text);
        }
    }

    private bool IsListedLog(string line) =>
        line.Length <= 1024 && AbsolutePath.IsMatch(line) && line.IndexOf(@"\Logging" + _folder, StringComparison.OrdinalIgnoreCase) > 0;
}
