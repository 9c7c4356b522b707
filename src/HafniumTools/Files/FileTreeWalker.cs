using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;

namespace HafniumTools.Files;

/// <summary>
/// The module's one tree walker (web-shell, OAB and ECP scans, log discovery). Walks folder trees read-only and yields
/// the files, lazily, so scanning starts at once, depth-first in name order so a tree is reported in the same order on
/// every run and OS. Symbolic links and junctions to folders are reported but never followed (no loops, no escaping
/// the tree), and a folder reached twice is walked once. Nothing is dropped silently: a root that does not exist or
/// cannot be read, a folder that cannot be listed and a file whose size cannot be read are reported, and the walk goes
/// on with the rest. Only regular files are yielded for reading: a FIFO, device or socket (or a link to one) is yielded
/// with a <see cref="NotARegularFileException"/> naming its kind as its error, so no reader ever opens one. An entry listed but not
/// openable by its name (a name that is not valid UTF-8, a path over 4,096 bytes on Linux) is an
/// <see cref="UnopenablePathException"/>: a folder is reported (with everything below it as not scanned), a file is
/// yielded with its error so that its reader counts it as unreadable.
/// </summary>
internal static class FileTreeWalker
{
    /// <summary>
    /// The files below <paramref name="roots"/> (a root that is a file is yielded itself, if the filter accepts it).
    /// <paramref name="include"/> and <paramref name="exclude"/> are wildcards (<c>*</c>, <c>?</c>) on file names.
    /// <paramref name="linkSkipped"/> is told of every link to a folder that was not followed (links to files are
    /// yielded with <see cref="FileCandidate.IsLink"/> set). <paramref name="unreadable"/> is told of every root
    /// or folder that could not be listed and every file whose size could not be read, with why (a missing root is a
    /// <see cref="DirectoryNotFoundException"/>);
    /// without it, each is yielded as an entry with <see cref="FileCandidate.Error"/> set, so that it is never lost.
    /// Both callbacks run on the thread that enumerates.
    /// </summary>
    public static IEnumerable<FileCandidate> Walk(
        IEnumerable<ScanRoot> roots,
        IReadOnlyList<string>? include = null,
        IReadOnlyList<string>? exclude = null,
        CancellationToken cancellationToken = default,
        Action<string>? linkSkipped = null,
        Action<string, Exception>? unreadable = null)
    {
        if (roots is null)
        {
            throw new ArgumentNullException(nameof(roots));
        }

        var walk = new Walker(new NameFilter(include, exclude), linkSkipped, unreadable, cancellationToken);
        return roots.SelectMany(walk.Root);
    }

    private sealed class Walker(NameFilter filter, Action<string>? linkSkipped, Action<string, Exception>? unreadable, CancellationToken token)
    {
        private readonly HashSet<string> _visited = new(StringComparer.OrdinalIgnoreCase);

        public IEnumerable<FileCandidate> Root(ScanRoot root)
        {
            string full;
            try
            {
                full = Path.GetFullPath(root.Path);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or IOException or System.Security.SecurityException)
            {
                return Failed(root.Path, e);
            }

            if (File.Exists(full))
            {
                return filter.Accepts(Path.GetFileName(full)) ? Entry(new FileInfo(full), root, namedExplicitly: true) : [];
            }

            return Directory.Exists(full)
                ? Tree(full, root)
                : Failed(root.Path, new DirectoryNotFoundException("Cannot find path '" + root.Path + "' because it does not exist."));
        }

