using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HafniumTools.Builds;

/// <summary>
/// Parses the ways an Exchange build is written: <c>15.1.2176.9</c>, ExSetup file versions
/// (<c>15.01.2176.009</c>), three-part CU builds (<c>15.1.2176</c>) and <c>AdminDisplayVersion</c> text
/// (<c>Version 15.1 (Build 2176.2)</c>), alone or inside a line pasted from a table or a report (see
/// <see cref="PastedBuildLine"/>). Culture-invariant: only ASCII digits and '.' count, so a build formatted under a
/// culture with ',' as separator is refused rather than misread.
/// </summary>
internal sealed class ExchangeBuildText
{
    /// <summary>Largest value of one version part (Windows file versions are four 16-bit numbers).</summary>
    public const int MaxPart = 65535;

    /// <summary>The longest text read as a build by itself.</summary>
    private const int MaxLength = 128;

    /// <summary>The longest text searched for a build (a pasted line, or a few).</summary>
    private const int MaxLineLength = 4096;

    internal ExchangeBuildText(Version version, bool hasRevision, bool isAdminDisplayVersion)
    {
        Version = version;
        HasRevision = hasRevision;
        IsAdminDisplayVersion = isAdminDisplayVersion;
    }

    /// <summary>The build (three parts when the text had no revision).</summary>
    public Version Version { get; }

    /// <summary>True when the text had a fourth (revision) part.</summary>
    public bool HasRevision { get; }

