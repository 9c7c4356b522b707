using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs.Iis;

/// <summary>The IIS W3C log rules (front end W3SVC1 and back end W3SVC2), as data with stable ids.</summary>
internal static class IisRuleCatalog
{
    private const string Cve26855 = "CVE-2021-26855";
    private const string Cve26858 = "CVE-2021-26858";
    private const string Cve27065 = "CVE-2021-27065";
    private const string SourceVolexity = "Volexity and CISA AA21-062A (IIS request shapes); Neo23x0 signature-base apt_hafnium_log_sigs";

    public static readonly DetectionRule CarrierPost = new(
        "HT-IIS-001", FindingCategory.Iis, Severity.Medium, Verdict.Attempt,
        "POST to a static-resource carrier of the ProxyLogon SSRF",
        "Nothing legitimate posts to /ecp/<1-3 chars>.js, /ecp/default.flt, /ecp/main.css, /owa/auth/x.js or OWA theme resources; the SSRF cookie rides on exactly these requests, and this one was not answered with success.",
        SourceVolexity, Cve26855);

    public static readonly DetectionRule CarrierAnswered = new(
        "HT-IIS-003", FindingCategory.Iis, Severity.High, Verdict.Exploitation,
        "SSRF carrier answered 200 (request routed to the back end)",
        "A POST to a static-resource carrier is never served by the front end itself (the file is absent or static); a 200 means the forged routing cookie sent it to the back end, which answered.",
        SourceVolexity, Cve26855);

    public static readonly DetectionRule CarrierAnswered241 = new(
        "HT-IIS-002", FindingCategory.Iis, Severity.Critical, Verdict.Exploitation,
        "SSRF carrier answered 241 (ECP logon through the SSRF)",
        "A static-resource carrier answered with HTTP 241, the status only /ecp/proxyLogon.ecp returns: the SSRF reached the back end and an ECP session was obtained.",
        SourceVolexity, Cve26855);

    public static readonly DetectionRule WebShellAnswered = new(
        "HT-IIS-050", FindingCategory.Iis, Severity.Critical, Verdict.Compromise,
        "Web shell answered: non-Exchange page served to an unauthenticated client",
        "A page Exchange does not ship under /owa/, /ecp/, /oab/ or /aspnet_client/ answered 200 without authentication: the file exists and ran.",
        "Volexity; helsecert incident logs; Microsoft FrontEnd/ClientAccess baselines", Cve26855, Cve26858, Cve27065);

    public static readonly DetectionRule LookAlikeAnswered = new(
        "HT-IIS-051", FindingCategory.Iis, Severity.Critical, Verdict.Compromise,
        "Web shell answered under a look-alike of an Exchange page",
        "A page named like a legitimate Exchange page but not one answered 200 without authentication.",
        "Red Canary; helsecert (RedirSuiteServerProxy.aspx)", Cve26855, Cve26858, Cve27065);

    public static readonly DetectionRule ShellSweep = new(
        "HT-IIS-052", FindingCategory.Iis, Severity.Low, Verdict.Probe,
        "Sweep for other actors' web shells (page absent)",
        "A request for a non-Exchange page that was redirected or not found: someone looked for a shell that is not there.",
        "helsecert incident logs (third-party shell sweeps answered 302)", Cve26855);

    public static readonly DetectionRule ShellErrored = new(
        "HT-IIS-053", FindingCategory.Iis, Severity.Low, Verdict.Anomaly,
        "Non-Exchange page errored for an unauthenticated client",
        "A non-Exchange page answered with a server error rather than a redirect or 404: the file may exist; check the folder.",
        "Indicator catalogue c2 (200 = present, 302/404 = absent)", Cve26855);

    public static IReadOnlyList<DetectionRule> All { get; } =
        [CarrierPost, CarrierAnswered241, CarrierAnswered, WebShellAnswered, LookAlikeAnswered, ShellSweep, ShellErrored];
}
