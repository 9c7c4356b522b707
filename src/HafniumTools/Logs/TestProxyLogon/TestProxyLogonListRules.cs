using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs.TestProxyLogon;

/// <summary>
/// Judges the lines of Test-ProxyLogon's plain log lists (<see cref="ListedLogRow"/>): each names a log it flagged for
/// CVE-2021-26858 or CVE-2021-27065. The list keeps no line of the log, and the script's versions flagged different
/// things (before 2021-03-18 every Set-*VirtualDirectory and every failed OAB download, an administrator's too), so a
/// listed log is a lead to read, never a verdict. Registered for the kinds of those logs with no line hint: it never
/// matches a line of the logs themselves, so their byte filter is unchanged.
/// </summary>
internal sealed class TestProxyLogonListRules : ILogRowRules, ILogLineHints
{
    private const string Source = "Test-ProxyLogon.ps1 (microsoft/CSS-Exchange) report files; MSTIC HAFNIUM advisory 2021-03-02";

    public static readonly DetectionRule OabLogListed = new(
        "HT-TPL-001", FindingCategory.Oab, Severity.Medium, Verdict.Anomaly,
        "OAB generator log flagged by Test-ProxyLogon",
        "Test-ProxyLogon listed this OABGeneratorLog file for CVE-2021-26858: it holds a failed download whose temporary file it judged (outside ClientAccess\\OAB since 2021-03-18; any before). The list keeps no line: read that log (or the -DownloadPaths report) to judge the write.",
        Source, "CVE-2021-26858");

    public static readonly DetectionRule EcpLogListed = new(
        "HT-TPL-002", FindingCategory.Ecp, Severity.Medium, Verdict.Anomaly,
        "ECP Server log flagged by Test-ProxyLogon",
        "Test-ProxyLogon listed this ECP Server log for CVE-2021-27065: it holds a Set-*VirtualDirectory command (with a tag in a URL since 2021-03-18; any before). The list keeps no line: read that log to tell script in a URL from an administrator's change.",
        Source, "CVE-2021-27065");

    public IReadOnlyList<LogKind> Kinds { get; } = [LogKind.OabGenerator, LogKind.EcpServer];

    public IReadOnlyList<DetectionRule> Rules { get; } = [OabLogListed, EcpLogListed];

    /// <summary>No line of a real log matches: the kind's byte filter stays what its own rules need.</summary>
    public IReadOnlyList<string> RequiredSubstrings => [];

    public void Evaluate(ILogRow row, ICollection<Finding> findings)
    {
        if (row is not ListedLogRow listed || findings is null)
        {
            return;
        }

        findings.Add(new Finding(row.Kind == LogKind.OabGenerator ? OabLogListed : EcpLogListed, row.ComputerName)
        {
            Path = row.Path,
            LineNumber = row.LineNumber,
            Operation = "Test-ProxyLogon report",
            RawText = listed.ListedLog,
            Detail = "Listed log: " + listed.ListedLog + ". Read it (from the server or a triage copy) with Find-HafniumLogIndicator to judge its lines.",
        });
    }
}
