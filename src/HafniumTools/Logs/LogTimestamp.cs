using System;
using System.Globalization;

namespace HafniumTools.Logs;

/// <summary>Culture-invariant parsing of log timestamps; values without a zone are taken as UTC (Exchange and IIS log in UTC).</summary>
internal static class LogTimestamp
{
    private const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;

    /// <summary>Parses an ISO 8601 style or invariant-culture timestamp; null when the text is not one.</summary>
    public static DateTime? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text!.Length > 64 || !char.IsDigit(text[0]))
        {
            return null;
        }

        if (TryParseIso(text, out var fast))
        {
            return fast;
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, Styles, out var value)
            ? DateTime.SpecifyKind(value, DateTimeKind.Utc)
            : null;
    }

    /// <summary>
    /// A time given by a user (-Since, -Until) as UTC: a local time (from Get-Date) is converted, a time without a
    /// zone is taken as UTC like the logs.
    /// </summary>
    public static DateTime? ToUtc(DateTime? value) => value is not DateTime v ? null
        : v.Kind == DateTimeKind.Local ? v.ToUniversalTime()
        : DateTime.SpecifyKind(v, DateTimeKind.Utc);

    /// <summary>A W3C (IIS) date column and time column.</summary>
    public static DateTime? Parse(string? date, string? time) =>
        string.IsNullOrEmpty(date) ? null : Parse(string.IsNullOrEmpty(time) ? date : date + "T" + time);

    // yyyy-MM-ddTHH:mm:ss[.fffffff][Z]: the shape Exchange writes, parsed without allocation.
    private static bool TryParseIso(string s, out DateTime value)
    {
        value = default;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)
            || !Digits(s, 11, 2, out int hour) || !Digits(s, 14, 2, out int minute) || !Digits(s, 17, 2, out int second))
        {
            return false;
        }

        long ticks = 0;
        int i = 19;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            long scale = TimeSpan.TicksPerSecond;
            while (i < s.Length && char.IsDigit(s[i]))
            {
                scale /= 10;
                ticks += (s[i] - '0') * scale;
                i++;
            }
        }

        if (i < s.Length && !(i == s.Length - 1 && (s[i] == 'Z' || s[i] == 'z')))
        {
            return false; // an offset or trailing text: leave it to the general parser
        }

        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
        return true;
    }

    private static bool Digits(string s, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            char c = s[i];
            if (c < '0' || c > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
