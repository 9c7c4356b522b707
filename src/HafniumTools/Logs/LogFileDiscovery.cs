using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace HafniumTools.Logs;

/// <summary>
/// Turns what the user named (an Exchange install root, its <c>Logging</c> folder, a triage folder holding one or
/// many servers, single files, UNC paths) into the files to read, each once. Folders are walked without following
/// links; a folder that cannot be listed is reported and the walk goes on.
/// </summary>
internal sealed class LogFileDiscovery
{
    // Files under Logging or a triage tree that are never text logs: skipped without opening them.
    private static readonly HashSet<string> NeverLogs = new(StringComparer.OrdinalIgnoreCase)
    {
        ".edb", ".dll", ".exe", ".pdb", ".chk", ".jrs", ".jcr", ".etl", ".evtx", ".zip", ".7z", ".rar", ".cab", ".msi", ".msp", ".blg",
        ".dmp", ".pak", ".gz", ".png", ".jpg", ".gif", ".ico", ".pdf", ".docx", ".xlsx", ".mdb", ".stm", ".db",
    };

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>Called for each folder that could not be listed (the path, the failure).</summary>
    public Action<string, Exception>? OnFolderError { get; set; }

    /// <summary>
    /// The files under <paramref name="path"/> (a file or a folder that exists), skipping any already returned.
    /// For an Exchange install root only its <c>Logging</c> folder is walked.
    /// </summary>
    public IEnumerable<LogFileEntry> Expand(string path)
    {
        if (File.Exists(path))
        {
            var entry = LogFileEntry.FromFile(path, explicitlyNamed: true);
            if (_seen.Add(entry.Path))
            {
                yield return entry;
            }

            yield break;
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException("No file or folder at this path.", path);
        }

        string root = LoggingFolderOfInstall(path) ?? path;
        foreach (var file in Walk(root))
        {
            if (_seen.Add(file.Path))
            {
                yield return file;
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

    private IEnumerable<LogFileEntry> Walk(string root)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            string folder = pending.Pop();
            List<FileInfo> files;
            List<DirectoryInfo> folders;
            try
            {
                var info = new DirectoryInfo(folder);
                files = info.EnumerateFiles().ToList();
                folders = info.EnumerateDirectories().Where(d => (d.Attributes & FileAttributes.ReparsePoint) == 0).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                OnFolderError?.Invoke(folder, e);
                continue;
            }

            foreach (var file in files.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase))
            {
                if (!NeverLogs.Contains(file.Extension))
                {
                    yield return new LogFileEntry(file.FullName, SafeLength(file), file.LastWriteTimeUtc, explicitlyNamed: false);
                }
            }

            foreach (var sub in folders.OrderByDescending(d => d.Name, StringComparer.OrdinalIgnoreCase))
            {
                pending.Push(sub.FullName);
            }
        }
    }

    private static long SafeLength(FileInfo file)
    {
        try
        {
            return file.Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
