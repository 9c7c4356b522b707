using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using HafniumTools.Model;

namespace HafniumTools.Files;

/// <summary>A folder (or file) to scan, and how.</summary>
internal sealed class ScanRoot
{
    public ScanRoot(string path, bool recurse = true, bool contextOnly = false)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        Recurse = recurse;
        ContextOnly = contextOnly;
    }

    public string Path { get; }

    /// <summary>Walk subfolders too.</summary>
    public bool Recurse { get; }

    /// <summary>Only the name/location context rules apply (dumps, archives); file contents are not read.</summary>
    public bool ContextOnly { get; }

    public override string ToString() => Path;
}

/// <summary>
/// One entry of a walk: a file to scan, or a folder or file that could not be read (<see cref="Error"/> set).
/// Sizes and times are taken from the directory listing before the file is opened.
/// </summary>
internal sealed class FileCandidate
{
    public FileCandidate(string path, long length, DateTime? createdUtc, DateTime? modifiedUtc, bool isLink = false, bool contextOnly = false)
    {
        Path = path;
        Length = length;
        CreatedUtc = createdUtc;
        ModifiedUtc = modifiedUtc;
        IsLink = isLink;
        ContextOnly = contextOnly;
    }

    private FileCandidate(string path, Exception error)
    {
        Path = path;
        Error = error;
    }

    public string Path { get; }

    public long Length { get; }

    public DateTime? CreatedUtc { get; }

    public DateTime? ModifiedUtc { get; }

    /// <summary>A symbolic link or other reparse point: named, never followed or read.</summary>
    public bool IsLink { get; }

    public bool ContextOnly { get; }

    /// <summary>Why this folder or file could not be listed or read; null for a normal entry.</summary>
    public Exception? Error { get; }

    public static FileCandidate ForError(string path, Exception error) => new(path, error);

    /// <summary>
    /// A finding about this file: path, size and times (timestamped at its last write), the SHA-256 of its content
    /// when it was read, and the matching line and excerpt when there is one. Every file rule of the module reports
    /// through it.
    /// </summary>
    public Finding CreateFinding(DetectionRule rule, string? computerName, string? sha256, int? lineNumber, string? excerpt, string? detail) =>
        new(rule, computerName)
        {
            Path = Path,
            LineNumber = lineNumber,
            Timestamp = ModifiedUtc,
            FileSha256 = sha256,
            FileSize = Length,
            FileCreated = CreatedUtc,
            FileModified = ModifiedUtc,
            RawText = excerpt,
            Detail = detail,
        };

    public static FileCandidate FromFile(FileInfo file, bool contextOnly = false)
    {
        if (file is null)
        {
            throw new ArgumentNullException(nameof(file));
        }

        bool link = (file.Attributes & FileAttributes.ReparsePoint) != 0;
        return new FileCandidate(file.FullName, link ? 0 : file.Length, SafeTime(() => file.CreationTimeUtc), SafeTime(() => file.LastWriteTimeUtc), link, contextOnly);
    }

    private static DateTime? SafeTime(Func<DateTime> read)
    {
        try
        {
            var value = read();
            return value.Year <= 1601 ? null : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>
/// Walks folder trees read-only and yields the files to scan, lazily, so scanning starts at once. Symbolic links
/// and junctions are reported but never followed (no loops, no escaping the tree); a folder visited twice is
/// skipped; unreadable folders become error entries and the walk goes on. The one walker of the module: the
/// web-shell scan and the OAB/ECP on-disk scans both use it.
/// </summary>
internal static class FileTreeWalker
{
    /// <summary>
    /// The files below <paramref name="roots"/>. <paramref name="linkSkipped"/> is told of every link to a folder that
    /// was not followed (links to files are yielded with <see cref="FileCandidate.IsLink"/> set).
    /// </summary>
    public static IEnumerable<FileCandidate> Walk(IEnumerable<ScanRoot> roots, IReadOnlyList<string>? include = null, IReadOnlyList<string>? exclude = null, CancellationToken cancellationToken = default, Action<string>? linkSkipped = null)
    {
        if (roots is null)
        {
            throw new ArgumentNullException(nameof(roots));
        }

        var filter = new NameFilter(include, exclude);
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var root in roots)
        {
            foreach (var entry in WalkRoot(root, filter, visited, linkSkipped, cancellationToken))
            {
                yield return entry;
            }
        }
    }

    private static IEnumerable<FileCandidate> WalkRoot(ScanRoot root, NameFilter filter, HashSet<string> visited, Action<string>? linkSkipped, CancellationToken token)
    {
        string full;
        try
        {
            full = Path.GetFullPath(root.Path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or IOException or System.Security.SecurityException)
        {
            yield break;
        }

        if (File.Exists(full))
        {
            var single = new FileInfo(full);
            if (filter.Accepts(single.Name))
            {
                yield return FileCandidate.FromFile(single, root.ContextOnly);
            }

            yield break;
        }

        if (!Directory.Exists(full))
        {
            yield return FileCandidate.ForError(root.Path, new DirectoryNotFoundException("Cannot find path '" + root.Path + "' because it does not exist."));
            yield break;
        }

        var pending = new Stack<string>();
        pending.Push(full);
        while (pending.Count > 0)
        {
            token.ThrowIfCancellationRequested();
            string folder = pending.Pop();
            if (!visited.Add(folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)))
            {
                continue;
            }

            var listing = List(folder, out var error);
            if (error is not null)
            {
                yield return FileCandidate.ForError(folder, error);
                continue;
            }

            var subfolders = new List<string>();
            foreach (var info in listing!)
            {
                bool link = (info.Attributes & FileAttributes.ReparsePoint) != 0;
                if (info is DirectoryInfo directory)
                {
                    // A link to a folder is never followed: it could loop or lead out of the evidence tree.
                    if (link)
                    {
                        linkSkipped?.Invoke(directory.FullName);
                    }
                    else if (root.Recurse)
                    {
                        subfolders.Add(directory.FullName);
                    }

                    continue;
                }

                if (info is FileInfo file && filter.Accepts(file.Name))
                {
                    yield return FileCandidate.FromFile(file, root.ContextOnly);
                }
            }

            // Depth-first in name order, so a tree is reported in a stable order.
            foreach (string sub in subfolders.OrderByDescending(s => s, StringComparer.OrdinalIgnoreCase))
            {
                pending.Push(sub);
            }
        }
    }

    private static List<FileSystemInfo>? List(string folder, out Exception? error)
    {
        error = null;
        try
        {
            // Name order, so a tree is reported in the same order on every run and OS.
            return new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase).ToList();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or System.Security.SecurityException)
        {
            error = e;
            return null;
        }
    }

    /// <summary>Wildcard include/exclude on file names (<c>*</c>, <c>?</c>), case-insensitive.</summary>
    private sealed class NameFilter
    {
        private readonly Regex[] _include;
        private readonly Regex[] _exclude;

        public NameFilter(IReadOnlyList<string>? include, IReadOnlyList<string>? exclude)
        {
            _include = (include ?? []).Where(p => !string.IsNullOrEmpty(p)).Select(ToRegex).ToArray();
            _exclude = (exclude ?? []).Where(p => !string.IsNullOrEmpty(p)).Select(ToRegex).ToArray();
        }

        public bool Accepts(string name) =>
            (_include.Length == 0 || _include.Any(r => r.IsMatch(name))) && !_exclude.Any(r => r.IsMatch(name));

        private static Regex ToRegex(string wildcard) => new(
            "^" + Regex.Escape(wildcard).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
    }
}
