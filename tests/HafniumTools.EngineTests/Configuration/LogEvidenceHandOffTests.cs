using System;
using System.Linq;
using HafniumTools.EngineTests.Harness;
using System.Management.Automation;
using Xunit;

namespace HafniumTools.EngineTests.Configuration;

/// <summary>
/// The anomaly cmdlets take their log evidence from the module's one log engine (the core of Find-HafniumLogIndicator,
/// called directly), restricted to their evidence, and pass only findings on.
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
        Assert.All(findings, f => Assert.True(f.Text("Cve").Contains("CVE-2021-26858", StringComparison.Ordinal) || OabVirtualDirectoryRules.Contains(f.Text("RuleId")), f.Text("RuleId")));
        Assert.Contains(findings, f => f.Text("RuleId") == "HT-HP-011");
        Assert.Contains(findings, f => f.Text("RuleId") == "HT-HP-012");
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
        var hunt = Findings(ps.Run($"Find-HafniumLogIndicator -Path {Logs}"));
        var viaHunt = hunt
            .Where(f => f.Text("Cve").Contains("CVE-2021-26858", StringComparison.Ordinal) || OabVirtualDirectoryRules.Contains(f.Text("RuleId")))
            .Select(Key).OrderBy(x => x, StringComparer.Ordinal).ToList();

        Assert.NotEmpty(viaHunt);
        Assert.Equal(viaHunt, viaAnomaly);
    }

    [Fact]
    public void Oab_anomaly_and_the_log_hunt_give_the_same_OAB_findings_on_real_format_logs()
    {
        // HttpProxy, ECP Server and OABGeneratorLog files in the real formats, with the SSRF's SetObject and reset of
        // the OAB virtual directory and the OAB generator's writes outside the OAB folder.
        using var ps = new PowerShellSession();
        string logs = "([System.IO.Path]::Combine($Fixtures, 'Logs'))";
        var viaHunt = OabFindings(ps.Run($"Find-HafniumLogIndicator -Path {logs} -ErrorAction SilentlyContinue"));
        var viaAnomaly = OabFindings(ps.Run($"Find-HafniumOabAnomaly -LogPath {logs} -ErrorAction SilentlyContinue"));

        Assert.Contains(viaHunt, k => k.StartsWith("HT-HP-011@", StringComparison.Ordinal));
        Assert.Contains(viaHunt, k => k.StartsWith("HT-HP-012@", StringComparison.Ordinal));
        Assert.Contains(viaHunt, k => k.StartsWith("HT-OAB-001@", StringComparison.Ordinal));
        Assert.Equal(viaHunt, viaAnomaly);
    }

    [Fact]
    public void A_function_named_like_the_log_cmdlet_does_not_replace_the_log_engine()
    {
        using var ps = new PowerShellSession();
        ps.Run("function Find-HafniumLogIndicator { throw 'a user function ran instead of the module engine' }");
        var r = ps.Run($"Find-HafniumOabAnomaly -LogPath {Logs}");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.Contains(Findings(r), f => f.Text("RuleId") == "HT-OAB-001");
    }

    // The rules about the OAB virtual directory itself, whatever CVEs they name; with HT-OAB-*, the OAB findings.
    private static readonly string[] OabVirtualDirectoryRules = ["HT-HP-011", "HT-HP-012"];

    private static System.Collections.Generic.List<string> OabFindings(PsResult r) =>
        Findings(r)
            .Where(f => f.Text("RuleId").StartsWith("HT-OAB-", StringComparison.Ordinal) || OabVirtualDirectoryRules.Contains(f.Text("RuleId")))
            .Select(Key)
            .OrderBy(x => x, StringComparer.Ordinal)
            .ToList();

    private static System.Collections.Generic.List<PSObject> Findings(PsResult r) =>
        r.Output.Where(o => o is not null && o.BaseObject.GetType().FullName == "HafniumTools.Model.Finding").ToList();

    private static string Key(PSObject f) => f.Text("RuleId") + "@" + f.Text("Evidence");
}
