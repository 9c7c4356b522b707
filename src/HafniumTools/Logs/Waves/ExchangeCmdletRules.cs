using System.Collections.Generic;
using HafniumTools.Model;
using static HafniumTools.Logs.Waves.WaveCves;

namespace HafniumTools.Logs.Waves;

/// <summary>
/// The ProxyShell post-exploitation cmdlet rules of one source: HT-RPS-1xx for the Remote PowerShell cmdlet log,
/// HT-MGT-0xx for MSExchange Management events. Judged by <see cref="ExchangeCmdletJudge"/>. Numbers: 01-06 files
/// written into a web path, 10-11 the export's preparation and cleanup, 20-21 mail-flow and certificate changes (Low
/// context), 22-24 and 25-27 the same changes in a session that came through the ProxyShell, ProxyNotShell or OWASSRF
/// SSRF (one rule per campaign, chosen after every log is read), 28 such a change that failed.
/// </summary>
internal sealed class ExchangeCmdletRules
{
    // The CVEs of the SSRF each campaign's session came through: the same cmdlet is evidence of a different chain (declared before the rule sets, which use it).
    private static readonly (Campaign Campaign, string Name, string[] Cves)[] SessionCampaigns =
    [
        (Campaign.ProxyShell, "ProxyShell", [Cve34473, Cve34523]),
        (Campaign.ProxyNotShell, "ProxyNotShell", [Cve41040, Cve41082]),
        (Campaign.OWASSRF, "OWASSRF", [Cve41080, Cve41082]),
    ];

    private const string SourceSession = "beyond-hafnium reference sections 3 and 6 (Rps_Cmdlet, MSExchange Management); CrowdStrike/OWASSRF Rps_Http-IOC.ps1; Splunk Windows MSExchange Management Mailbox Cmdlet Usage";

    private const string SourceExport = "Orange Tsai ProxyShell; Sigma win_exchange_proxyshell_mailbox_export and _certificate_generation; DebugPrivilege Rps_Cmdlet captures";

    private ExchangeCmdletRules(string family, int offset, FindingCategory category, string log)
    {
        ExportToWebPath = Rule(family, offset + 1, category, Severity.Critical, Verdict.Exploitation, AttackStage.FileWritten,
            "Mailbox exported to a web page path (" + log + ")",
            "New-MailboxExportRequest succeeded writing to a web folder or a page extension: the ProxyShell web-shell write (CVE-2021-31207). Admin PST exports go to file shares as .pst.",
            SourceExport, Cve31207);
        ExportToWebPathFailed = Rule(family, offset + 2, category, Severity.High, Verdict.Attempt, AttackStage.Ssrf,
            "Mailbox export to a web page path failed (" + log + ")",
            "New-MailboxExportRequest aimed at a web folder or a page extension returned an error: the ProxyShell write was tried; no file was written by this command.",
            SourceExport, Cve31207);
        CertificateRequestToWebPath = Rule(family, offset + 3, category, Severity.Critical, Verdict.Exploitation, AttackStage.FileWritten,
            "Certificate request written to a web page path (" + log + ")",
            "New-ExchangeCertificate -RequestFile to a web folder or page extension is the ProxyShell variant that writes a shell inside a certificate request.",
            SourceExport, Cve31207);
        CertificateRequestToWebPathFailed = Rule(family, offset + 4, category, Severity.High, Verdict.Attempt, AttackStage.Ssrf,
            "Certificate request to a web page path failed (" + log + ")",
            "New-ExchangeCertificate -RequestFile aimed at a web folder or page extension returned an error: an attempt.",
            SourceExport, Cve31207);
        ImportExportRoleGranted = Rule(family, offset + 10, category, Severity.Low, Verdict.Context, AttackStage.None,
            "Mailbox Import Export role assigned (" + log + ")",
            "ProxyShell grants itself this role before exporting a mailbox to a web path; admins grant it for PST exports too, so it is context: look for an export to a web path after it.",
            SourceExport, Cve31207);
        ExportRequestRemoved = Rule(family, offset + 11, category, Severity.Low, Verdict.Context, AttackStage.None,
            "Mailbox export request removed (" + log + ")",
            "ProxyShell removes its export request right after the write; admins clean up finished exports too. Context for an export found nearby.",
            SourceExport, Cve31207);
        CertificateExportToWebPath = Rule(family, offset + 5, category, Severity.Critical, Verdict.Exploitation, AttackStage.FileWritten,
            "Certificate exported to a web page path (" + log + ")",
            "Export-ExchangeCertificate -FileName to a web folder or page extension puts the certificate (and its private key, when exportable) where anyone can download it, or writes attacker-chosen bytes under a page name.",
            SourceExport, Cve31207);
        CertificateExportToWebPathFailed = Rule(family, offset + 6, category, Severity.High, Verdict.Attempt, AttackStage.Ssrf,
            "Certificate export to a web page path failed (" + log + ")",
            "Export-ExchangeCertificate -FileName aimed at a web folder or page extension returned an error: an attempt.",
            SourceExport, Cve31207);
        MailFlowChanged = SessionBound(family, offset + 20, category, "Mail flow changed (" + log + ")",
            "Transport rules, connectors, journal rules, remote domains, transport agents and forwarding to outside addresses are how an attacker with Exchange admin rights reads or diverts mail; admins change them every day, so alone this is context. It becomes exploitation when a session that came through the SSRF ran on the same server just before.",
            offset + 22, "Mail flow changed in a session that came through the SSRF (" + log + ")",
            "The cmdlet changed mail flow on a server whose Remote PowerShell or front-end logs show a session proxied through the SSRF just before it: the attacker's change.");
        CertificateChanged = SessionBound(family, offset + 21, category, "Exchange certificate changed (" + log + ")",
            "Creating, importing, enabling, exporting or removing an Exchange certificate is routine for admins; it is exploitation only when a session that came through the SSRF ran on the same server just before (or when it writes into a web path, another rule).",
            offset + 25, "Exchange certificate changed in a session that came through the SSRF (" + log + ")",
            "The certificate cmdlet ran on a server whose Remote PowerShell or front-end logs show a session proxied through the SSRF just before it: the attacker's change (a private key taken, a certificate of theirs bound to the services).");
        ChangeFailed = Rule(family, offset + 28, category, Severity.Informational, Verdict.Context, AttackStage.None,
            "Mail flow or certificate change failed (" + log + ")",
            "A mail-flow or certificate cmdlet returned an error, so nothing was changed; listed so the session it ran in can be read with it.",
            SourceSession);
        All =
        [
            ExportToWebPath, ExportToWebPathFailed, CertificateRequestToWebPath, CertificateRequestToWebPathFailed, CertificateExportToWebPath, CertificateExportToWebPathFailed,
            ImportExportRoleGranted, ExportRequestRemoved,
            MailFlowChanged, .. MailFlowChanged.InProxiedSession!.Values, CertificateChanged, .. CertificateChanged.InProxiedSession!.Values, ChangeFailed,
        ];
    }

