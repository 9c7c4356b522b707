using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace HafniumTools.Logs;

/// <summary>
/// The legitimate server-side pages of Exchange's OWA, ECP and OAB virtual directories, used to tell a web shell
/// from Exchange's own pages by exact name. The list is the web-shell scanner's known-good baseline
/// (<see cref="Files.WebShellCatalog.KnownWebPageUrls"/>, data file <c>ExchangeWebBaseline.csv</c>): one list of
/// Exchange's pages for the log rules and the file rules.
/// </summary>
internal static class ExchangeWebPages
{
    private static readonly string[] Folders = ["owa/", "ecp/", "oab/"];
    private static readonly string[] Extensions = [".aspx", ".ashx"];
    private static readonly Lazy<HashSet<string>> Known = new(() => new HashSet<string>(Files.WebShellCatalog.Default.KnownWebPageUrls, StringComparer.Ordinal));

    public static IReadOnlyCollection<string> KnownPages => Known.Value;

    /// <summary>Classifies a requested URL stem (e.g. <c>/owa/auth/logon.aspx</c>); <paramref name="lookAlikeOf"/> names the legitimate page it imitates.</summary>
    public static WebPageKind Classify(string? urlStem, out string? lookAlikeOf)
    {
        lookAlikeOf = null;
        string? path = Normalize(urlStem);
        if (path is null || !Folders.Any(f => path.StartsWith(f, StringComparison.Ordinal)) || !Extensions.Any(e => path.EndsWith(e, StringComparison.Ordinal)))
        {
            return WebPageKind.NotApplicable;
        }

        if (Known.Value.Contains(path))
        {
            return WebPageKind.Legitimate;
        }

        lookAlikeOf = ClosestKnown(path);
        return lookAlikeOf is null ? WebPageKind.Unknown : WebPageKind.LookAlike;
    }

    /// <summary>
    /// Like <see cref="Classify"/> for a request IIS served itself (W3C logs), where <c>/aspnet_client/</c> also
    /// counts: Exchange ships no server-side page there, so every .aspx/.ashx in it is someone else's.
    /// </summary>
    public static WebPageKind ClassifyIisRequest(string? urlStem, out string? lookAlikeOf)
    {
        string? path = Normalize(urlStem);
        if (path is not null && path.StartsWith("aspnet_client/", StringComparison.Ordinal) && Extensions.Any(e => path.EndsWith(e, StringComparison.Ordinal)))
        {
            lookAlikeOf = null;
            return WebPageKind.Unknown;
        }

        return Classify(urlStem, out lookAlikeOf);
    }

    /// <summary>What an unauthenticated request for a page of this kind, answered with this status, shows.</summary>
    public static WebPageOutcome Outcome(WebPageKind kind, int? status)
    {
        if (kind is WebPageKind.NotApplicable or WebPageKind.Legitimate || status is not int code)
        {
            return WebPageOutcome.None;
        }

        if (code == 200)
        {
            return kind == WebPageKind.LookAlike ? WebPageOutcome.LookAlikeAnswered : WebPageOutcome.Answered;
        }

        if (code is >= 300 and < 500)
        {
            return WebPageOutcome.Absent;
        }

        return code >= 500 ? WebPageOutcome.Errored : WebPageOutcome.None;
    }

    /// <summary>Lower-case path without the leading slash, query or duplicate slashes; null when there is none.</summary>
    internal static string? Normalize(string? urlStem)
    {
        if (string.IsNullOrWhiteSpace(urlStem))
        {
            return null;
        }

        string path = urlStem!.Trim();
        int query = path.IndexOfAny(['?', '#']);
        if (query >= 0)
        {
            path = path.Substring(0, query);
        }

        path = path.Replace('\\', '/');
        while (path.IndexOf("//", StringComparison.Ordinal) >= 0)
        {
            path = path.Replace("//", "/");
        }

        return path.TrimStart('/').ToLowerInvariant();
    }

    // A legitimate page in the same folder whose name differs by at most a few letters: the look-alike trick.
    private static string? ClosestKnown(string path)
    {
        int slash = path.LastIndexOf('/');
        string folder = path.Substring(0, slash + 1);
        string name = Path.GetFileNameWithoutExtension(path.Substring(slash + 1));
        if (name.Length < 5)
        {
            return null;
        }

        foreach (var known in Known.Value)
        {
            int knownSlash = known.LastIndexOf('/');
            if (!string.Equals(known.Substring(0, knownSlash + 1), folder, StringComparison.Ordinal))
            {
                continue;
            }

            string knownName = Path.GetFileNameWithoutExtension(known.Substring(knownSlash + 1));
            if (knownName.Length >= 5 && Math.Abs(knownName.Length - name.Length) <= 3 && Distance(name, knownName) <= Math.Min(3, knownName.Length / 3))
            {
                return known;
            }
        }

        return null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
