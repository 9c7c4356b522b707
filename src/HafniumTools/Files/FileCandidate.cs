using System;
using System.IO;
using HafniumTools.Model;

namespace HafniumTools.Files;

/// <summary>
/// One entry of a walk: a file to scan, or (when the walk was given no <c>unreadable</c> callback) a folder or
/// file that could not be listed (<see cref="Error"/> set). Sizes and times are taken from the directory listing
/// before the file is opened.
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

    /// <summary>The root (as given) under which the walk found this entry; null for a candidate made outside a walk.</summary>
    public string? Root { get; private init; }

    /// <summary>True when the root itself named this file (not a file found in a folder).</summary>
    public bool NamedExplicitly { get; private init; }

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

    /// <summary>The same file with another size (the bytes actually read when they differ from the listing).</summary>
    public FileCandidate WithLength(long length) =>
        length == Length ? this : new(Path, length, CreatedUtc, ModifiedUtc, IsLink, ContextOnly) { Root = Root, NamedExplicitly = NamedExplicitly };

    public static FileCandidate FromFile(FileInfo file, bool contextOnly = false) => FromFile(file, contextOnly, null, false);

    /// <summary>The entry for <paramref name="file"/> found under <paramref name="root"/>.</summary>
    internal static FileCandidate FromFile(FileInfo file, bool contextOnly, string? root, bool namedExplicitly)
    {
        if (file is null)
        {
            throw new ArgumentNullException(nameof(file));
        }

        bool link = (file.Attributes & FileAttributes.ReparsePoint) != 0;
        return new FileCandidate(file.FullName, link ? 0 : file.Length, SafeTime(() => file.CreationTimeUtc), SafeTime(() => file.LastWriteTimeUtc), link, contextOnly)
        {
            Root = root,
            NamedExplicitly = namedExplicitly,
        };
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
