using System;
using System.Text;
using System.Text.RegularExpressions;

namespace HafniumTools.Logs.Waves;

/// <summary>
/// Reads the CommonAccessToken a ProxyShell request forges in <c>X-Rps-CAT</c> (CVE-2021-34523): base64 of records
/// <c>V</c> (version), <c>T</c> (type), <c>C</c> (compressed), <c>A</c> (auth type), <c>L</c> (logon name), <c>U</c>
/// (user SID), <c>G</c> (groups), <c>E</c>; each text record is its letter, a length byte and the text. Names the
/// impersonated user, e.g. <c>impersonates Administrator@contoso.com, SID S-1-5-21-...-500</c>.
/// </summary>
internal static class RpsToken
{
    private static readonly Regex TokenParameter = new(
        @"X-Rps-CAT=(?<token>[A-Za-z0-9+/=_-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

    /// <summary>"impersonates &lt;logon&gt;, SID &lt;sid&gt;" for the token in <paramref name="url"/>, or null when none can be read.</summary>
    public static string? FromUrl(string? url)
    {
        if (url is null)
        {
            return null;
        }

        try
        {
            var match = TokenParameter.Match(url);
            return match.Success ? Describe(match.Groups["token"].Value) : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>The logon name and SID a token names, or null when it is not a token of this layout.</summary>
    public static string? Describe(string token)
    {
        byte[] bytes;
        try
        {
            string padded = token.Replace('-', '+').Replace('_', '/').TrimEnd('=');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            bytes = Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length < 3 || bytes[0] != (byte)'V')
        {
            return null;
        }

        string? logon = null;
        string? sid = null;
        int at = 3;
        while (at + 1 < bytes.Length)
        {
            char tag = (char)bytes[at];
            if (tag == 'C')
            {
                at += 2;
                continue;
            }

            if (tag is not ('T' or 'A' or 'L' or 'U'))
            {
                break;
            }

            int length = bytes[at + 1];
            if (at + 2 + length > bytes.Length)
            {
                break;
            }

            string text = Encoding.UTF8.GetString(bytes, at + 2, length);
            if (tag == 'L')
            {
                logon = text;
            }
            else if (tag == 'U')
            {
                sid = text;
            }

            at += 2 + length;
        }

        if (logon is null && sid is null)
        {
            return null;
        }

        return "impersonates " + (logon ?? "?") + (sid is null ? string.Empty : ", SID " + sid)
            + (sid is not null && sid.EndsWith("-500", StringComparison.Ordinal) ? " (the built-in Administrator)" : string.Empty);
    }
}
