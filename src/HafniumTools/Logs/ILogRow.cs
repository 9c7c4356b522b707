using System;

namespace HafniumTools.Logs;

/// <summary>One record of any log source (a CSV row, an OAB generator line, an exported event).</summary>
internal interface ILogRow
{
    LogKind Kind { get; }

    /// <summary>The file the record came from, as given by the user.</summary>
    string Path { get; }

    /// <summary>1-based line (or record) number in <see cref="Path"/>.</summary>
    long LineNumber { get; }

    /// <summary>The server that wrote the record, when the record or its location says so.</summary>
    string? ComputerName { get; }

    /// <summary>The record's time in UTC, when it has one.</summary>
    DateTime? Timestamp { get; }

    /// <summary>The record as it stands in the file.</summary>
    string RawText { get; }

    /// <summary>A field by its header name (case-insensitive), or null when the source has no such field.</summary>
    string? this[string field] { get; }
}
