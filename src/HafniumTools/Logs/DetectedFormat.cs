namespace HafniumTools.Logs;

/// <summary>
/// What a file is, decided from its first bytes, and for a text log what its header said: the columns, and where
/// the data rows start, so the reader starts there with the columns and never parses the header again.
/// </summary>
internal sealed class DetectedFormat
{
    public DetectedFormat(LogKind kind, ILogFileFormat? plugin, bool fromHeader, LogFieldMap? fields = null, int dataStart = 0, long headerLines = 0)
    {
        Kind = kind;
        Plugin = plugin;
        FromHeader = fromHeader;
        Fields = fields ?? LogFieldMap.DefaultFor(kind);
        DataStart = dataStart;
        HeaderLines = headerLines;
    }

    public LogKind Kind { get; }

    /// <summary>
    /// True when the format claimed the file without certainty (<see cref="IXmlLogFileFormat.IsTentative"/>): if no
    /// record comes out of it, it is no log rather than a log that yielded nothing.
    /// </summary>
    public bool Tentative { get; init; }

    /// <summary>The format that reads the file, or null for Exchange's own text logs.</summary>
    public ILogFileFormat? Plugin { get; }

    /// <summary>True when the file's content said what it is; false when only its location did.</summary>
    public bool FromHeader { get; }

    /// <summary>A text log's columns as its header names them, or the kind's usual columns when it has no header.</summary>
    public LogFieldMap Fields { get; }

    /// <summary>The byte offset of the first line after the byte order mark and the header lines.</summary>
    public int DataStart { get; }

    /// <summary>How many lines come before <see cref="DataStart"/> (so line numbers stay those of the file).</summary>
    public long HeaderLines { get; }
}
