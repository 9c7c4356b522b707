using System;

namespace HafniumTools.Logs;

/// <summary>A file the hunt will read, with its size and last write time from the listing.</summary>
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

    public override string ToString() => Path;
}
