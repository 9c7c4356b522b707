using System.Collections.Generic;
using HafniumTools.Model;
using static HafniumTools.Logs.Waves.WaveCves;

namespace HafniumTools.Logs.Waves;

/// <summary>
/// The ProxyShell post-exploitation cmdlet rules of one source: HT-RPS-1xx for the Remote PowerShell cmdlet log,
/// HT-MGT-0xx for MSExchange Management events. Judged by <see cref="ExchangeCmdletJudge"/>.
/// </summary>
internal sealed class ExchangeCmdletRules
{
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
        All = [ExportToWebPath, ExportToWebPathFailed, CertificateRequestToWebPath, CertificateRequestToWebPathFailed, ImportExportRoleGranted, ExportRequestRemoved];
    }

    public static ExchangeCmdletRules RemotePowerShell { get; } = new("HT-RPS", 100, FindingCategory.RemotePowerShell, "Remote PowerShell cmdlet log");

    public static ExchangeCmdletRules ManagementEvents { get; } = new("HT-MGT", 0, FindingCategory.EventLog, "MSExchange Management event");

    public DetectionRule ExportToWebPath { get; }

    public DetectionRule ExportToWebPathFailed { get; }

    public DetectionRule CertificateRequestToWebPath { get; }

    public DetectionRule CertificateRequestToWebPathFailed { get; }

    public DetectionRule ImportExportRoleGranted { get; }

    public DetectionRule ExportRequestRemoved { get; }

    public IReadOnlyList<DetectionRule> All { get; }

    private static DetectionRule Rule(string family, int number, FindingCategory category, Severity severity, Verdict verdict, AttackStage stage, string title, string rationale, string source, params string[] cves) =>
        new(family + "-" + number.ToString("000", System.Globalization.CultureInfo.InvariantCulture), category, severity, verdict, title, rationale, source, cves)
        {
            Campaign = Campaign.ProxyShell,
            Stage = stage,
        };
}