        private IEnumerable<FileCandidate> Tree(string top, ScanRoot root)
        {
            var pending = new Stack<string>();
            pending.Push(top);
            while (pending.Count > 0)
            {
                token.ThrowIfCancellationRequested();
                string folder = pending.Pop();
                if (!_visited.Add(folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)))
                {
                    continue;
                }

                var listing = List(folder, out var error);
                if (error is not null)
                {
                    foreach (var failed in Failed(folder, new UnlistableFolderException(error.Message, error)))
                    {
                        yield return failed;
                    }

                    continue;
                }

                var subfolders = new List<string>();
                foreach (var info in listing)
                {
                    if (Unopenable(folder, info) is { } unopenablePath)
                    {
                        // Listed, but its name cannot be opened (not valid UTF-8, or too long a path): named, never lost.
                        var unopenable = new UnopenablePathException(unopenablePath, info is DirectoryInfo);
                        foreach (var failed in info is DirectoryInfo ? Failed(unopenablePath, unopenable) : [FileCandidate.ForError(unopenablePath, unopenable)])
                        {
                            yield return failed;
                        }
                    }
                    else if (info is DirectoryInfo directory)
                    {
                        // A link to a folder is never followed: it could loop or lead out of the evidence tree.
                        if ((info.Attributes & FileAttributes.ReparsePoint) != 0)
                        {
                            linkSkipped?.Invoke(directory.FullName);
                        }
                        else if (root.Recurse)
                        {
                            subfolders.Add(directory.FullName);
                        }
                    }
                    else if (info is FileInfo file && filter.Accepts(file.Name))
                    {
                        foreach (var entry in Entry(file, root, namedExplicitly: false))
                        {
                            yield return entry;
                        }
                    }
                }

                // Depth-first in name order: push in reverse so the first name is walked first.
                for (int i = subfolders.Count - 1; i >= 0; i--)
                {
                    pending.Push(subfolders[i]);
                }
            }
        }

        // On Linux .NET lists a name that is not valid UTF-8 with U+FFFD, and a path over 4,096 bytes cannot be opened;
        // either way the entry cannot be examined by its name (its attributes then read as "everything", a link among
        // them). Elsewhere nothing is unopenable here.
        // Returns the entry's path when it is unopenable (.NET leaves FullName empty for a path it cannot hold), else null.
        private static string? Unopenable(string folder, FileSystemInfo info)
        {
            if (!UnixFiles.Available)
            {
                return null;
            }

            string path = info.FullName.Length > 0 ? info.FullName : Path.Combine(folder, info.Name);
            bool suspect = info.Name.IndexOf('\uFFFD') >= 0 || System.Text.Encoding.UTF8.GetByteCount(path) >= UnopenablePathException.MaxNativePathBytes;
            return suspect && UnixFiles.Kind(path, followLinks: false) == FileKind.Unknown ? path : null;
        }

        // A file that vanishes or cannot be stat'ed between listing and reading its size is reported like a folder.
        // Only regular files (and links, which are named but never read) are entries; a FIFO, device or socket is
        // reported with its kind and never opened.
        private IEnumerable<FileCandidate> Entry(FileInfo file, ScanRoot root, bool namedExplicitly)
        {
            FileCandidate candidate;
            try
            {
                var kind = EvidenceFile.KindOf(file.FullName);
                if (kind is not (FileKind.RegularFile or FileKind.Unknown or FileKind.Directory))
                {
                    // Yielded with its error, so that the reader names it as skipped in its coverage (never opened).
                    return [FileCandidate.ForError(file.FullName, new NotARegularFileException(file.FullName, kind))];
                }

                candidate = FileCandidate.FromFile(file, root.ContextOnly, root.Path, namedExplicitly);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                return Failed(file.FullName, e);
            }

            return [candidate];
        }

        private IEnumerable<FileCandidate> Failed(string path, Exception error)
        {
            if (unreadable is null)
            {
                return [FileCandidate.ForError(path, error)];
            }

            unreadable(path, error);
            return [];
        }

        // Name order, so a tree is reported in the same order on every run and OS; empty with the error when unlistable.
        private static List<FileSystemInfo> List(string folder, out Exception? error)
        {
            error = null;
            try
            {
                return new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase).ToList();
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException or System.Security.SecurityException)
            {
                error = e;
                return [];
            }
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
