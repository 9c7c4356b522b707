using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace HafniumTools.Files;

/// <summary>
/// Undoes the cheap tricks web shells use to hide <c>eval</c> and <c>Request</c> from string matching: block
/// comments between tokens, <c>\x</c>/<c>\u</c> escapes, character codes (<c>String.fromCharCode</c>,
/// <c>Chr</c>, <c>(char)</c>), concatenated literals (<c>"ev"+"al"</c>), joined and reversed literal arrays, and
/// base64 constants that decode to readable code. The result keeps a map back to the original offsets.
/// </summary>
internal static class ScriptDeobfuscator
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private static readonly Regex BlockComment = new(@"/\*.*?\*/", Options | RegexOptions.Singleline, Timeout);
    private static readonly Regex Escape = new(@"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})", Options, Timeout);
    private static readonly Regex FromCharCode = new(
        @"String\s*\.\s*fromCharCode\s*\(\s*((?:0x[0-9a-fA-F]+|\d+)(?:\s*,\s*(?:0x[0-9a-fA-F]+|\d+))*)\s*\)", Options, Timeout);
    private static readonly Regex CharCast = new(
        @"\(\s*char\s*\)\s*(0x[0-9a-fA-F]+|\d+)|\b(?:Chr|ChrW|Convert\s*\.\s*ToChar)\s*\(\s*(0x[0-9a-fA-F]+|\d+)\s*\)",
        Options | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex LiteralJoin = new(@"([""'])\s*(?:\+|&)\s*([""'])", Options, Timeout);
    private static readonly Regex ArrayJoin = new(
        @"\[\s*((?:[""'][^""'\r\n]{0,40}[""']\s*,\s*){1,60}[""'][^""'\r\n]{0,40}[""'])\s*\]\s*\.\s*join\s*\(\s*([""'])\2\s*\)", Options, Timeout);
    private static readonly Regex ReversedLiteral = new(
        @"([""'])([^""'\r\n]{1,200})\1\s*\.\s*split\s*\(\s*([""'])\3\s*\)\s*\.\s*reverse\s*\(\s*\)\s*\.\s*join\s*\(\s*([""'])\4\s*\)", Options, Timeout);
    private static readonly Regex ArrayItem = new(@"[""']([^""'\r\n]*)[""']", Options, Timeout);
    private static readonly Regex Base64Literal = new(
        @"(FromBase64String\s*\(\s*)[""']([A-Za-z0-9+/]{8,}={0,2})[""']", Options, Timeout);

    public static MappedText Deobfuscate(MappedText code)
    {
        // No comment can start after the last "*/": searching there would cost the rest of the text for every "/*".
        int lastClose = code.Text.LastIndexOf("*/", StringComparison.Ordinal);
        var text = lastClose < 0 ? code : code.Replace(BlockComment, _ => " ", lastClose + 2);
        text = text.Replace(Escape, DecodeEscape);
        text = text.Replace(FromCharCode, m => Quote(CharsOf(m.Groups[1].Value.Split(','))));
        text = text.Replace(CharCast, m => Quote(CharsOf([m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value])));

        // Joining can reveal more joins ("e"+"v"+"a"+"l"); a few rounds settle any real page.
        for (int round = 0; round < 4; round++)
        {
            var joined = text.Replace(LiteralJoin, _ => string.Empty);
            joined = joined.Replace(ArrayJoin, m => Quote(string.Concat(ArrayItem.Matches(m.Groups[1].Value).Cast<Match>().Select(i => i.Groups[1].Value))));
            joined = joined.Replace(ReversedLiteral, m => Quote(new string(m.Groups[2].Value.Reverse().ToArray())));
            if (ReferenceEquals(joined, text))
            {
                break;
            }

            text = joined;
        }

        // A base64 constant that decodes to readable text is put back as code, so what it hides is analysed.
        return text.Replace(Base64Literal, m => DecodeBase64Text(m.Groups[2].Value) is { } decoded ? m.Groups[1].Value + decoded : null);
    }

    /// <summary>The text of a base64 string when it decodes to readable text, else null.</summary>
    public static string? DecodeBase64Text(string value)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length == 0)
        {
            return null;
        }

        int printable = bytes.Count(b => b == 9 || b == 10 || b == 13 || (b >= 32 && b < 127));
        return printable * 100 >= bytes.Length * 95 ? Encoding.UTF8.GetString(bytes) : null;
    }

    private static string? DecodeEscape(Match m)
    {
        string hex = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
        int code = int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

        // Only printable ASCII is worth revealing; a quote would break the literal around it.
        return code >= 32 && code < 127 && code != '"' && code != '\'' && code != '\\' ? ((char)code).ToString() : null;
    }

    private static string CharsOf(string[] numbers)
    {
        var builder = new StringBuilder(numbers.Length);
        foreach (string raw in numbers)
        {
            string n = raw.Trim();
            bool hex = n.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            if (int.TryParse(hex ? n.Substring(2) : n, hex ? NumberStyles.HexNumber : NumberStyles.Integer, CultureInfo.InvariantCulture, out int code)
                && code >= 32 && code < 127 && code != '"')
            {
                builder.Append((char)code);
            }
        }

        return builder.ToString();
    }

    private static string Quote(string value) => "\"" + value + "\"";
}
