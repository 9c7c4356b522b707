using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs.EventLogs;

/// <summary>The Windows event log rules (CVE-2021-26857, CVE-2021-27065), as data.</summary>
internal static class EventLogRuleCatalog
{
    private const string Cve26857 = "CVE-2021-26857";
    private const string Cve26855 = "CVE-2021-26855";
    private const string Cve27065 = "CVE-2021-27065";
    private const string Source = "MSTIC HAFNIUM advisory 2021-03-02; Test-ProxyLogon event log checks";

    public static readonly DetectionRule UnifiedMessagingInvalidCast = new(
        "HT-EVT-001", FindingCategory.UnifiedMessaging, Severity.High, Verdict.Exploitation,
        "Unified Messaging error with System.InvalidCastException",
        "The CVE-2021-26857 deserialization payload runs before the cast that then fails, so a UM error naming InvalidCastException marks an exploitation.",
        Source, Cve26857);

    public static readonly DetectionRule UnifiedMessagingGadget = new(
        "HT-EVT-002", FindingCategory.UnifiedMessaging, Severity.High, Verdict.Exploitation,
        "Exchange error naming a deserialization gadget (TextFormattingRunProperties)",
        "TextFormattingRunProperties is the ysoserial gadget used against the UM worker process; an Exchange error naming it is a CVE-2021-26857 exploitation.",
        "Microsoft Sentinel HAFNIUMSuspiciousIMServiceError; " + Source, Cve26857);

    public static readonly DetectionRule ScriptInVirtualDirectoryUrl = new(
        "HT-EVT-003", FindingCategory.EventLog, Severity.High, Verdict.Exploitation,
        "Cmdlet succeeded setting script in a virtual directory URL",
        "MSExchange Management event 1 shows Set-*VirtualDirectory storing script in a URL: the CVE-2021-27065 web-shell write was staged.",
        "Sigma win_exchange_proxylogon_oabvirtualdir; " + Source, Cve27065);

    public static readonly DetectionRule FailedScriptInVirtualDirectoryUrl = new(
        "HT-EVT-004", FindingCategory.EventLog, Severity.Medium, Verdict.Attempt,
        "Cmdlet failed setting script in a virtual directory URL",
        "MSExchange Management event 6 shows a failed Set-*VirtualDirectory with script in a URL: a CVE-2021-27065 attempt that did not take effect.",
        Source, Cve27065);

    public static readonly DetectionRule MalformedVirtualDirectoryUrl = new(
        "HT-EVT-005", FindingCategory.EventLog, Severity.Low, Verdict.Anomaly,
        "Virtual directory URL set to something that is not a plain http(s) URL",
        "Internal and external URLs should be valid http(s) URLs; odd values (fragments, one-letter hosts) were used to stage the CVE-2021-27065 write.",
        Source, Cve27065);

    public static readonly DetectionRule ServerSideRequestForgeryInControlPanelError = new(
        "HT-EVT-006", FindingCategory.EventLog, Severity.Medium, Verdict.Attempt,
        "Control Panel request error with the ProxyLogon forged URL shape",
        "An ECP request URL carrying ']:444/' or a '(https://localhost/...)' target is the CVE-2021-26855 server-side request forgery; the error shows this request failed.",
        "OTRF ProxyLogon dataset (MSExchange Control Panel event 4); " + Source, Cve26855);

    public static readonly DetectionRule ResetAfterScriptUrl = new(
        "HT-EVT-007", FindingCategory.EventLog, Severity.Critical, Verdict.Exploitation,
        "Virtual directory removed and created again after script was set in its URL (web-shell write)",
        "MSExchange Management events show Remove- then New-*VirtualDirectory within minutes of a Set-*VirtualDirectory that stored script in a URL: the reset that writes the directory's settings, script included, to a file the caller chose (the CVE-2021-27065 web shell).",
        "Volexity and Microsoft HAFNIUM write-ups (OAB reset); " + Source, Cve27065);

    public static IReadOnlyList<DetectionRule> All { get; } =
    [
        UnifiedMessagingInvalidCast,
        UnifiedMessagingGadget,
        ScriptInVirtualDirectoryUrl,
        FailedScriptInVirtualDirectoryUrl,
        MalformedVirtualDirectoryUrl,
        ServerSideRequestForgeryInControlPanelError,
        ResetAfterScriptUrl,
    ];
}
