using System;
using System.Collections.Generic;
using System.Text;

namespace HafniumTools.Files;

/// <summary>
/// Microsoft's Script Encoder (<c>screnc</c>, <c>VBScript.Encode</c> / <c>JScript.Encode</c>): the public algorithm,
/// decoding only. An encoded block is <c>#@~^</c>, the length of its data as a base64 dword (<c>XXXXXX==</c>), the data,
/// the checksum of the decoded text as a base64 dword, and <c>^#~@</c>. In the data <c>@&amp;</c>, <c>@#</c>, <c>@*</c>,
/// <c>@!</c> and <c>@$</c> stand for LF, CR, <c>&gt;</c>, <c>&lt;</c> and <c>@</c>; every other ASCII character (tab and
/// 32–127 but <c>&lt; &gt; @</c>) is substituted through one of three columns of a table, the column chosen by the
/// character's position (counting ASCII characters only) in a 64-entry pattern. Anything else passes unchanged.
/// </summary>
internal static class ScriptEncoder
{
    /// <summary>What starts an encoded block.</summary>
    public const string BlockStart = "#@~^";

    /// <summary>What ends an encoded block.</summary>
    public const string BlockEnd = "^#~@";

    /// <summary>The largest block decoded; a longer one is decoded up to this length.</summary>
    private const int MaxBlockLength = 8 * 1024 * 1024;

    // For each encoded character (9, 32..127), the plain character in each of the three columns.
    private static readonly char[][] Columns = BuildColumns();

    // Which column encodes the n-th ASCII character of a block (n mod 64).
    private static readonly byte[] Pattern =
    [
        0, 1, 2, 0, 1, 2, 1, 2, 2, 1, 2, 1, 0, 2, 1, 2, 0, 2, 1, 2, 0, 0, 1, 2, 2, 1, 0, 2, 1, 2, 2, 1,
        0, 0, 2, 1, 2, 1, 2, 0, 2, 0, 0, 1, 2, 0, 2, 1, 0, 2, 1, 2, 0, 0, 1, 2, 2, 0, 0, 1, 2, 0, 2, 1,
    ];

    /// <summary>The plain character the encoder turns into <paramref name="encoded"/> in <paramref name="column"/>; used by the tests' encoder too.</summary>
    internal static char PlainOf(char encoded, int column) => Columns[encoded][column];

    /// <summary>The column of the <paramref name="position"/>-th (0-based) ASCII character of a block.</summary>
    internal static int ColumnAt(long position) => Pattern[position % 64];

    /// <summary>True for an encoded character the table substitutes (tab, and 32–127 but &lt; &gt; @).</summary>
    internal static bool IsSubstituted(char c) => (c == 9 || (c > 31 && c < 128)) && c != '<' && c != '>' && c != '@';

    /// <summary>
    /// Decodes every encoded block of <paramref name="text"/> in place; null when there is none. A block whose end is
    /// missing is decoded to the end of the text; a length that does not fit is ignored (the end marker decides).
    /// </summary>
    public static EncodedScriptPage? DecodePage(string text)
    {
        if (text is null || text.IndexOf(BlockStart, StringComparison.Ordinal) < 0)
        {
            return null;
        }

        var output = new StringBuilder(text.Length);
        var blocks = new List<EncodedScriptBlock>();
        int at = 0;
        int start;
        while ((start = text.IndexOf(BlockStart, at, StringComparison.Ordinal)) >= 0)
        {
            output.Append(text, at, start - at);
            int dataStart = start + BlockStart.Length;
            int close = text.IndexOf(BlockEnd, dataStart, StringComparison.Ordinal);
            int blockEnd = close < 0 ? text.Length : close + BlockEnd.Length;
            int contentEnd = close < 0 ? text.Length : close;

            // The length header and the checksum trailer, when they are where screnc writes them.
            uint? length = contentEnd - dataStart >= 8 ? ReadDword(text, dataStart) : null;
            uint? checksum = null;
            int data = length is null ? dataStart : dataStart + 8;
            int dataEnd = contentEnd;
            if (length is { } n && n <= contentEnd - data && contentEnd - (data + (int)n) == 8 && ReadDword(text, data + (int)n) is { } sum)
            {
                dataEnd = data + (int)n;
                checksum = sum;
            }
            else if (length is not null && contentEnd - data >= 8 && ReadDword(text, contentEnd - 8) is { } trailer)
            {
                dataEnd = contentEnd - 8;
                checksum = trailer;
            }

            int decodedStart = output.Length;
            uint computed = Decode(text, data, Math.Min(dataEnd, data + MaxBlockLength), output);
            blocks.Add(new EncodedScriptBlock(start, blockEnd, decodedStart, output.Length, close >= 0, checksum is { } c && c == computed));
            at = blockEnd;
        }

        output.Append(text, at, text.Length - at);
        return new EncodedScriptPage(output.ToString(), blocks);
    }