    public static ExchangeCmdletRules RemotePowerShell { get; } = new("HT-RPS", 100, FindingCategory.RemotePowerShell, "Remote PowerShell cmdlet log");

    public static ExchangeCmdletRules ManagementEvents { get; } = new("HT-MGT", 0, FindingCategory.EventLog, "MSExchange Management event");

    public DetectionRule ExportToWebPath { get; }

    public DetectionRule ExportToWebPathFailed { get; }

    public DetectionRule CertificateRequestToWebPath { get; }

    public DetectionRule CertificateRequestToWebPathFailed { get; }

    public DetectionRule CertificateExportToWebPath { get; }

    public DetectionRule CertificateExportToWebPathFailed { get; }

    /// <summary>A mail-flow change (Low context; see <see cref="DetectionRule.InProxiedSession"/> for its exploitation rules).</summary>
    public DetectionRule MailFlowChanged { get; }

    /// <summary>A certificate change that writes nothing into a web path (Low context, exploitation in a proxied session).</summary>
    public DetectionRule CertificateChanged { get; }

    /// <summary>A mail-flow or certificate change that failed (informational context, never promoted).</summary>
    public DetectionRule ChangeFailed { get; }

    public DetectionRule ImportExportRoleGranted { get; }

    public DetectionRule ExportRequestRemoved { get; }

    public IReadOnlyList<DetectionRule> All { get; }

    // A Low context rule, and one exploitation rule per campaign it becomes in a session that came through the SSRF.
    private static DetectionRule SessionBound(string family, int number, FindingCategory category, string title, string rationale, int firstSessionNumber, string sessionTitle, string sessionRationale)
    {
        var inSession = new Dictionary<Campaign, DetectionRule>();
        for (int i = 0; i < SessionCampaigns.Length; i++)
        {
            var (campaign, name, cves) = SessionCampaigns[i];
            inSession[campaign] = new DetectionRule(Id(family, firstSessionNumber + i), category, Severity.High, Verdict.Exploitation, name + ": " + sessionTitle, sessionRationale, SourceSession, cves)
            {
                Campaign = campaign,
                Stage = AttackStage.ConfigurationChanged,
            };
        }

        return new DetectionRule(Id(family, number), category, Severity.Low, Verdict.Context, title, rationale, SourceSession)
        {
            Campaign = Campaign.ProxyShell,
            Stage = AttackStage.None,
            InProxiedSession = inSession,
        };
    }

    private static string Id(string family, int number) => family + "-" + number.ToString("000", System.Globalization.CultureInfo.InvariantCulture);

    private static DetectionRule Rule(string family, int number, FindingCategory category, Severity severity, Verdict verdict, AttackStage stage, string title, string rationale, string source, params string[] cves) =>
        new(Id(family, number), category, severity, verdict, title, rationale, source, cves)
        {
            Campaign = Campaign.ProxyShell,
            Stage = stage,
        };
}
