using System;
using System.IO;

namespace HafniumTools.Logs;

/// <summary>A file the hunt will read.</summary>
internal sealed class LogFileEntry
{
    public LogFileEntry(string path, long length, DateTime lastWriteTimeUtc, bool explicitlyNamed)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        Length = length;
        LastWriteTimeUtc = lastWriteTimeUtc;
        ExplicitlyNamed = explicitlyNamed;
    }

    /// <summary>The file's full path (local, UNC or triage copy).</summary>
    public string Path { get; }

    public long Length { get; }

    public DateTime LastWriteTimeUtc { get; }

    /// <summary>True when the user named this file (rather than a folder that holds it).</summary>
    public bool ExplicitlyNamed { get; }

    public static LogFileEntry FromFile(string path, bool explicitlyNamed)
    {
        var info = new FileInfo(path);
        return new LogFileEntry(info.FullName, info.Length, info.LastWriteTimeUtc, explicitlyNamed);
    }

    public override string ToString() => Path;
}

/// <summary>What reading one file gave: the numbers coverage is built from, and why it failed if it did.</summary>
internal sealed class LogFileSummary
{
    public LogFileSummary(LogFileEntry file, LogKind kind, string source, string computerName)
    {
        File = file;
        Kind = kind;
        Source = source;
        ComputerName = computerName;
    }

    public LogFileEntry File { get; }

    public LogKind Kind { get; }

    public string Source { get; }

    public string ComputerName { get; }

    public long Bytes { get; init; }

    public long Lines { get; init; }

    public DateTime? FirstTimestamp { get; init; }

    public DateTime? LastTimestamp { get; init; }

    /// <summary>True when the kind came from the file's own content (not just its folder).</summary>
    public bool RecognizedFromHeader { get; init; }

    /// <summary>The file could not be read or is not a log; the scan went on without it.</summary>
    public Exception? Error { get; init; }

    /// <summary>Left out because it was last written before -Since.</summary>
    public bool SkippedByTime { get; init; }

    public int RuleFailures { get; init; }

    public Exception? FirstRuleFailure { get; init; }

    public bool Recognized => Kind != LogKind.Unknown;
}
