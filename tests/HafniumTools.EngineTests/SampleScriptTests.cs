using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests;

/// <summary>The README's main job: the sample script over the bundled data, in the real pwsh the project pins.</summary>
public class SampleScriptTests
{
    private static readonly string Script = Path.Combine(TestPaths.RepoRoot, "samples", "Invoke-HafniumSample.ps1");

    [Fact]
    public void The_sample_script_runs_in_pwsh_and_prints_every_section()
    {
        var run = RealPwsh.RunFile(Script);

        string text = run.Output;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(11, text.Split('\n').Count(l => l.StartsWith("=== ", StringComparison.Ordinal)));
        Assert.True(run.Error.Length == 0, "the sample wrote to the error stream: " + run.Error);
        // The first section's output is a result table, not an error.
        string firstSection = text[text.IndexOf("=== ", StringComparison.Ordinal)..].Split("\n=== ")[0];
        Assert.Contains("Patched", firstSection, StringComparison.Ordinal);
        Assert.Contains("EXCH01", firstSection, StringComparison.Ordinal);
        Assert.Contains("Compromised", firstSection, StringComparison.Ordinal);
        Assert.Contains("7 servers audited, the worst Compromised: 1 Compromised, 2 Exploited, 1 Attempted, 1 Probed, 1 Unknown, 1 Clean.", text, StringComparison.Ordinal);
        string report = text.Split('\n').Single(l => l.StartsWith("The fleet's report, to open in any browser: ", StringComparison.Ordinal))["The fleet's report, to open in any browser: ".Length..].Trim();
        Assert.Contains("Sample fleet: ProxyLogon audit", File.ReadAllText(report), StringComparison.Ordinal);
        Assert.Contains("ProxyLogon", text, StringComparison.Ordinal);
        Assert.Contains("Compromise", text, StringComparison.Ordinal);
        Assert.Contains("FirstTimestamp", text, StringComparison.Ordinal);
        // The bad-input section, last: one error record, labelled, and the run goes on.
        string badInput = text[text.IndexOf("=== Bad input", StringComparison.Ordinal)..];
        Assert.Contains("'n/a' is not an Exchange build", badInput, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_lists_every_finding_once()
    {
        var r = PowerShellSession.Invoke($"& '{Script}' -PassThru 6>$null | Where-Object {{ $_ -isnot [string] }}");

        var findings = r.Output.Where(o => o?.BaseObject.GetType().Name == "Finding").ToList();
        Assert.Empty(r.Errors);
        Assert.Contains(findings, f => f.Text("RuleId") == "HT-OAB-101" && f.Text("Path").EndsWith("errorEE.aspx", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Text("RuleId") == "HT-WS-020" && f.Text("Path").EndsWith("errorEE.aspx", StringComparison.Ordinal));
        Assert.Empty(findings.GroupBy(f => f.Text("RuleId") + " " + f.Text("Evidence")).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void The_sample_finds_the_compromised_server_and_nothing_serious_on_the_clean_one()
    {
        var r = PowerShellSession.Invoke($"& '{Script}' -PassThru 6>$null | Where-Object {{ $_ -isnot [string] }}");

        var findings = r.Output.Where(o => o?.BaseObject.GetType().Name == "Finding").ToList();
        var audits = r.Output.Where(o => o?.BaseObject.GetType().Name == "BuildAudit").ToList();
        Assert.Empty(r.Errors); // the bad-input section captures its expected error record and prints it
        Assert.Contains(audits, a => a.Text("ProxyLogonStatus") == "Vulnerable");
        Assert.Contains(audits, a => a.Text("ProxyLogonStatus") == "Indeterminate" && a.Text("ComputerName").Length > 0);
        Assert.Contains(findings, f => f.Text("Verdict") == "Compromise" && f.Text("ComputerName") == "EXCH01.contoso.local");
        Assert.Contains(findings, f => f.Text("RuleId").StartsWith("HT-WS-", StringComparison.Ordinal) && f.Text("Severity") == "Critical");
        Assert.DoesNotContain(findings, f => f.Text("ComputerName") == "EXCH02" && f.Text("Severity") is "Medium" or "High" or "Critical");
    }

    [Fact]
    public void The_sample_shows_a_server_compromised_through_proxyshell_and_an_admin_pst_export_silent()
    {
        var r = PowerShellSession.Invoke($"& '{Script}' -PassThru 6>$null | Where-Object {{ $_ -isnot [string] }}");

        var findings = r.Output.Where(o => o?.BaseObject.GetType().Name == "Finding").ToList();
        Assert.Empty(r.Errors);
        var proxyShell = findings.Where(f => f.Text("ComputerName") == "EXCH07.contoso.local" && f.Text("Campaign") == "ProxyShell").ToList();
        Assert.Contains(proxyShell, f => f.Text("RuleId") == "HT-PXS-001" && f.Text("Verdict") == "Exploitation");
        Assert.Contains(proxyShell, f => f.Text("RuleId") == "HT-RPS-101");
        // The planted shell is in the sample web folder (samples/webroot/proxyshell), a separate evidence root.
        Assert.Contains(findings, f => f.Text("RuleId") == "HT-PST-002" && f.Text("Verdict") == "Compromise" && f.Text("Campaign") == "ProxyShell");
        Assert.DoesNotContain(findings, f => f.Text("Path").EndsWith("jane.doe.pst", StringComparison.Ordinal));
        // EXCH01's admin transport rule is Low context of the later families' cmdlet rules (no proxied session
        // explains it), never evidence of another campaign.
        Assert.DoesNotContain(findings, f => f.Text("ComputerName") == "EXCH01.contoso.local" && f.Text("Campaign") != "ProxyLogon" && f.Text("Verdict") != "Context");
        Assert.Contains(findings, f => f.Text("ComputerName") == "EXCH01.contoso.local" && f.Text("RuleId") == "HT-MGT-020" && f.Text("Severity") == "Low");
    }
}
