using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using HafniumTools.EngineTests.Harness;
using HafniumTools.Shell;
using Xunit;

namespace HafniumTools.EngineTests;

/// <summary>The README's main job: the sample script over the bundled data, in the project's own host.</summary>
public class SampleScriptTests
{
    private static readonly string Script = Path.Combine(TestPaths.RepoRoot, "samples", "Invoke-HafniumSample.ps1");

    [Fact]
    public void The_sample_script_runs_in_the_shell_and_prints_every_section()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code;
        using (var session = ShellSession.Open(TestPaths.Manifest, output, error, 120))
        {
            code = session.Execute(ps => ShellCommand.AddFileCommand(ps, Script, []));
        }

        string text = output.ToString();
        Assert.True(code == 0, error.ToString());
        Assert.Equal(8, text.Split('\n').Count(l => l.StartsWith("=== ", StringComparison.Ordinal)));
        Assert.Contains("ProxyLogon", text, StringComparison.Ordinal);
        Assert.Contains("Compromise", text, StringComparison.Ordinal);
        Assert.Contains("FirstTimestamp", text, StringComparison.Ordinal);
        // fleet.txt has one line that is not a build: one error record, and the run goes on.
        Assert.Contains("'n/a' is not an Exchange build", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_finds_the_compromised_server_and_nothing_serious_on_the_clean_one()
    {
        var r = PowerShellSession.Invoke($"& '{Script}' -PassThru 6>$null | Where-Object {{ $_ -isnot [string] }}");

        var findings = r.Output.Where(o => o?.BaseObject.GetType().Name == "Finding").ToList();
        var audits = r.Output.Where(o => o?.BaseObject.GetType().Name == "BuildAudit").ToList();
        Assert.Single(r.Errors);
        Assert.Contains(audits, a => a.Text("ProxyLogonStatus") == "Vulnerable");
        Assert.Contains(audits, a => a.Text("ProxyLogonStatus") == "Indeterminate" && a.Text("ComputerName").Length > 0);
        Assert.Contains(findings, f => f.Text("Verdict") == "Compromise" && f.Text("ComputerName") == "EXCH01");
        Assert.Contains(findings, f => f.Text("RuleId").StartsWith("HT-WS-", StringComparison.Ordinal) && f.Text("Severity") == "Critical");
        Assert.DoesNotContain(findings, f => f.Text("ComputerName") == "EXCH02" && f.Text("Severity") is "Medium" or "High" or "Critical");
    }
}
