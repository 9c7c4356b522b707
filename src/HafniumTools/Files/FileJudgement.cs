using System;
using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Files;

/// <summary>
/// What judging one file gave: its findings and how much of it was read. Handed from the worker that read the file
/// to the thread that reports to the sink (<see cref="FileScan"/>); never leaves the engine.
/// </summary>
internal sealed class FileJudgement
{
    /// <summary>The reason a file over the size cap was not read.</summary>
    public const string TooLarge = "TooLarge";

    /// <summary>The reason a symbolic link was not read.</summary>
    public const string Link = "Link";

    public FileJudgement(FileCandidate file, string computerName, IReadOnlyList<Finding> findings, long bytesRead, string? skipReason = null, Exception? error = null)
    {
        Error = error;
        File = file;
        ComputerName = computerName;
        Findings = findings;
        BytesRead = bytesRead;
        SkipReason = skipReason;
    }

    public FileCandidate File { get; }

    /// <summary>The server the file belongs to (see <see cref="FileScanOptions.ComputerNameFor"/>), for coverage.</summary>
    public string ComputerName { get; }

    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>Bytes of content read and judged; 0 when the file was judged by name, size and location only.</summary>
    public long BytesRead { get; }

    /// <summary>Why the content was left unread on purpose (<see cref="TooLarge"/>, <see cref="Link"/>); null otherwise.</summary>
    public string? SkipReason { get; }

    /// <summary>
    /// Why the content could not be read (the file could not be opened or read); null when it was read or skipped on
    /// purpose. <see cref="Findings"/> then holds what needs no content: the name and location leads.
    /// </summary>
    public Exception? Error { get; }

    /// <summary>Why the content was read but its server code not fully analysed (a page built to be slow); null otherwise.</summary>
    public string? Incomplete { get; init; }
}
