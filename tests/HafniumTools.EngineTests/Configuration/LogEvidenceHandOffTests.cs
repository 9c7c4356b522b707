using System;
using System.Linq;
using HafniumTools.EngineTests.Harness;
using System.Management.Automation;
using Xunit;

namespace HafniumTools.EngineTests.Configuration;

/// <summary>
/// The anomaly cmdlets take their log evidence from the module's one log engine (Find-HafniumLogIndicator),
/// restricted to their CVE, and pass only findings on.
/// </summary>
public class LogEvidenceHandOffTests
{
    private const string Logs = "([System.IO.Path]::Combine($RepoRoot, 'samples', 'logs', 'EXCH01'))";

    [Fact]
    public void Oab_anomaly_reports_the_OABGeneratorLog_writes_outside_the_OAB_folder()
    {
        var r = PowerShellSession.Invoke($"Find-HafniumOabAnomaly -LogPath {Logs}");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var findings = Findings(r);
        Assert.Equal(r.Output.Count, findings.Count);
        Assert.Contains(findings, f => f.Text("RuleId") == "HT-OAB-001" && f.Text("Verdict") == "Exploitation" && f.Text("Evidence").Contains("OABGeneratorLog", StringComparison.OrdinalIgnoreCase));
        Assert.All(findings, f => Assert.Contains("CVE-2021-26858", f.Text("Cve"), StringComparison.Ordinal));
    }

    [Fact]
    public void Ecp_anomaly_reports_the_script_set_in_a_virtual_directory_url_from_the_ECP_log()
    {
        var r = PowerShellSession.Invoke($"Find-HafniumEcpAnomaly -LogPath {Logs}");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var findings = Findings(r);
        Assert.Equal(r.Output.Count, findings.Count);
        Assert.Contains(findings, f => f.Text("RuleId") == "HT-ECP-001" && f.Text("Operation").StartsWith("Set-", StringComparison.OrdinalIgnoreCase));
        Assert.All(findings, f => Assert.Contains("CVE-2021-27065", f.Text("Cve"), StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_evidence_comes_from_the_log_hunt_itself()
    {
        using var ps = new PowerShellSession();
        var viaAnomaly = Findings(ps.Run($"Find-HafniumOabAnomaly -LogPath {Logs}")).Select(Key).OrderBy(x => x, StringComparer.Ordinal).ToList();
        var viaHunt = Findings(ps.Run($"Find-HafniumLogIndicator -Path {Logs} -Cve CVE-2021-26858")).Select(Key).OrderBy(x => x, StringComparer.Ordinal).ToList();

        Assert.NotEmpty(viaHunt);
        Assert.Equal(viaHunt, viaAnomaly);
    }

    private static System.Collections.Generic.List<PSObject> Findings(PsResult r) =>
        r.Output.Where(o => o is not null && o.BaseObject.GetType().FullName == "HafniumTools.Model.Finding").ToList();

    private static string Key(PSObject f) => f.Text("RuleId") + "@" + f.Text("Evidence");
}