    /// <summary>True when the text was in the <c>Version 15.1 (Build 2176.2)</c> form.</summary>
    public bool IsAdminDisplayVersion { get; }

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="reason"/> says what is wrong.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ExchangeBuildText? result, out string? reason) =>
        TryParse(text, null, out result, out reason);

    /// <summary>
    /// Parses <paramref name="text"/>: a build by itself, else the one build in a pasted line, else (with
    /// <paramref name="names"/>) the one build of the catalog the line names. On failure <paramref name="reason"/> says
    /// what is wrong.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, BuildCatalog? names, [NotNullWhen(true)] out ExchangeBuildText? result, out string? reason)
    {
        result = null;
        string trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            reason = "the value is empty";
            return false;
        }

        if (trimmed.Length > MaxLineLength)
        {
            reason = $"the value is {trimmed.Length} characters long, far longer than any Exchange build or pasted line";
            return false;
        }

        string? exactReason = null;
        if (trimmed.Length <= MaxLength && TryParseExact(trimmed, out result, out exactReason))
        {
            reason = null;
            return true;
        }

        if (IsNumber(trimmed))
        {
            // Digits and separators only: a number, judged as a whole (15,1,2176,9 is not the line "15,1" plus "2176,9").
            reason = exactReason ?? TooLong(trimmed);
            return false;
        }

        result = PastedBuildLine.Find(trimmed, names, out string? lineReason);
        if (result is not null)
        {
            reason = null;
            return true;
        }

        reason = lineReason
            ?? (trimmed.Length > MaxLength ? TooLong(trimmed) + ", and it holds no Exchange build"
                : IsAdminDisplayVersionAttempt(trimmed) || !HasWhiteSpace(trimmed) ? exactReason
                : PastedBuildLine.NoBuildReason);
        return false;
    }

    /// <summary>Builds from numeric parts (e.g. a System.Version or a Major/Minor/Build/Revision bag); -1 means absent.</summary>
    public static bool TryFromParts(int major, int minor, int build, int revision, out ExchangeBuildText? result, out string? reason)
    {
        result = null;
        if (build < 0)
        {
            reason = $"'{major}.{minor}' has no build number; an Exchange build has major.minor.build[.revision]";
            return false;
        }

        foreach (int part in new[] { major, minor, build, revision })
        {
            if (part > MaxPart)
            {
                reason = $"the part {part.ToString(CultureInfo.InvariantCulture)} is larger than {MaxPart}";
                return false;
            }
        }

        if (major < 0 || minor < 0)
        {
            reason = "a version part is negative";
            return false;
        }

        reason = null;
        result = revision < 0
            ? new ExchangeBuildText(new Version(major, minor, build), false, false)
            : new ExchangeBuildText(new Version(major, minor, build, revision), true, false);
        return true;
    }

    /// <summary>The four-part build in the zero-padded form ExSetup.exe shows (<c>15.01.2176.009</c>).</summary>
    public static string ToFileVersionText(Version version)
    {
        if (version is null)
        {
            throw new ArgumentNullException(nameof(version));
        }

        return string.Format(CultureInfo.InvariantCulture, "{0:00}.{1:00}.{2:0000}.{3:000}",
            version.Major, version.Minor, Math.Max(version.Build, 0), Math.Max(version.Revision, 0));
    }

    /// <summary>The text is one build and nothing else.</summary>
    private static bool TryParseExact(string trimmed, [NotNullWhen(true)] out ExchangeBuildText? result, out string? reason)
    {
        if (trimmed.StartsWith("Version", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseAdminDisplayVersion(trimmed, out result, out reason);
        }

        result = null;
        if (!TryParseDotted(trimmed, 3, out int[]? parts, out reason))
        {
            return false;
        }

        result = new ExchangeBuildText(ToVersion(parts!), parts!.Length == 4, false);
        return true;
    }

    private static bool TryParseAdminDisplayVersion(string text, [NotNullWhen(true)] out ExchangeBuildText? result, out string? reason)
    {
        // Version <major>.<minor> (Build <build>.<revision>)
        result = null;
        const string Expected = "expected the form 'Version 15.1 (Build 2176.2)'";
        string rest = text.Substring("Version".Length).TrimStart();
        int open = rest.IndexOf('(');
        if (open < 0 || !rest.EndsWith(")", StringComparison.Ordinal))
        {
            reason = Expected;
            return false;
        }

        string majorMinor = rest.Substring(0, open).Trim();
        string inner = rest.Substring(open + 1, rest.Length - open - 2).Trim();
        if (!inner.StartsWith("Build", StringComparison.OrdinalIgnoreCase))
        {
            reason = Expected;
            return false;
        }

        string buildRevision = inner.Substring("Build".Length).Trim();
        if (!TryParseDotted(majorMinor, 2, out int[]? head, out reason) || head!.Length != 2)
        {
            reason = reason is null ? Expected : $"{reason} ({Expected})";
            return false;
        }

        if (!TryParseDotted(buildRevision, 2, out int[]? tail, out reason) || tail!.Length != 2)
        {
            reason = reason is null ? Expected : $"{reason} ({Expected})";
            return false;
        }

        result = new ExchangeBuildText(new Version(head[0], head[1], tail[0], tail[1]), true, true);
        return true;
    }

    private static bool TryParseDotted(string text, int minParts, out int[]? parts, out string? reason)
    {
        // One pass over the characters: this runs for every build of a fleet audit.
        parts = null;
        if (text.IndexOf(',') >= 0 && IsNumber(text))
        {
            reason = $"'{text}' uses ',' but version parts are separated by '.' (was it formatted with a non-English culture?)";
            return false;
        }

        int pieces = 1;
        foreach (char c in text)
        {
            if (c == '.')
            {
                pieces++;
            }
        }

        if (pieces < minParts)
        {
            reason = pieces == 1 && !IsDigits(text)
                ? $"'{text}' is not a version number"
                : $"'{text}' has {pieces} part(s); an Exchange build has major.minor.build[.revision]";
            return false;
        }

        if (pieces > 4)
        {
            reason = $"'{text}' has {pieces} parts; a build has at most four";
            return false;
        }

        var values = new int[pieces];
        int index = 0, start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '.')
            {
                continue;
            }

            if (i == start)
            {
                reason = $"'{text}' has an empty part";
                return false;
            }

            int value = 0, significant = 0;
            for (int j = start; j < i; j++)
            {
                char c = text[j];
                if (c < '0' || c > '9')
                {
                    reason = $"'{text.Substring(start, i - start)}' in '{text}' is not a number";
                    return false;
                }

                // Zero padding (ExSetup's 15.01.2176.009) is allowed; more than five significant digits is not.
                if (significant > 0 || c != '0')
                {
                    if (++significant > 5)
                    {
                        break;
                    }

                    value = (value * 10) + (c - '0');
                }
            }

            if (significant > 5 || value > MaxPart)
            {
                // Report the first non-digit if there is one further on, else the size.
                for (int j = start; j < i; j++)
                {
                    if (text[j] < '0' || text[j] > '9')
                    {
                        reason = $"'{text.Substring(start, i - start)}' in '{text}' is not a number";
                        return false;
                    }
                }

                reason = $"'{text.Substring(start, i - start)}' in '{text}' is larger than {MaxPart}";
                return false;
            }

            values[index++] = value;
            start = i + 1;
        }

        parts = values;
        reason = null;
        return true;
    }

    /// <summary>Only ASCII digits, '.' and ',': a number (perhaps formatted under another culture), not a line.</summary>
    private static bool IsNumber(string text)
    {
        foreach (char c in text)
        {
            if (c is not ((>= '0' and <= '9') or '.' or ','))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasWhiteSpace(string text)
    {
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>'Version' and a space: the text means to be AdminDisplayVersion, and its own reason is the one to give.</summary>
    private static bool IsAdminDisplayVersionAttempt(string text) =>
        text.Length > "Version".Length
        && text.StartsWith("Version", StringComparison.OrdinalIgnoreCase)
        && char.IsWhiteSpace(text["Version".Length]);

    private static string TooLong(string text) => $"the value is {text.Length} characters long, far longer than any Exchange build";

    private static bool IsDigits(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static Version ToVersion(int[] parts) => parts.Length == 4
        ? new Version(parts[0], parts[1], parts[2], parts[3])
        : new Version(parts[0], parts[1], parts[2]);
}
