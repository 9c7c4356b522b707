using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace HafniumTools.Logs.Waves;

/// <summary>
/// Classifies a front-end request (<see cref="WaveRequest"/>) as ProxyShell, ProxyNotShell or OWASSRF and grades it
/// from its status, for the IIS and HttpProxy rule sets alike. The autodiscover SSRF is recognised by what makes it
/// one, in any of its published forms: an explicit-logon address followed by a back-end path
/// (<c>autodiscover.json?@x/&lt;target&gt;</c>, the cookie form <c>?a=x@y.tld/&lt;target&gt;</c>, the
/// <c>/autodiscover/admin@localhost//powershell/autodiscover.json</c> form) or an <c>Email=autodiscover/...</c>
/// parameter. Autodiscover V2 by Outlook (<c>autodiscover.json/v1.0/&lt;smtp&gt;?Protocol=...</c>,
/// <c>?Email=&lt;smtp&gt;&amp;Protocol=...</c>) has neither and is never matched.
/// </summary>
internal static class WaveRequestJudge
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    // An explicit-logon address followed by a back-end path: "@evil.com/mapi/nspi", "@localhost//powershell".
    private static readonly Regex AddressThenPath = new(
        @"@[^/?&#\s]*/+(?<target>[^?&#\s]+)", RegexOptions.CultureInvariant, Timeout);

    // OWASSRF: the OWA explicit-logon path with the PowerShell back end behind it.
    private static readonly Regex OwaPowerShell = new(
        @"^/owa/(?<mailbox>[^/?]+)/+powershell(?:[/?]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);

    // Nessus's and ZDI's test domains: a check, not an attack.
    private static readonly string[] ScannerAddresses = ["@test.com/", "@zdi/"];

    public static WaveMatch? Judge(WaveRequest request)
    {
        if (request is null)
        {
            return null;
        }

        try
        {
            return JudgeOwa(request) ?? JudgeAutodiscover(request);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static WaveMatch? JudgeOwa(WaveRequest request)
    {
        var match = OwaPowerShell.Match(request.DecodedStem);
        if (!match.Success)
        {
            return null;
        }

        string detail = "OWA explicit logon to '" + match.Groups["mailbox"].Value + "' with /powershell behind it: the OWASSRF path to the PowerShell back end; "
            + (request.Succeeded
                ? "answered " + request.StatusText + (request.IsAuthenticated ? " for an authenticated user" : string.Empty) + ", so the back end ran the request"
                : "answered " + request.StatusText + (request.HttpStatus == 302 ? " (redirect to logon: not authenticated)" : string.Empty) + ", so this request did not reach the back end")
            + ". No autodiscover URL-rewrite mitigation stops this path; only the November 2022 SU (KB5019758) does.";
        return new WaveMatch(WaveShape.OwassrfPowerShell, request.Succeeded ? WaveGrade.Reached : WaveGrade.Refused, detail);
    }

    private static WaveMatch? JudgeAutodiscover(WaveRequest request)
    {
        if (!request.Contains("autodiscover.json"))
        {
            return null;
        }

        string url = request.DecodedUrl;
        bool emailMarker = request.Contains("Email=autodiscover/") || request.Contains("Email=autodiscover\\");
        var addressed = AddressThenPath.Match(url);
        string? target = addressed.Success ? addressed.Groups["target"].Value : emailMarker ? TargetWithoutAddress(request.Query) : null;
        if (target is null)
        {
            return null;
        }

        bool token = request.Contains("X-Rps-CAT=");
        bool powerShell = token || target.StartsWith("powershell", StringComparison.OrdinalIgnoreCase) || target.IndexOf("/powershell", StringComparison.OrdinalIgnoreCase) >= 0;
        var evasions = MitigationEvasions(request, addressed.Success);
        bool probe = IsProbe(request, target, powerShell, token);
        bool notShell = !token && (request.IsAuthenticated || evasions.Count > 0 || powerShell || request.Contains("FooProtocol="));

        WaveShape shape;
        WaveGrade grade;
        if (probe)
        {
            shape = notShell ? WaveShape.ProxyNotShellProbe : WaveShape.ProxyShellProbe;
            grade = request.Succeeded && target.StartsWith("mapi/nspi", StringComparison.OrdinalIgnoreCase) ? WaveGrade.ProbeAnswered : WaveGrade.Probe;
        }
        else
        {
            shape = (notShell, powerShell) switch
            {
                (false, true) => WaveShape.ProxyShellPowerShell,
                (false, false) => WaveShape.ProxyShellBackEnd,
                (true, true) => WaveShape.ProxyNotShellPowerShell,
                (true, false) => WaveShape.ProxyNotShellBackEnd,
            };
            grade = request.Succeeded ? WaveGrade.Reached : WaveGrade.Refused;
        }

        return new WaveMatch(shape, grade, Describe(request, target, token, grade, evasions));
    }

    // "a..foo.var/owa/&Email=autodiscover/..." (no '@'): the target is the path in the first query parameter.
    private static string? TargetWithoutAddress(string query)
    {
        string first = Uri.UnescapeDataString(query.Split('&')[0]);
        int slash = first.IndexOf('/');
        return slash < 0 ? string.Empty : first.Substring(slash + 1).TrimStart('/').Split('?')[0];
    }

    private static bool IsProbe(WaveRequest request, string target, bool powerShell, bool token)
    {
        if (request.Contains("FooProtocol="))
        {
            return true;
        }

        if (target.Length == 0 || target.StartsWith("mapi/nspi", StringComparison.OrdinalIgnoreCase) || target.StartsWith("owa", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (string address in ScannerAddresses)
        {
            if (request.Contains(address) && !request.IsAuthenticated && string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // A bare GET for the PowerShell back end, without a token or credentials, carries no remoting payload.
        return powerShell && !token && !request.IsAuthenticated && string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The 2022 URL-rewrite mitigation versions this request's shape slips past (the rule history is in docs/about_HafniumTools.md).</summary>
    internal static List<string> MitigationEvasions(WaveRequest request, bool hasAddress)
    {
        var evasions = new List<string>();
        string raw = request.RawUrl;
        string decoded = request.DecodedUrl;
        bool powerShellEncoded = decoded.IndexOf("powershell", StringComparison.OrdinalIgnoreCase) >= 0
            && raw.IndexOf("powershell", StringComparison.OrdinalIgnoreCase) < 0;
        bool atEncoded = raw.IndexOf('@') < 0 && decoded.IndexOf('@') >= 0;
        int json = decoded.IndexOf("autodiscover.json", StringComparison.OrdinalIgnoreCase);
        int shell = decoded.IndexOf("powershell", StringComparison.OrdinalIgnoreCase);
        if (!hasAddress || atEncoded)
        {
            evasions.Add("no literal '@' (" + (atEncoded ? "%40" : "a..x form") + ") passes the 2022-09-29 rule");
        }

        if (powerShellEncoded)
        {
            evasions.Add("percent-encoded 'powershell' passes the 2022-09-29 and 2022-10-03 rules, which match the undecoded REQUEST_URI");
        }

        if (shell >= 0 && json > shell)
        {
            evasions.Add("'powershell' before 'autodiscover.json' passes every rule before the final 2022-10-07 one");
        }

        return evasions;
    }

    private static string Describe(WaveRequest request, string target, bool token, WaveGrade grade, List<string> evasions)
    {
        var text = new System.Text.StringBuilder();
        text.Append("Autodiscover SSRF to back-end '/").Append(target).Append('\'');
        if (token)
        {
            text.Append(" with a forged X-Rps-CAT token");
            if (RpsToken.FromUrl(request.DecodedUrl) is { } forged)
            {
                text.Append(" (").Append(forged).Append(')');
            }
        }

        text.Append("; ").Append(request.Method).Append(" answered ").Append(request.StatusText.Length == 0 ? "?" : request.StatusText);
        text.Append(grade switch
        {
            WaveGrade.Reached => ": the back end answered",
            WaveGrade.ProbeAnswered => ": the server is vulnerable (a check, not a compromise)",
            WaveGrade.Probe => ": a scanner's check",
            _ => request.HttpStatus == 401 && request.IsAuthenticated is false
                ? ": not authenticated (on a patched server, or an NTLM handshake step before the real request)"
                : ": the back end was not reached by this request",
        });
        text.Append(request.IsAuthenticated ? "; authenticated" : "; anonymous");
        if (evasions.Count > 0)
        {
            text.Append("; mitigation bypass: ").Append(string.Join("; ", evasions));
        }

        return text.Append('.').ToString();
    }
}
