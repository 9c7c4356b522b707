using System.Globalization;

namespace HafniumTools.Logs;

/// <summary>
/// Keeps text that reaches a message short: an XML parser's error can list every unclosed element (megabytes for a
/// deeply nested file), and evidence can hold anything. What is cut says how much was left out.
/// </summary>
internal static class ShortText
{
    /// <summary>The longest part of a message taken from an exception or from evidence.</summary>
    public const int MessageLength = 1000;

    /// <summary><paramref name="text"/>, or its first <paramref name="length"/> characters and how many more there were.</summary>
    public static string Cap(string? text, int length)
    {
        if (text is null || text.Length <= length)
        {
            return text ?? string.Empty;
        }

        int keep = length;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return text.Substring(0, keep) + string.Format(CultureInfo.InvariantCulture, "... ({0:N0} more characters)", text.Length - keep);
    }
}
