using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace HafniumTools.Core;

/// <summary>
/// Decides whether a configured URL (a virtual directory's InternalUrl/ExternalUrl, a URL parameter in an ECP
/// command) is a plain http(s) URL or carries script or markup, as the CVE-2021-27065 web-shell chain needs.
/// One implementation for the log rules and the configuration checks.
/// </summary>
internal static class UrlInspection
{
    // Markup or server-side code has no business in a URL: angle brackets are never legal unescaped, and the
    // keywords are what the OAB-dump web shells put there.
    private static readonly Regex ScriptPattern = new(
        @"<\s*/?\s*script\b|<%|%>|\brunat\s*=|<\s*[a-z!/?]|\beval\s*\(|\bRequest\s*(\[|\(|\.\s*(Item|Form|QueryString|Headers|Files|Cookies|ServerVariables|Params|InputStream|BinaryRead)\b)|\bResponse\s*\.\s*(Write|BinaryWrite|WriteFile|Redirect|End|AddHeader|OutputStream)\b|\bServer\s*\.\s*CreateObject|\bjavascript\s*:|\bvbscript\s*:|[""']unsafe[""']|\bExecute(Global)?\s*\(|\bProcess\s*\.\s*Start|\bActiveXObject\b|\bWScript\b|\bFromBase64String\b|\bdata\s*:\s*[a-z]+/[a-z0-9.+-]*(html|script|xml)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled,
        TimeSpan.FromSeconds(1));

    /// <summary>
    /// True when <paramref name="value"/>, raw or percent-decoded, contains script or markup; the first match
    /// is returned in <paramref name="indicator"/>.
    /// </summary>
    public static bool CarriesScriptOrMarkup(string? value, out string? indicator)
    {
        indicator = null;
        if (Strings.IsNullOrEmpty(value))
        {
            return false;
        }

        foreach (string candidate in Decodings(value))
        {
            Match match;
            try
            {
                match = ScriptPattern.Match(candidate);
            }
            catch (RegexMatchTimeoutException)
            {
                indicator = "(pattern timed out on a hostile value)";
                return true;
            }

            if (match.Success)
            {
                indicator = match.Value;
                return true;
            }
        }

        return false;
    }

    /// <summary>True for an absolute http or https URL with a host and nothing that would need escaping.</summary>
    public static bool IsWellFormedHttpUrl(string? value)
    {
        if (Strings.IsNullOrWhiteSpace(value) || value.Trim() != value)
        {
            return false;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host)
            && Uri.IsWellFormedUriString(value, UriKind.Absolute);
    }

    // Percent-encoding can be nested (%253C is %3C is '<'); a few rounds undo what a browser or a JSON body
    // would have undone before the value reached Exchange.
    private const int MaxDecodingRounds = 3;

    private static IEnumerable<string> Decodings(string value)
    {
        yield return value;
        string current = value;
        for (int round = 0; round < MaxDecodingRounds; round++)
        {
            string next = Decode(current);
            if (next == current)
            {
                yield break;
            }

            yield return next;
            current = next;
        }
    }

    private static string Decode(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return value;
        }
    }
}
