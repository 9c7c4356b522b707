using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Files.MailboxExport;

/// <summary>The ProxyShell mailbox-export and certificate-request web-shell rules of the file scan (HT-PST), as data.</summary>
internal static class MailboxExportRules
{
    private const string Cve31207 = "CVE-2021-31207";
    private const string Cve34473 = "CVE-2021-34473";
    private const string Cve34523 = "CVE-2021-34523";
    private const string Source = "[MS-PST] 5.1; Orange Tsai ProxyShell; dmaasland/proxyshell-poc; signature-base WEBSHELL_ASPX_ProxyShell_Aug21";

    public static readonly DetectionRule PstAsWebPage = Rule(
        "HT-PST-001", Severity.Critical, Verdict.Compromise,
        "Mailbox export (PST) written as a web page",
        "The file starts with the PST signature !BDN but has a page extension or sits in a web folder: New-MailboxExportRequest wrote it there (CVE-2021-31207); admins export to .pst on file shares.",
        Cve31207, Cve34473, Cve34523);

    public static readonly DetectionRule ShellInExport = Rule(
        "HT-PST-002", Severity.Critical, Verdict.Compromise,
        "Web shell inside a mailbox export",
        "Server code that runs request input was found in the PST, in clear or after undoing the PST permutative encoding: the ProxyShell export web shell.",
        Cve31207, Cve34473, Cve34523);

    public static readonly DetectionRule ShellInPstElsewhere = Rule(
        "HT-PST-003", Severity.Medium, Verdict.Anomaly,
        "PST holding web-shell code outside web folders",
        "A .pst that is not served by IIS carries server code that runs request input: the draft of a ProxyShell export, or an export copied off the server. Find where else it was written.",
        Cve31207);

    public static readonly DetectionRule ShellInCertificateRequest = Rule(
        "HT-PST-004", Severity.Critical, Verdict.Compromise,
        "Certificate request written as a web page with a shell in it",
        "A DER certificate request (30 82) under a page name holding server code: New-ExchangeCertificate -RequestFile wrote the ProxyShell variant's shell.",
        Cve31207, Cve34473, Cve34523);

    public static IReadOnlyList<DetectionRule> All { get; } = [PstAsWebPage, ShellInExport, ShellInPstElsewhere, ShellInCertificateRequest];

    private static DetectionRule Rule(string id, Severity severity, Verdict verdict, string title, string rationale, params string[] cves) =>
        new(id, FindingCategory.FileSystem, severity, verdict, title, rationale, Source, cves) { Campaign = Campaign.ProxyShell };
}
