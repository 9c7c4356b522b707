using System;
using System.Globalization;

namespace HafniumTools.Model;

/// <summary>
/// What one source of evidence covered for one server: a log source (<c>HttpProxy/Owa</c>, <c>ECP/Server</c>,
/// <c>EventLog/Application</c>) with the time span its rows reach, or a scanned set of files (web folders, OAB and ECP
/// folders). "Found nothing" only means something over what this says was read: files and bytes read, the files that
/// could not be read, and the files skipped and why. Every scanning cmdlet hands these out through
/// <c>-CoverageVariable</c>; the per-server audit carries them.
/// </summary>
public sealed class ScanCoverage
{
    public ScanCoverage(string computerName, FindingCategory category, string source)
    {
        ComputerName = computerName ?? string.Empty;
        Category = category;
        Source = source ?? string.Empty;
    }

    /// <summary>The server, by the module's one naming convention (FQDN where the evidence gives it, else the short name).</summary>
    public string ComputerName { get; init; }

    /// <summary>The kind of evidence (HttpProxy, Ecp, Oab, EventLog, Iis, FileSystem).</summary>
    public FindingCategory Category { get; init; }

    /// <summary>The source within the kind: <c>HttpProxy/Owa</c>, <c>ECP/Server</c>, <c>IIS/W3SVC1</c>, <c>WebFolders</c>.</summary>
    public string Source { get; init; }

    /// <summary>The earliest record time seen (logs), UTC; null for file scans and logs without times.</summary>
    public DateTimeOffset? FirstTimestamp { get; init => field = value?.ToUniversalTime(); }

    /// <summary>The latest record time seen (logs), UTC.</summary>
    public DateTimeOffset? LastTimestamp { get; init => field = value?.ToUniversalTime(); }

    /// <summary>Days between the first and last record (0 when unknown).</summary>
    public double Days => FirstTimestamp is DateTimeOffset f && LastTimestamp is DateTimeOffset l ? Math.Round((l - f).TotalDays, 1) : 0;

    /// <summary>Files looked at, including the unreadable and skipped ones.</summary>
    public int Files { get; init; }

    /// <summary>Bytes read.</summary>
    public long Bytes { get; init; }

    /// <summary>Records read (log rows, events); 0 for file scans.</summary>
    public long Lines { get; init; }

    /// <summary>Files that could not be read (access, lock, damage); each was also reported as an error.</summary>
    public int UnreadableFiles { get; init; }

    /// <summary>The files that could not be read; one comma-separated line in CSV.</summary>
    public TextList UnreadablePaths { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>Files not read in full, on purpose (over the size cap, not a regular file, outside the time window).</summary>
    public int SkippedFiles { get; init; }

    /// <summary>Each skipped file with why, as <c>path (reason)</c>; one comma-separated line in CSV.</summary>
    public TextList SkippedPaths { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>True when nothing of this source could be read: no verdict can rest on it.</summary>
    public bool NothingRead => Files == UnreadableFiles + SkippedFiles && Bytes == 0;

    /// <summary>One line for a terminal or a log, control characters from evidence shown visibly (<see cref="DisplayText"/>).</summary>
    public override string ToString() => DisplayText.Escape(string.Format(
        CultureInfo.InvariantCulture,
        "{0} {1}: {2} files, {3} unreadable, {4} skipped{5}",
        ComputerName,
        Source,
        Files,
        UnreadableFiles,
        SkippedFiles,
        FirstTimestamp is DateTimeOffset f && LastTimestamp is DateTimeOffset l
            ? string.Format(CultureInfo.InvariantCulture, ", {0:yyyy-MM-dd HH:mm} .. {1:yyyy-MM-dd HH:mm} UTC", f, l)
            : string.Empty))!;
}
