using System;
using System.Collections.Generic;
using System.Text;

namespace HafniumTools.Builds;

/// <summary>
/// Finds the Exchange build in a line an admin pasted: a row of ExSetup's FileVersionInfo table
/// (<c>15.02.1118.040  15.02.1118.040  C:\...\ExSetup.exe</c>), a HealthChecker or Format-List line
/// (<c>Build Number: 15.02.1118.022</c>, <c>AdminDisplayVersion : Version 15.1 (Build 2176.2)</c>), a row of Microsoft's
/// build table, a sentence. The build is recognised by its shape, never by the labels around it: a dotted number whose
/// first part is 14 or 15 (Exchange 2010 to SE) with plausible other parts (minor 0 to 3, a build number of three or
/// four digits, a revision of at most three), or AdminDisplayVersion's <c>15.1 (Build 2176.2)</c>; failing those, the
/// name of a catalog build (<c>Exchange 2019 CU12 Mar23SU</c>, HealthChecker's Version line). A line with two different
/// builds is refused, and so is one whose only candidate reads as a date as well (<c>15.03.2023</c>). Linear in the
/// length of the line.
/// </summary>
internal static class PastedBuildLine
{
    /// <summary>The reason given for a line with nothing that looks like a build.</summary>
    public const string NoBuildReason =
        "the line holds no Exchange build (a number such as 15.1.2176.9 or 15.01.2176.009, or 'Version 15.1 (Build 2176.2)')";

    /// <summary>
    /// The one build in <paramref name="line"/>, or null: with a reason when the line is ambiguous or names what the
    /// catalog does not know, with a null reason when nothing in it looks like a build.
    /// </summary>
    public static ExchangeBuildText? Find(string line, BuildCatalog? names, out string? reason)
    {
        reason = null;
        ExchangeBuildText? best = null;
        string? bestText = null, dateLike = null;
        for (int i = 0; i < line.Length; i++)
        {
            if (!IsDigit(line[i]) || (i > 0 && (IsWordChar(line[i - 1]) || line[i - 1] == '.')))
            {
                continue;
            }

            int end = i;
            while (end < line.Length && (IsDigit(line[end]) || line[end] == '.'))
            {
                end++;
            }

            int start = i, next = end;
            i = end - 1;
            if (next < line.Length && IsWordChar(line[next]))
            {
                continue; // glued to a word: part of a name, not a build
            }

            // A sentence's full stop is not part of the build.
            var candidate = Candidate(line, start, line[end - 1] == '.' ? end - 1 : end, out bool isDate, out int consumed);
            if (candidate is null)
            {
                continue;
            }

            string token = line.Substring(start, consumed - start).TrimEnd('.');
            i = Math.Max(i, consumed - 1);
            if (isDate)
            {
                dateLike ??= token;
                continue;
            }

            if (best is not null && !Agree(best, candidate))
            {
                reason = Ambiguous(bestText!, token);
                return null;
            }

            if (best is null || Precision(candidate) > Precision(best))
            {
                (best, bestText) = (candidate, token);
            }
        }

        if (best is not null)
        {
            return best;
        }

        var named = names is null ? null : FindName(line, names, out reason);
        if (named is null && reason is null && dateLike is not null)
        {
            reason = $"'{dateLike}' in the line reads as a date (day.month.year) as well as an Exchange build; pass the build alone";
        }

        return named;
    }

