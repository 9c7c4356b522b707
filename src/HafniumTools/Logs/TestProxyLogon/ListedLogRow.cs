using System;

namespace HafniumTools.Logs.TestProxyLogon;

/// <summary>
/// One line of a plain list of log files that Test-ProxyLogon wrote (<c>&lt;server&gt;-Cve-2021-26858.log</c>,
/// <c>&lt;server&gt;-Cve-2021-27065.log</c>): the path, on the server, of a log it flagged. Its one field,
/// <c>ListedLog</c>, is that path; the server is the one the report is named after.
/// </summary>
internal sealed class ListedLogRow(LogKind kind, string path, long lineNumber, string listedLog) : ILogRow
{
    public LogKind Kind => kind;

    public string Path => path;

    public long LineNumber => lineNumber;

    public string? ComputerName => LogLocation.ComputerNameFromPath(path);

    public DateTime? Timestamp => null;

    public string RawText => listedLog;

    /// <summary>The path of the log Test-ProxyLogon flagged, as it wrote it.</summary>
    public string ListedLog => listedLog;

    public string? this[string field] => string.Equals(field, "ListedLog", StringComparison.OrdinalIgnoreCase) ? listedLog : null;
}
