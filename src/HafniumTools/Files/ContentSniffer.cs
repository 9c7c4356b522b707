using System;
using System.Runtime.CompilerServices;
using System.Text;
using HafniumTools.Core;

namespace HafniumTools.Files;

/// <summary>
/// Tells pages from binaries by magic bytes and NUL density, and decodes text (UTF-8, UTF-16 with or without BOM),
/// so an executable or an archive with an <c>.aspx</c> name is never read as a page.
/// </summary>
internal static class ContentSniffer
{
    private const int SniffLength = 8192;

    [MethodImpl(HotPath.Optimize)]
    public static ContentKind Sniff(byte[] data, int count)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        count = Math.Min(count, data.Length);
        if (StartsWith(data, count, 0x4D, 0x5A))
        {
            return ContentKind.Executable;
        }

        if (StartsWith(data, count, 0x50, 0x4B, 0x03, 0x04) || StartsWith(data, count, 0x50, 0x4B, 0x05, 0x06)
            || StartsWith(data, count, 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C) || StartsWith(data, count, 0x52, 0x61, 0x72, 0x21, 0x1A, 0x07)
            || StartsWith(data, count, 0x1F, 0x8B) || StartsWith(data, count, 0x4D, 0x53, 0x43, 0x46))
        {
            return ContentKind.Archive;
        }

        if (StartsWith(data, count, 0x4D, 0x44, 0x4D, 0x50))
        {
            return ContentKind.MemoryDump;
        }

        if (Utf16Order(data, count) is not null)
        {
            return ContentKind.Text;
        }

        int head = Math.Min(count, SniffLength);
        int nuls = 0;
        for (int i = 0; i < head; i++)
        {
            if (data[i] == 0)
            {
                nuls++;
            }
        }

        // A page may carry a stray NUL; binaries carry many. 1 in 200 is far above any text and far below any image.
        return nuls > 0 && nuls * 200 >= head ? ContentKind.Binary : ContentKind.Text;
    }

    /// <summary>Decodes text bytes: a BOM wins, then UTF-16 detected by its NUL pattern, else UTF-8.</summary>
    public static string Decode(byte[] data, int count)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        count = Math.Min(count, data.Length);
        if (StartsWith(data, count, 0xEF, 0xBB, 0xBF))
        {
            return Encoding.UTF8.GetString(data, 3, count - 3);
        }

        switch (Utf16Order(data, count))
        {
            case true:
                int skipLe = StartsWith(data, count, 0xFF, 0xFE) ? 2 : 0;
                return Encoding.Unicode.GetString(data, skipLe, (count - skipLe) & ~1);
            case false:
                int skipBe = StartsWith(data, count, 0xFE, 0xFF) ? 2 : 0;
                return Encoding.BigEndianUnicode.GetString(data, skipBe, (count - skipBe) & ~1);
            default:
                return Encoding.UTF8.GetString(data, 0, count);
        }
    }

    /// <summary>
    /// A cheap pre-filter before decoding text bytes (already sniffed as <see cref="ContentKind.Text"/>): false when
    /// they certainly do not contain <paramref name="asciiToken"/> (exact case) in UTF-8 or UTF-16.
    /// </summary>
    public static bool ContainsText(byte[] data, int count, string asciiToken)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        count = Math.Min(count, data.Length);
        if (string.IsNullOrEmpty(asciiToken))
        {
            return false;
        }

        if (Utf16Order(data, count) is not null)
        {
            return Decode(data, count).IndexOf(asciiToken, StringComparison.Ordinal) >= 0;
        }

        // Anchor on the token's rarest-looking byte (its first capital, else its first character) with the
        // vectorised Array.IndexOf, then compare the rest.
        int anchor = Math.Max(0, FirstCapital(asciiToken));
        byte key = (byte)asciiToken[anchor];
        int first = anchor, last = count - asciiToken.Length + anchor;
        for (int at = last < first ? -1 : Array.IndexOf(data, key, first, last - first + 1); at >= 0; at = at >= last ? -1 : Array.IndexOf(data, key, at + 1, last - at))
        {
            int start = at - anchor;
            int k = 0;
            while (k < asciiToken.Length && data[start + k] == (byte)asciiToken[k])
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

    private static int FirstCapital(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] >= 'A' && text[i] <= 'Z')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True for UTF-16 LE, false for UTF-16 BE, null when the bytes are not UTF-16 text.</summary>
    [MethodImpl(HotPath.Optimize)]
    private static bool? Utf16Order(byte[] data, int count)
    {
        if (StartsWith(data, count, 0xFF, 0xFE))
        {
            return true;
        }

        if (StartsWith(data, count, 0xFE, 0xFF))
        {
            return false;
        }

        // Without a BOM: ASCII-range text in UTF-16 has a NUL in every other byte and none in the rest.
        int pairs = Math.Min(count, SniffLength) / 2;
        if (pairs < 4)
        {
            return null;
        }

        int evenNul = 0, oddNul = 0;
        for (int i = 0; i < pairs; i++)
        {
            if (data[2 * i] == 0)
            {
                evenNul++;
            }

            if (data[(2 * i) + 1] == 0)
            {
                oddNul++;
            }

            // Stop as soon as neither order can reach the 90 % it needs (most text: within the first tenth).
            int left = pairs - i - 1;
            if ((evenNul > 0 && oddNul > 0) || ((oddNul + left) * 10 < pairs * 9 && (evenNul + left) * 10 < pairs * 9))
            {
                return null;
            }
        }

        if (oddNul * 10 >= pairs * 9 && evenNul == 0)
        {
            return true;
        }

        if (evenNul * 10 >= pairs * 9 && oddNul == 0)
        {
            return false;
        }

        return null;
    }

    private static bool StartsWith(byte[] data, int count, params byte[] magic)
    {
        if (count < magic.Length)
        {
            return false;
        }

        for (int i = 0; i < magic.Length; i++)
        {
            if (data[i] != magic[i])
            {
                return false;
            }
        }

        return true;
    }
}
