using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace HafniumTools.Configuration;

/// <summary>What reading a file as evidence produced.</summary>
public enum EvidenceReadStatus
{
    /// <summary>Read and decoded as text.</summary>
    Text,

    /// <summary>A binary or an archive (by signature or content); not decoded.</summary>
    Binary,

    /// <summary>Larger than the cap; not read.</summary>
    TooLarge,
}

/// <summary>
/// A file read the way evidence must be read: read-only, shared with writers and deleters (a live server keeps
/// writing), nothing written back (no timestamp changes), a size cap, binaries and archives recognised and not
/// decoded as text, UTF-8/UTF-16 with or without a byte-order mark.
/// </summary>
public sealed class EvidenceFile
{
    /// <summary>Default cap: configuration dumps are a few KB, pages rarely above a few hundred.</summary>
    public const long DefaultMaxBytes = 8L * 1024 * 1024;

    private const int SniffBytes = 4096;

    private static readonly byte[][] BinarySignatures =
    [
        [0x4D, 0x5A],                         // MZ: PE executables and DLLs (compiled App_Web_*.dll)
        [0x50, 0x4B, 0x03, 0x04],             // zip, docx, jar
        [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], // 7z
        [0x52, 0x61, 0x72, 0x21],             // Rar!
        [0x1F, 0x8B],                         // gzip
        [0x4D, 0x53, 0x43, 0x46],             // MSCF cabinet
        [0xD0, 0xCF, 0x11, 0xE0],             // OLE compound file
        [0x25, 0x50, 0x44, 0x46],             // %PDF
        [0x89, 0x50, 0x4E, 0x47],             // PNG
        [0x47, 0x49, 0x46, 0x38],             // GIF8
        [0xFF, 0xD8, 0xFF],                   // JPEG
        [0x4D, 0x44, 0x4D, 0x50],             // MDMP minidump
        [0x77, 0x4F, 0x46, 0x46],             // wOFF
        [0x00, 0x01, 0x00, 0x00, 0x00],       // TrueType
    ];

    private readonly byte[]? _bytes;
    private string? _sha256;
    private string? _text;

    private EvidenceFile(string path, FileInfo info, EvidenceReadStatus status, byte[]? bytes)
    {
        Path = path;
        Size = info.Length;
        Created = info.CreationTimeUtc;
        Modified = info.LastWriteTimeUtc;
        Status = status;
        _bytes = bytes;
    }

    public string Path { get; }

    public long Size { get; }

    public DateTime Created { get; }

    public DateTime Modified { get; }

    public EvidenceReadStatus Status { get; }

    /// <summary>The decoded content when <see cref="Status"/> is <see cref="EvidenceReadStatus.Text"/>; decoded on first use.</summary>
    public string? Text => Status == EvidenceReadStatus.Text && _bytes is not null ? _text ??= Decode(_bytes) : null;

    /// <summary>Upper-case hex SHA-256 of the bytes read (null when the file was not read); computed on first use.</summary>
    public string? Sha256 => _bytes is null ? null : _sha256 ??= Hex(_bytes);

