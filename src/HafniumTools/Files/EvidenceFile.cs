using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace HafniumTools.Files;

/// <summary>
/// Reads evidence without disturbing it: read-only, sharing read, write and delete with whoever has the file open
/// (IIS, the antivirus, the attacker), no buffering beyond one reusable per-thread buffer, and never a write of any
/// kind (so the modification time never changes; the access time is kept where the platform allows, see
/// <see cref="OpenRead"/>). Only regular files are opened. Files over the size cap are not read beyond their first bytes.
/// </summary>
internal static class EvidenceFile
{
    /// <summary>Bytes read from a file over the size cap, enough to tell what it is.</summary>
    public const int HeadLength = 8192;

    [ThreadStatic]
    private static byte[]? _buffer;

    [ThreadStatic]
    private static SHA256? _sha256;

    /// <summary>
    /// Opens <paramref name="path"/> for reading with full sharing: the one way the module opens evidence. Only a
    /// regular file is opened: a FIFO, device or socket (or a link to one) is a <see cref="NotARegularFileException"/>,
    /// never a read that blocks or never ends. Unless <paramref name="followLinks"/> (a path the user named), a
    /// symbolic link is a <see cref="LinkNotFollowedException"/>, never a read of what it points to. The access
    /// time is left alone where the platform allows it: on Linux the open uses <c>O_NOATIME</c> (the file's owner or
    /// root), on Windows the handle is told not to update it (<c>SetFileTime</c> with -1, where the account may
    /// write the file's attributes).
    /// </summary>
    public static FileStream OpenRead(string path, bool followLinks = true)
    {
        if (UnixFiles.TryOpen(path, followLinks) is { } unix)
        {
            return unix;
        }

        if (!followLinks && (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0)
        {
            throw new LinkNotFollowedException(path);
        }

        return WindowsFiles.TryOpen(path)
            ?? new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
    }

    /// <summary>What <paramref name="path"/> is, following links; <see cref="FileKind.Unknown"/> where the platform cannot tell.</summary>
    public static FileKind KindOf(string path) => UnixFiles.Kind(path, followLinks: true);

    /// <summary>
    /// Reads a whole small file (a catalog) as UTF-8 text, refusing anything but a regular file and anything longer
    /// than <paramref name="maxBytes"/> (an <see cref="InvalidDataException"/>), so /dev/zero or a FIFO cannot hang or
    /// exhaust memory.
    /// </summary>
    public static string ReadAllText(string path, long maxBytes)
    {
        using var stream = OpenRead(path);
        using var bounded = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (bounded.Length + read > maxBytes)
            {
                throw new InvalidDataException(string.Format(System.Globalization.CultureInfo.InvariantCulture, "'{0}' is longer than {1:N0} bytes; it was not read.", path, maxBytes));
            }

            bounded.Write(buffer, 0, read);
        }

        bounded.Position = 0;
        using var reader = new StreamReader(bounded, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Reads up to <paramref name="maxBytes"/> bytes into a per-thread buffer. The returned buffer is only valid
    /// until the same thread reads again. <paramref name="complete"/> is false when the file was longer. Opens it as
    /// <see cref="OpenRead"/> does.
    /// </summary>
    public static byte[] Read(string path, long maxBytes, out int count, out bool complete, bool followLinks = true)
    {
        using var stream = OpenRead(path, followLinks);
        long length = stream.Length;
        int want = (int)Math.Min(Math.Max(0, maxBytes), Math.Min(length, int.MaxValue - 64));
        var buffer = RentBuffer(want + 1);
        count = 0;
        int read;
        while (count < want + 1 && (read = stream.Read(buffer, count, want + 1 - count)) > 0)
        {
            count += read;
        }

        // The file may have grown or shrunk since it was listed; what was read is what is judged.
        complete = count <= want;
        if (!complete)
        {
            count = want;
        }

        return buffer;
    }

    /// <summary>The SHA-256 of the bytes, as lower-case hex.</summary>
    public static string Sha256Hex(byte[] data, int offset, int count)
    {
        var sha = _sha256 ??= SHA256.Create();
        return ToHex(sha.ComputeHash(data, offset, count));
    }

    public static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text ?? string.Empty), 0, Encoding.UTF8.GetByteCount(text ?? string.Empty));

    internal static string ToHex(byte[] hash)
    {
        var chars = new char[hash.Length * 2];
        for (int i = 0; i < hash.Length; i++)
        {
            chars[2 * i] = HexDigit(hash[i] >> 4);
            chars[(2 * i) + 1] = HexDigit(hash[i] & 0xF);
        }

        return new string(chars);
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);

    private static byte[] RentBuffer(int size)
    {
        var buffer = _buffer;
        if (buffer is null || buffer.Length < size)
        {
            buffer = new byte[Math.Max(size, 64 * 1024)];

            // Keep modest buffers for reuse; a one-off huge read is not pinned to the thread.
            if (buffer.Length <= 64 * 1024 * 1024)
            {
                _buffer = buffer;
            }
        }

        return buffer;
    }
}
