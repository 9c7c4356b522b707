using System.Collections;
using System.Globalization;
using System.Text;

namespace HafniumTools.Model;

/// <summary>
/// Text from evidence made safe to show in a terminal. File names, log fields, user agents and pages are written by
/// the attacker, and a control character among them (ESC, CSI, BEL, a carriage return, a bidirectional override)
/// could erase a row, retitle the window or hide a finding. Every view and every string the module formats shows
/// such characters visibly instead: C0 controls and DEL as their Unicode control pictures (ESC as <c>␛</c>), C1
/// controls and bidirectional/invisible format characters as <c>\x9b</c> or <c>\u202e</c>. The objects' own
/// properties keep the raw value for scripts that need the bytes as they were.
/// </summary>
public static class DisplayText
{
    /// <summary>The text with every control or bidirectional character shown visibly; null stays null.</summary>
    public static string? Escape(string? text)
    {
        if (text is null || !NeedsEscaping(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (c < 0x20)
            {
                builder.Append((char)(0x2400 + c));
            }
            else if (c == 0x7F)
            {
                builder.Append('\u2421');
            }
            else if (c is >= '\u0080' and <= '\u009F')
            {
                builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (IsFormatCharacter(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// For format views: a string escaped, a list of strings joined with ", " and escaped, anything else (numbers,
    /// dates, enums) as it is, so PowerShell formats it as usual.
    /// </summary>
    public static object? Display(object? value) => value switch
    {
        null => null,
        string text => Escape(text),
        IEnumerable items => Escape(Join(items)),
        _ => value,
    };

    /// <summary>True when <paramref name="text"/> holds a character that <see cref="Escape"/> would change.</summary>
    public static bool NeedsEscaping(string? text)
    {
        if (text is null)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (c < 0x20 || c is >= '\u007F' and <= '\u009F' || IsFormatCharacter(c))
            {
                return true;
            }
        }

        return false;
    }

    // Bidirectional embeddings, overrides and isolates, and the zero-width and line/paragraph separators: they reorder
    // or hide what is shown.
    private static bool IsFormatCharacter(char c) =>
        c is (>= '\u200B' and <= '\u200F') or (>= '\u2028' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u061C' or '\uFEFF';

    private static string Join(IEnumerable items)
    {
        var builder = new StringBuilder();
        foreach (object? item in items)
        {
            if (builder.Length > 0)
            {
                builder.Append(TextList.Separator);
            }

            builder.Append(item);
        }

        return builder.ToString();
    }
}
