using System.Globalization;
using System.Text;

namespace HafniumTools.Reporting;

/// <summary>
/// Makes text that may come from an attacker safe to look at: control characters become visible symbols
/// (ESC as ␛, NUL as ␀), C1 controls become <c>\x9B</c>-style escapes, invisible and direction-changing characters
/// (bidi overrides, zero-width spaces, line and paragraph separators) are named as <c>⟨U+202E⟩</c>, and a lone
/// surrogate becomes U+FFFD. Nothing a terminal or a browser could act on, or hide text with, is left.
/// </summary>
internal static class VisibleText
{
    public static string Of(string? text, bool keepLineBreaks = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        StringBuilder? visible = null;
        for (int i = 0; i < text!.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                visible?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            string? replacement = Replacement(text, i, keepLineBreaks);
            if (replacement is null)
            {
                visible?.Append(c);
                continue;
            }

            visible ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            visible.Append(replacement);
        }

        return visible?.ToString() ?? text;
    }

    /// <summary>What stands for the character at <paramref name="index"/>, or null when it stays (a valid surrogate pair never reaches here).</summary>
    private static string? Replacement(string text, int index, bool keepLineBreaks)
    {
        char c = text[index];
        return c switch
        {
            '\n' or '\t' when keepLineBreaks => null,
            '\r' when keepLineBreaks && index + 1 < text.Length && text[index + 1] == '\n' => string.Empty,
            < ' ' => ((char)(0x2400 + c)).ToString(),
            '\u007f' => "\u2421",
            >= '\u0080' and <= '\u009f' => "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture),
            '\u061c' or '\u00ad' or (>= '\u200b' and <= '\u200f') or (>= '\u202a' and <= '\u202e') or (>= '\u2060' and <= '\u2069') or '\u2028' or '\u2029' or '\ufeff'
                => "\u27e8U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + "\u27e9",
            _ when char.IsSurrogate(c) => "\ufffd",
            _ => null,
        };
    }
}