    /// <summary>
    /// The build whose shape the dotted number from <paramref name="start"/> to <paramref name="end"/> has, or null. A
    /// two-part number counts only with AdminDisplayVersion's <c>(Build b.r)</c> after it, which
    /// <paramref name="consumed"/> then ends after. Read in place: most numbers in a line are not builds.
    /// </summary>
    private static ExchangeBuildText? Candidate(string line, int start, int end, out bool isDate, out int consumed)
    {
        isDate = false;
        consumed = end;
        int i = start;
        if (!Part(line, ref i, end, 2, 2, 14, 15, out int major) || !Dot(line, ref i, end)
            || !Part(line, ref i, end, 1, 2, 0, 3, out int minor))
        {
            return null;
        }

        if (i == end)
        {
            return AdminDisplayVersionTail(line, end, out int build, out int revision, out consumed)
                ? new ExchangeBuildText(new Version(major, minor, build, revision), true, true)
                : null;
        }

        if (!Dot(line, ref i, end) || !Part(line, ref i, end, 3, 4, 100, ExchangeBuildText.MaxPart, out int buildNumber))
        {
            return null;
        }

        if (i == end)
        {
            // dd.MM.yyyy: no Exchange CU has a build number from 2000 to 2039, dates of this century do.
            isDate = buildNumber is >= 2000 and <= 2039;
            return new ExchangeBuildText(new Version(major, minor, buildNumber), false, false);
        }

        return Dot(line, ref i, end) && Part(line, ref i, end, 1, 3, 0, 999, out int rev) && i == end
            ? new ExchangeBuildText(new Version(major, minor, buildNumber, rev), true, false)
            : null;
    }

    private static bool Dot(string line, ref int i, int end)
    {
        if (i >= end || line[i] != '.')
        {
            return false;
        }

        i++;
        return true;
    }

    /// <summary>One part: <paramref name="minDigits"/> to <paramref name="maxDigits"/> digits worth <paramref name="min"/> to <paramref name="max"/>.</summary>
    private static bool Part(string line, ref int i, int end, int minDigits, int maxDigits, int min, int max, out int value)
    {
        value = 0;
        int first = i;
        while (i < end && IsDigit(line[i]))
        {
            if (i - first == maxDigits)
            {
                return false;
            }

            value = (value * 10) + (line[i] - '0');
            i++;
        }

        return i - first >= minDigits && value >= min && value <= max;
    }

