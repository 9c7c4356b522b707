using System.Text;

namespace HafniumTools.Logs;

/// <summary>
/// Tells UTF-16 text from the head of a file: a byte order mark (FF FE little-endian, FE FF big-endian), or without
/// one the pattern of NUL bytes that mostly-ASCII text has in UTF-16 (every other byte NUL, the others not). Windows
/// PowerShell's <c>Out-File</c> and <c>&gt;</c> write UTF-16, so a copied or re-saved log may be in it.
/// </summary>
internal static class Utf16Text
{
    // Share of the byte pairs that must show the pattern, for a head without a byte order mark.
    private const double NulShare = 0.6;
    private const double OtherNulShare = 0.05;
    private const int MinimumPairs = 8;

    /// <summary>The UTF-16 encoding of the head, or null for any other text or binary; <paramref name="bomLength"/> the bytes to skip.</summary>
    public static Encoding? Detect(byte[] head, int count, out int bomLength)
    {
        bomLength = 0;
        if (count >= 2 && head[0] == 0xFF && head[1] == 0xFE && !(count >= 4 && head[2] == 0 && head[3] == 0))
        {
            bomLength = 2;
            return Encoding.Unicode;
        }

        if (count >= 2 && head[0] == 0xFE && head[1] == 0xFF)
        {
            bomLength = 2;
            return Encoding.BigEndianUnicode;
        }

        int pairs = count / 2;
        if (pairs < MinimumPairs)
        {
            return null;
        }

        int evenNul = 0, oddNul = 0;
        for (int i = 0; i + 1 < count; i += 2)
        {
            evenNul += head[i] == 0 ? 1 : 0;
            oddNul += head[i + 1] == 0 ? 1 : 0;
        }

        if (oddNul >= pairs * NulShare && evenNul <= pairs * OtherNulShare)
        {
            return Encoding.Unicode;
        }

        if (evenNul >= pairs * NulShare && oddNul <= pairs * OtherNulShare)
        {
            return Encoding.BigEndianUnicode;
        }

        return null;
    }
}
