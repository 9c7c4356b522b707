using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using HafniumTools.Core;
using HafniumTools.Files;

namespace HafniumTools.Logs;

/// <summary>
/// Turns what the user named (an Exchange install root, its <c>Logging</c> folder, a triage folder holding one or
/// many servers, single files, UNC paths) into the files to read, each once. Folders are walked by the module's one
/// walker (<see cref="FileTreeWalker"/>: links not followed); what is added here is knowing an install root (only
/// its <c>Logging</c> folder holds logs) and the files that are never logs. A folder that cannot be listed is
/// reported to the sink and the walk goes on.
/// </summary>
internal sealed class LogFileDiscovery(IScanSink sink)
{
    // Files under Logging or a triage tree that are never text logs: skipped without opening them.
    private static readonly HashSet<string> NeverLogs = new(StringComparer.OrdinalIgnoreCase)
    {
        ".edb", ".dll", ".exe", ".pdb", ".chk", ".jrs", ".jcr", ".etl", ".evtx", ".zip", ".7z", ".rar", ".cab", ".msi", ".msp", ".blg",
        ".dmp", ".pak", ".gz", ".png", ".jpg", ".gif", ".ico", ".pdf", ".docx", ".xlsx", ".mdb", ".stm", ".db",
    };

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>
    /// The files of every path, each once. A path that no longer exists is a <see cref="ErrorIds.PathNotFound"/>
    /// problem, one that cannot be read a <see cref="ErrorIds.FolderUnreadable"/> one; the other paths are still read.
    /// </summary>
    public List<LogFileEntry> Find(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var files = new List<LogFileEntry>();
        foreach (string path in paths)
        {
            try
            {
                files.AddRange(Expand(path, cancellationToken));
            }
            catch (FileNotFoundException e)
            {
                sink.Problem(ScanProblem.Error(
                    ErrorIds.PathNotFound,
                    ProblemCategory.ObjectNotFound,
                    "Cannot find the log path '" + path + "'.",
                    path,
                    e,
                    "Give an Exchange install root, its Logging folder, a triage folder or log files that exist."));
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException or System.Security.SecurityException)
            {
                sink.Problem(FolderUnreadable(path, e));
            }
        }

        return files;
    }

    /// <summary>
    /// The files under <paramref name="path"/> (a file or a folder that exists), skipping any already returned.
    /// For an Exchange install root only its <c>Logging</c> folder is walked. Throws <see cref="FileNotFoundException"/>
    /// when there is nothing at the path.
    /// </summary>
    public IEnumerable<LogFileEntry> Expand(string path, CancellationToken cancellationToken = default)
    {
        if (File.Exists(path))
        {
            var info = new FileInfo(path);
            if (_seen.Add(info.FullName))
            {
                yield return new LogFileEntry(info.FullName, info.Length, info.LastWriteTimeUtc, explicitlyNamed: true);
            }

            yield break;
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException("No file or folder at this path.", path);
        }

        string root = LoggingFolderOfInstall(path) ?? path;
        foreach (var file in FileTreeWalker.Walk([new ScanRoot(root)], cancellationToken: cancellationToken))
        {
            if (file.Error is NotARegularFileException notRegular)
            {
                sink.Problem(ScanProblem.Warning(ErrorIds.NotARegularFile, "Skipped " + notRegular.Message, file.Path));
            }
            else if (file.Error is { } error)
            {
                sink.Problem(error is UnlistableFolderException || Directory.Exists(file.Path) ? FolderUnreadable(file.Path, error) : FileUnreadable(file.Path, error));
            }
            else if (file.IsLink)
            {
                sink.Problem(ScanProblem.Warning(ErrorIds.LinkNotFollowed, "Skipped '" + file.Path + "': a symbolic link, not followed (it may lead out of the evidence tree). Pass its target to read it.", file.Path));
            }
            else if (!NeverLogs.Contains(Path.GetExtension(file.Path)) && _seen.Add(file.Path))
            {
                yield return new LogFileEntry(file.Path, file.Length, file.ModifiedUtc ?? DateTime.MinValue, explicitlyNamed: false);
            }
        }
    }

    /// <summary>The <c>Logging</c> folder when <paramref name="folder"/> is an Exchange install root (V15), else null.</summary>
    public static string? LoggingFolderOfInstall(string folder)
    {
        string? logging = ChildFolder(folder, "Logging");
        if (logging is null)
        {
            return null;
        }

        bool install = ChildFolder(folder, "Bin") is not null || ChildFolder(folder, "FrontEnd") is not null || ChildFolder(folder, "ClientAccess") is not null;
        return install ? logging : null;
    }

    private static ScanProblem FolderUnreadable(string folder, Exception error) => ScanProblem.Error(
        ErrorIds.FolderUnreadable,
        ProblemCategory.ReadError,
        error.Message,
        folder,
        error,
        "Run as a user who can list this folder, or copy the logs to a readable place.");

    private static ScanProblem FileUnreadable(string file, Exception error) => ScanProblem.Error(
        ErrorIds.FileUnreadable,
        error is UnauthorizedAccessException ? ProblemCategory.PermissionDenied : ProblemCategory.ReadError,
        "Cannot read '" + file + "': " + error.Message,
        file,
        error,
        "Run as a user who can read this file, or copy the logs to a readable place.");

    private static string? ChildFolder(string folder, string name)
    {
        try
        {
            return Directory.EnumerateDirectories(folder)
                .FirstOrDefault(d => string.Equals(Path.GetFileName(d), name, StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
