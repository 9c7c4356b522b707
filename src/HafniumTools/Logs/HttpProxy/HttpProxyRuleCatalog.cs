using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs.HttpProxy;

/// <summary>The HttpProxy log rules (CVE-2021-26855 and what rides on it), as data with stable ids.</summary>
internal static class HttpProxyRuleCatalog
{
    public const string Cve26855 = "CVE-2021-26855";
    public const string Cve26858 = "CVE-2021-26858";
    public const string Cve27065 = "CVE-2021-27065";

    private const string SourceTestProxyLogon = "Microsoft Test-ProxyLogon.ps1 and MSTIC HAFNIUM advisory (2021-03-02); Exchange HttpProxy BEResourceRequestHandler";
    private const string SourceChain = "Volexity and helsecert incident logs (2021-03); Metasploit exchange_proxylogon_rce";

    public static readonly DetectionRule SsrfAnchor = new(
        "HT-HP-001", FindingCategory.HttpProxy, Severity.High, Verdict.Exploitation,
        "SSRF routed a request to an attacker-chosen back-end path",
        "AnchorMailbox ServerInfo~<host>/<path> only arises when a forged X-BEResource or X-AnonResource-Backend cookie names a back-end URL; Exchange's own anchors never carry a path.",
        SourceTestProxyLogon, Cve26855);

    public static readonly DetectionRule SsrfBackEndCookie = new(
        "HT-HP-002", FindingCategory.HttpProxy, Severity.High, Verdict.Exploitation,
        "SSRF shape in the back-end routing cookie",
        "BackEndCookie Server~<host>/<path>~<version> carries a URL path, which only a forged routing cookie does.",
        "CSS-Exchange issue #310; SCS-Labs HAFNIUM hunting queries", Cve26855);

    public static readonly DetectionRule EcpLogon241 = new(
        "HT-HP-010", FindingCategory.HttpProxy, Severity.Critical, Verdict.Exploitation,
        "ECP session obtained through the SSRF (proxyLogon.ecp answered 241)",
        "HTTP 241 from /ecp/proxyLogon.ecp reached through a ServerInfo anchor means the attacker got an authenticated ECP session as the impersonated administrator.",
        SourceChain, Cve26855);

    public static readonly DetectionRule OabSetObject = new(
        "HT-HP-011", FindingCategory.HttpProxy, Severity.Critical, Verdict.Exploitation,
        "OAB virtual directory changed through the SSRF (DDI SetObject)",
        "DDIService SetObject on the OABVirtualDirectory schema through a ServerInfo anchor is the step that plants script in the OAB ExternalUrl.",
        SourceChain, Cve26855, Cve27065);

    public static readonly DetectionRule OabReset = new(
        "HT-HP-012", FindingCategory.HttpProxy, Severity.Critical, Verdict.Exploitation,
        "OAB virtual directory reset through the SSRF (web shell file write)",
        "ResetOABVirtualDirectory through a ServerInfo anchor writes the OAB settings, with the planted script, to an attacker-chosen file; even a 500 means the SSRF ran, so look for the file.",
        SourceTestProxyLogon, Cve26855, Cve27065);

    public static readonly DetectionRule EwsThroughSsrf = new(
        "HT-HP-013", FindingCategory.HttpProxy, Severity.Critical, Verdict.Exploitation,
        "Mailbox access through EWS via the SSRF",
        "EWS reached through a ServerInfo anchor (typically <host>:444/EWS/Exchange.asmx, often carried by theme resources) is how mailboxes were read without credentials.",
        "Volexity Operation Exchange Marauder (2021-03-02)", Cve26855);

    public static readonly DetectionRule AutodiscoverOnly = new(
        "HT-HP-020", FindingCategory.HttpProxy, Severity.Medium, Verdict.Attempt,
        "SSRF attempt that reached only autodiscover",
        "An SSRF anchor aimed at /autodiscover is the first step; alone it means the attacker found no valid mailbox address and got no further.",
        "CSS-Exchange commit 19778cd8 (Test-ProxyLogon exclusion rationale)", Cve26855);


    public static readonly DetectionRule LocalhostProbe = new(
        "HT-HP-030", FindingCategory.HttpProxy, Severity.Low, Verdict.Probe,
        "SSRF vulnerability probe (localhost anchor)",
        "ServerInfo~localhost/... is the shape of the nmap NSE check and mass scanners testing whether the server is vulnerable.",
        "Neo23x0 signature-base PR #125; Test-ProxyLogon exclusion", Cve26855);

    public static readonly DetectionRule OutOfBandProbe = new(
        "HT-HP-031", FindingCategory.HttpProxy, Severity.Low, Verdict.Probe,
        "SSRF vulnerability probe (out-of-band interaction host)",
        "An anchor whose back end is not one of Exchange's own paths (a bare or random path on the tester's host), or names an interaction service such as burpcollaborator.net, tests whether the server makes the outbound request; it is a scan, not a chain.",
        "Microsoft Q&A 302014; indicator catalogue c1", Cve26855);

    public static readonly DetectionRule WebShellAnswered = new(
        "HT-HP-050", FindingCategory.HttpProxy, Severity.Critical, Verdict.Compromise,
        "Web shell answered: non-Exchange page served to an unauthenticated client",
        "A page Exchange does not ship under /owa/, /ecp/ or /oab/ answered 200 without authentication: the file exists and ran.",
        "Volexity; helsecert incident logs; Microsoft FrontEnd/ClientAccess baselines", Cve26855, Cve26858, Cve27065);

    public static readonly DetectionRule LookAlikeAnswered = new(
        "HT-HP-051", FindingCategory.HttpProxy, Severity.Critical, Verdict.Compromise,
        "Web shell answered under a look-alike of an Exchange page",
        "A page named like a legitimate Exchange page but not one (RedirSuiteServerProxy.aspx for RedirSuiteServiceProxy.aspx) answered 200 without authentication.",
        "Red Canary; helsecert (MSERT detection of RedirSuiteServerProxy.aspx)", Cve26855, Cve26858, Cve27065);

    public static readonly DetectionRule ShellSweep = new(
        "HT-HP-052", FindingCategory.HttpProxy, Severity.Low, Verdict.Probe,
        "Sweep for other actors' web shells (page absent)",
        "A request for a non-Exchange page under /owa/, /ecp/ or /oab/ that was redirected or not found: someone looked for a shell that is not there.",
        "helsecert incident logs (third-party shell sweeps answered 302)", Cve26855);

    public static readonly DetectionRule ShellErrored = new(
        "HT-HP-053", FindingCategory.HttpProxy, Severity.Low, Verdict.Anomaly,
        "Non-Exchange page errored for an unauthenticated client",
        "A non-Exchange page under /owa/, /ecp/ or /oab/ answered with a server error rather than a redirect: the file may exist; check the folder.",
        "Indicator catalogue c2 (200 = present, 302/404 = absent)", Cve26855);

    /// <summary>Every rule, in id order.</summary>
    public static IReadOnlyList<DetectionRule> All { get; } =
    [
        SsrfAnchor, SsrfBackEndCookie, EcpLogon241, OabSetObject, OabReset, EwsThroughSsrf, AutodiscoverOnly,
        LocalhostProbe, OutOfBandProbe, WebShellAnswered, LookAlikeAnswered, ShellSweep, ShellErrored,
    ];
}