    /// <summary>After <c>15.1</c>: optional spaces, <c>(Build 2176.2)</c>, spaces allowed inside.</summary>
    private static bool AdminDisplayVersionTail(string line, int at, out int build, out int revision, out int end)
    {
        build = revision = 0;
        end = at;
        int i = SkipSpaces(line, at);
        if (i >= line.Length || line[i] != '(')
        {
            return false;
        }

        i = SkipSpaces(line, i + 1);
        if (string.Compare(line, i, "Build", 0, 5, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }

        i = SkipSpaces(line, i + 5);
        if (!Number(line, ref i, out build) || i >= line.Length || line[i] != '.')
        {
            return false;
        }

        i++;
        if (!Number(line, ref i, out revision))
        {
            return false;
        }

        i = SkipSpaces(line, i);
        if (i >= line.Length || line[i] != ')')
        {
            return false;
        }

        end = i + 1;
        return build >= 100;
    }

    /// <summary>The one catalog build the line names (the longest name found), or null; a reason when it is ambiguous or unknown.</summary>
    private static ExchangeBuildText? FindName(string line, BuildCatalog catalog, out string? reason)
    {
        reason = null;
        if (line.IndexOf("Exchange", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return null;
        }

        string text = NormalizeName(line);
        var matches = new List<(BuildCatalogEntry Entry, int At, int End)>();
        foreach (var entry in catalog.Entries)
        {
            for (int at = text.IndexOf(entry.Name, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(entry.Name, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                int end = at + entry.Name.Length;
                if ((at == 0 || !IsWordChar(text[at - 1])) && (end == text.Length || !IsWordChar(text[end])))
                {
                    matches.Add((entry, at, end));
                }
            }
        }

        // "Exchange 2019 CU12" inside "Exchange 2019 CU12 Mar23SU" is the same name, not a second one.
        var all = matches.ToArray();
        matches.RemoveAll(m => Array.Exists(all, o => o.At <= m.At && o.End >= m.End && o.End - o.At > m.End - m.At));
        if (matches.Count == 0)
        {
            return null;
        }

        var (found, _, foundEnd) = matches[0];
        var other = matches.Find(m => m.Entry != found);
        if (other.Entry is not null)
        {
            reason = Ambiguous(found.Name, other.Entry.Name);
            return null;
        }

        string after = NextWord(text, foundEnd);
        if (found.Update is null && LooksLikeUpdate(after))
        {
            reason = $"the line names {found.Name} {after}, an update build catalog {catalog.Version} does not know; pass the build number, or use a newer catalog (-CatalogPath)";
            return null;
        }

        // A CU or service pack by name says nothing of the updates installed on it: the CU build, three parts.
        var build = found.Build;
        return found.Update is null
            ? new ExchangeBuildText(new Version(build.Major, build.Minor, build.Build), false, false)
            : new ExchangeBuildText(build, true, false);
    }

    /// <summary>The catalog's spelling: single spaces, "Exchange Server 2019" as "Exchange 2019", "Subscription Edition" as "SE".</summary>
    private static string NormalizeName(string line)
    {
        var text = new StringBuilder(line.Length);
        foreach (char c in line)
        {
            if (!char.IsWhiteSpace(c))
            {
                text.Append(c);
            }
            else if (text.Length > 0 && text[text.Length - 1] != ' ')
            {
                text.Append(' ');
            }
        }

        return ReplaceWords(ReplaceWords(text.ToString(), "Exchange Server ", "Exchange "), "Subscription Edition", "SE");
    }

    private static string ReplaceWords(string text, string from, string to)
    {
        for (int at = text.IndexOf(from, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(from, at + to.Length, StringComparison.OrdinalIgnoreCase))
        {
            text = text.Substring(0, at) + to + text.Substring(at + from.Length);
        }

        return text;
    }

    private static string NextWord(string text, int at)
    {
        int start = SkipSpaces(text, at), end = start;
        while (end < text.Length && IsWordChar(text[end]))
        {
            end++;
        }

        return text.Substring(start, end - start);
    }

    /// <summary>The shape of an update's short name: Mar21SU, Apr25HU, Aug23SUv2, RU32.</summary>
    private static bool LooksLikeUpdate(string word)
    {
        if (word.Length >= 3 && word.StartsWith("RU", StringComparison.Ordinal))
        {
            return IsAllDigits(word, 2, word.Length);
        }

        return word.Length >= 7 && char.IsUpper(word[0]) && char.IsLower(word[1]) && char.IsLower(word[2])
            && IsAllDigits(word, 3, 5) && (string.CompareOrdinal(word, 5, "SU", 0, 2) == 0 || string.CompareOrdinal(word, 5, "HU", 0, 2) == 0);
    }

    private static bool IsAllDigits(string text, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            if (!IsDigit(text[i]))
            {
                return false;
            }
        }

        return to > from;
    }

    /// <summary>
    /// Which of two agreeing candidates to take: a four-part number over a three-part one; AdminDisplayVersion over the
    /// same four parts written as a number (the cautious reading: it does not show updates).
    /// </summary>
    private static int Precision(ExchangeBuildText build) => build.IsAdminDisplayVersion ? 2 : build.HasRevision ? 1 : 0;

    /// <summary>The same build written twice (15.2.1118.40 and 15.02.1118.040), or a CU-level build and a build on that CU.</summary>
    private static bool Agree(ExchangeBuildText a, ExchangeBuildText b) =>
        a.Version.Major == b.Version.Major && a.Version.Minor == b.Version.Minor && a.Version.Build == b.Version.Build
        && (!a.HasRevision || !b.HasRevision || a.Version.Revision == b.Version.Revision);

    private static string Ambiguous(string a, string b) =>
        $"the line holds more than one Exchange build ({a} and {b}); pass one build at a time";

    private static bool Number(string line, ref int i, out int value)
    {
        int start = i;
        value = 0;
        while (i < line.Length && IsDigit(line[i]) && i - start < 5)
        {
            value = (value * 10) + (line[i] - '0');
            i++;
        }

        return i > start && value <= ExchangeBuildText.MaxPart && (i >= line.Length || !IsDigit(line[i]));
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
