using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace HafniumTools.Logs.EventLogs;

/// <summary>Culture-invariant parsing of the timestamps found in Exchange logs and event exports, always to UTC.</summary>
internal static class UtcTimestamp
{
    // More than seven fractional digits (wevtutil writes nine) are cut to what DateTime holds.
    private static readonly Regex LongFraction = new(
        @"(\.\d{7})\d+", RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(200));

    // Only ISO-8601 shapes are accepted: "03/04/2021" means different days in different cultures.
    private static readonly Regex IsoShape = new(
        @"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(200));

    private static readonly Regex LeadingTimestamp = new(
        @"^\W{0,2}(?<t>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[\.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)",
        RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(200));

    /// <summary>Parses ISO-8601 text (nothing else); no zone means UTC (Exchange logs are written in UTC).</summary>
    public static DateTime? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text!.Length > 64)
        {
            return null;
        }

        string value = text.Trim().Replace(',', '.');
        try
        {
            if (!IsoShape.IsMatch(value))
            {
                return null;
            }

            value = LongFraction.Replace(value, "$1");
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(
            value,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces,
            out var parsed))
        {
            return parsed.UtcDateTime;
        }

        return null;
    }

    /// <summary>The timestamp a free-text line starts with (e.g. <c>2021-03-03T05:12:31.444Z,…</c>), if any.</summary>
    public static DateTime? ParseLeading(string? line)
    {
        if (string.IsNullOrEmpty(line))
        {
            return null;
        }

        try
        {
            var match = LeadingTimestamp.Match(line!.Length > 80 ? line.Substring(0, 80) : line);
            return match.Success ? Parse(match.Groups["t"].Value) : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
