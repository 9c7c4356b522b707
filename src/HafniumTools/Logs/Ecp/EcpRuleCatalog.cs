using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs.Ecp;

/// <summary>The ECP Server log rules (CVE-2021-27065), as data.</summary>
internal static class EcpRuleCatalog
{
    private const string Cve27065 = "CVE-2021-27065";
    private const string Source = "MSTIC HAFNIUM advisory 2021-03-02; Test-ProxyLogon CVE-2021-27065 check; Orange Tsai ProxyLogon write-up";

    public static readonly DetectionRule ScriptInVirtualDirectoryUrl = new(
        "HT-ECP-001", FindingCategory.Ecp, Severity.High, Verdict.Exploitation,
        "Script or markup set in a virtual directory URL through ECP",
        "A Set-*VirtualDirectory URL parameter holding script is the first step of the CVE-2021-27065 web-shell write; no administrator puts markup in a URL.",
        Source, Cve27065);

    public static readonly DetectionRule ResetAfterScriptUrl = new(
        "HT-ECP-002", FindingCategory.Ecp, Severity.Critical, Verdict.Exploitation,
        "Virtual directory reset after script was put in its URL",
        "The ECP reset writes the directory's settings, script included, to a file path of the caller's choosing: this is the CVE-2021-27065 web-shell write.",
        Source, Cve27065);

    public static readonly DetectionRule VirtualDirectoryReset = new(
        "HT-ECP-003", FindingCategory.Ecp, Severity.Informational, Verdict.Context,
        "Virtual directory reset through ECP",
        "A reset writes a settings file to a chosen path; without script in a URL earlier in the same log it is routine administration, kept as context.",
        Source, Cve27065);

    public static readonly DetectionRule ScriptInVirtualDirectoryParameter = new(
        "HT-ECP-004", FindingCategory.Ecp, Severity.Medium, Verdict.Anomaly,
        "Script or markup in a virtual directory parameter other than a URL",
        "No virtual directory setting should ever contain script; outside a URL it cannot reach the reset file as a page, so it is an anomaly to review.",
        Source, Cve27065);

    public static readonly DetectionRule MalformedVirtualDirectoryUrl = new(
        "HT-ECP-005", FindingCategory.Ecp, Severity.Low, Verdict.Anomaly,
        "Virtual directory URL set to something that is not a plain http(s) URL",
        "Internal and external URLs should be valid http(s) URLs; odd values (one-letter hosts, fragments) were used to stage the CVE-2021-27065 write.",
        Source, Cve27065);

    public static readonly DetectionRule FailedScriptInVirtualDirectoryUrl = new(
        "HT-ECP-006", FindingCategory.Ecp, Severity.Medium, Verdict.Attempt,
        "Failed attempt to set script in a virtual directory URL",
        "The command carrying script failed (ECP logged an exception), so the CVE-2021-27065 write was attempted but this step did not take effect.",
        Source, Cve27065);

    public static IReadOnlyList<DetectionRule> All { get; } =
    [
        ScriptInVirtualDirectoryUrl,
        ResetAfterScriptUrl,
        VirtualDirectoryReset,
        ScriptInVirtualDirectoryParameter,
        MalformedVirtualDirectoryUrl,
        FailedScriptInVirtualDirectoryUrl,
    ];
}