    // Decodes text[start, end) into output; returns the checksum of the decoded characters.
    private static uint Decode(string text, int start, int end, StringBuilder output)
    {
        uint checksum = 0;
        long position = 0;
        for (int i = start; i < end; i++)
        {
            char c = text[i];
            if (c == '@' && i + 1 < end && Unescape(text[i + 1]) is { } plain)
            {
                c = plain;
                i++;
            }
            else if (c < 128 && IsSubstituted(c))
            {
                c = Columns[c][ColumnAt(position)];
            }

            if (c < 128)
            {
                position++;
            }

            checksum += c;
            output.Append(c);
        }

        return checksum;
    }

    private static char? Unescape(char c) => c switch
    {
        '&' => '\n',
        '#' => '\r',
        '*' => '>',
        '!' => '<',
        '$' => '@',
        _ => null,
    };

    // A dword written as six base64 characters and "==" (its four bytes, little-endian); null when it is not one.
    private static uint? ReadDword(string text, int at)
    {
        if (at < 0 || at + 8 > text.Length || text[at + 6] != '=' || text[at + 7] != '=')
        {
            return null;
        }

        try
        {
            byte[] bytes = Convert.FromBase64String(text.Substring(at, 8));
            return bytes.Length == 4 ? BitConverter.ToUInt32(bytes, 0) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static char[][] BuildColumns()
    {
        // Encoded character -> its plain character in columns 0, 1, 2 (tab, then 32..127; '<', '>' and '@' are never
        // substituted). The published screnc table, as every public decoder (scrdec, decode-vbe) carries it.
        const string Table =
            "\x57\x6E\x7B" // 9
            + "\x2E\x2D\x32\x47\x75\x30\x7A\x52\x21\x56\x60\x29\x42\x71\x5B\x6A\x5E\x38\x2F\x49\x33\x26\x5C\x3D" // 32-39
            + "\x49\x62\x58\x41\x7D\x3A\x34\x29\x35\x32\x36\x65\x5B\x20\x39\x76\x7C\x5C\x72\x7A\x56\x43\x7F\x73" // 40-47
            + "\x38\x6B\x66\x39\x63\x4E\x70\x33\x45\x45\x2B\x6B\x68\x68\x62\x71\x51\x59\x4F\x66\x78\x09\x76\x5E" // 48-55
            + "\x62\x31\x7D\x44\x64\x4A\x23\x54\x6D\x75\x43\x71\x3C\x3C\x3C\x7E\x3A\x60\x3E\x3E\x3E\x5E\x7E\x53" // 56-63
            + "\x40\x40\x40\x77\x45\x42\x4A\x2C\x27\x61\x2A\x48\x5D\x74\x72\x22\x27\x75\x4B\x37\x31\x6F\x44\x37" // 64-71
            + "\x4E\x79\x4D\x3B\x59\x52\x4C\x2F\x22\x50\x6F\x54\x67\x26\x6A\x2A\x72\x47\x7D\x6A\x64\x74\x39\x2D" // 72-79
            + "\x54\x7B\x20\x2B\x3F\x7F\x2D\x38\x2E\x2C\x77\x4C\x30\x67\x5D\x6E\x53\x7E\x6B\x47\x6C\x66\x34\x6F" // 80-87
            + "\x35\x78\x79\x25\x5D\x74\x21\x30\x43\x64\x23\x26\x4D\x5A\x76\x52\x5B\x25\x63\x6C\x24\x3F\x48\x2B" // 88-95
            + "\x7B\x55\x28\x78\x70\x23\x29\x69\x41\x28\x2E\x34\x73\x4C\x09\x59\x21\x2A\x33\x24\x44\x7F\x4E\x3F" // 96-103
            + "\x6D\x50\x77\x55\x09\x3B\x53\x56\x55\x7C\x73\x69\x3A\x35\x61\x5F\x61\x63\x65\x4B\x50\x46\x58\x67" // 104-111
            + "\x58\x3B\x51\x31\x57\x49\x69\x22\x4F\x6C\x6D\x46\x5A\x4D\x68\x48\x25\x7C\x27\x28\x36\x5C\x46\x70" // 112-119
            + "\x3D\x4A\x6E\x24\x32\x7A\x79\x41\x2F\x37\x3D\x5F\x60\x5F\x4B\x51\x4F\x5A\x20\x42\x2C\x36\x65\x57"; // 120-127
        var columns = new char[128][];
        for (int c = 0; c < 128; c++)
        {
            columns[c] = [(char)c, (char)c, (char)c];
        }

        columns[9] = [Table[0], Table[1], Table[2]];
        for (int c = 32; c < 128; c++)
        {
            int at = 3 + ((c - 32) * 3);
            columns[c] = [Table[at], Table[at + 1], Table[at + 2]];
        }

        return columns;
    }
}
