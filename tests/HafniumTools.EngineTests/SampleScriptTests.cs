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
        Assert.Contains(audits, a => Text(a, "ProxyLogonStatus") == "Vulnerable");
        Assert.Contains(audits, a => Text(a, "ProxyLogonStatus") == "Indeterminate" && Text(a, "ComputerName").Length > 0);
        Assert.Contains(findings, f => Text(f, "Verdict") == "Compromise" && Text(f, "ComputerName") == "EXCH01");
        Assert.Contains(findings, f => Text(f, "RuleId").StartsWith("HT-WS-", StringComparison.Ordinal) && Text(f, "Severity") == "Critical");
        Assert.DoesNotContain(findings, f => Text(f, "ComputerName") == "EXCH02" && Text(f, "Severity") is "Medium" or "High" or "Critical");
    }

    private static string Text(PSObject o, string name) => o.Properties[name]?.Value?.ToString() ?? string.Empty;
}