    /// <summary>Reads <paramref name="path"/> as evidence. Throws the usual IO exceptions for unreadable files.</summary>
    public static EvidenceFile Read(string path, long maxBytes = DefaultMaxBytes)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException("The file does not exist (or was deleted while the scan ran).", path);
        }

        if (info.Length > maxBytes)
        {
            return new EvidenceFile(path, info, EvidenceReadStatus.TooLarge, null);
        }

        byte[] bytes = ReadShared(path, maxBytes);
        return new EvidenceFile(path, info, IsBinary(bytes) ? EvidenceReadStatus.Binary : EvidenceReadStatus.Text, bytes);
    }

    /// <summary>
    /// A cheap pre-filter before decoding: false when the text certainly does not contain
    /// <paramref name="asciiToken"/> (exact case, as Exchange prints property names), in UTF-8 or UTF-16.
    /// </summary>
    public bool MayContain(string asciiToken)
    {
        if (Status != EvidenceReadStatus.Text || _bytes is null || string.IsNullOrEmpty(asciiToken))
        {
            return false;
        }

        if (Utf16Order(_bytes) is not null)
        {
            return Text!.IndexOf(asciiToken, StringComparison.Ordinal) >= 0;
        }

        // Anchor on the first character with the vectorised Array.IndexOf, then compare the rest.
        byte first = (byte)asciiToken[0];
        for (int at = Array.IndexOf(_bytes, first); at >= 0 && at <= _bytes.Length - asciiToken.Length; at = Array.IndexOf(_bytes, first, at + 1))
        {
            int k = 1;
            while (k < asciiToken.Length && _bytes[at + k] == (byte)asciiToken[k])
            {
                k++;
            }

            if (k == asciiToken.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the bytes start with a binary or archive signature, or contain NUL bytes outside UTF-16 text.</summary>
    public static bool IsBinary(byte[] bytes)
    {
        if (bytes is null)
        {
            throw new ArgumentNullException(nameof(bytes));
        }

        foreach (byte[] signature in BinarySignatures)
        {
            if (StartsWith(bytes, signature))
            {
                return true;
            }
        }

        if (Utf16Order(bytes) is not null)
        {
            return false;
        }

        int limit = Math.Min(bytes.Length, SniffBytes);
        for (int i = 0; i < limit; i++)
        {
            if (bytes[i] == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Decodes UTF-8 (default), or UTF-16 when a byte-order mark or the NUL pattern says so.</summary>
    public static string Decode(byte[] bytes)
    {
        if (bytes is null)
        {
            throw new ArgumentNullException(nameof(bytes));
        }

        if (StartsWith(bytes, [0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }

        bool? bigEndian = Utf16Order(bytes);
        if (bigEndian is bool be)
        {
            bool bom = StartsWith(bytes, be ? [0xFE, 0xFF] : [0xFF, 0xFE]);
            var encoding = be ? Encoding.BigEndianUnicode : Encoding.Unicode;
            int skip = bom ? 2 : 0;
            return encoding.GetString(bytes, skip, (bytes.Length - skip) & ~1);
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static byte[] ReadShared(string path, long maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.SequentialScan);

        // The file may grow or shrink while it is read (a live server); never hold more than the cap.
        long expected = Math.Min(stream.Length, maxBytes);
        var buffer = new byte[expected];
        int total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        if (total < buffer.Length)
        {
            Array.Resize(ref buffer, total);
        }

        return buffer;
    }

    // null: not UTF-16; false: little-endian; true: big-endian.
    private static bool? Utf16Order(byte[] bytes)
    {
        if (StartsWith(bytes, [0xFF, 0xFE]))
        {
            return false;
        }

        if (StartsWith(bytes, [0xFE, 0xFF]))
        {
            return true;
        }

        int limit = Math.Min(bytes.Length, SniffBytes) & ~1;
        if (limit < 8)
        {
            return null;
        }

        int evenZeros = 0;
        int oddZeros = 0;
        for (int i = 0; i < limit; i += 2)
        {
            evenZeros += bytes[i] == 0 ? 1 : 0;
            oddZeros += bytes[i + 1] == 0 ? 1 : 0;
        }

        int pairs = limit / 2;
        if (oddZeros * 10 >= pairs * 9 && evenZeros == 0)
        {
            return false;
        }

        return evenZeros * 10 >= pairs * 9 && oddZeros == 0 ? true : null;
    }

    private static bool StartsWith(byte[] bytes, byte[] prefix)
    {
        if (bytes.Length < prefix.Length)
        {
            return false;
        }

        for (int i = 0; i < prefix.Length; i++)
        {
            if (bytes[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static string Hex(byte[] bytes)
    {
        using var sha = SHA256.Create();
        byte[] hash = sha.ComputeHash(bytes);
        var text = new StringBuilder(hash.Length * 2);
        foreach (byte b in hash)
        {
            text.Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
