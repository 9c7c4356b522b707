using System;
using System.Collections.Generic;

namespace HafniumTools.Remote;

/// <summary>
/// Microsoft's CVE-2021-26855 check (CSS-Exchange http-vuln-cve2021-26855.nse, final version): an anonymous GET of a
/// resource under /owa/auth with the X-AnonResource cookies that name <c>localhost</c> as the back end. An unpatched
/// front end computes that back end and says so in <c>X-CalculatedBETarget</c>; a patched one refuses the name; the
/// URL Rewrite mitigation (EOMT) aborts the request with no answer. The check reads, it never writes: the request is
/// a GET of a file that does not exist.
/// </summary>
internal static class SsrfCheck
{
    public const string Path = "/owa/auth/x.js";

    public const string Cookie = "X-AnonResource=true; X-AnonResource-Backend=localhost/ecp/default.flt?~3; X-BEResource=localhost/owa/auth/logon.aspx?~3;";

    public static IReadOnlyList<KeyValuePair<string, string>> Headers { get; } = [new("Cookie", Cookie)];

    /// <summary>
    /// The verdict on an answer: Vulnerable when X-CalculatedBETarget names localhost (the final NSE condition), or when
    /// the front end failed with 500 negotiating with that back end (the first NSE condition); else NotVulnerable.
    /// </summary>
    public static (SsrfStatus Status, string Fact) Judge(ProbeResponse response)
    {
        string? target = response.Header("X-CalculatedBETarget");
        if (target is not null && target.IndexOf("localhost", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return (SsrfStatus.Vulnerable, "X-CalculatedBETarget: " + ExchangeFingerprint.Clip(target) + ": the front end routed the anonymous request to the back end named in the cookie");
        }

        if (response.StatusCode == 500 && response.BodyText.IndexOf("NegotiateSecurityContext", StringComparison.Ordinal) >= 0)
        {
            return (SsrfStatus.Vulnerable, "500 with NegotiateSecurityContext in the body: the front end tried to authenticate to the localhost back end");
        }

        return (SsrfStatus.NotVulnerable, target is null
            ? "no X-CalculatedBETarget header: the front end did not route the request to localhost"
            : "X-CalculatedBETarget: " + ExchangeFingerprint.Clip(target) + " (not localhost)");
    }
}
