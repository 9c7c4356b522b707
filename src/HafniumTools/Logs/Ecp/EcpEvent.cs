using System;

namespace HafniumTools.Logs.Ecp;

/// <summary>A Set carrying script or a row of a reset, as the correlation remembers it.</summary>
internal sealed class EcpEvent(string path, long lineNumber, DateTime? timestamp, string? sid, string operation, string? url, string? rawText, string? computerName)
{
    public string Path { get; } = path;

    public long LineNumber { get; } = lineNumber;

    public DateTime? Timestamp { get; } = timestamp;

    public string? Sid { get; } = sid;

    /// <summary>The cmdlet (Set) or the reset workflow name.</summary>
    public string Operation { get; } = operation;

    /// <summary>The URL value carrying script (Set) or the ECP request URL (reset).</summary>
    public string? Url { get; } = url;

    public string? RawText { get; } = rawText;

    public string? ComputerName { get; } = computerName;
}
