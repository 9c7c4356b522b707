using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests.Files;

public class FindHafniumWebShellTests
{
    private static string Sample => Path.Combine(TestPaths.RepoRoot, "samples", "webroot", "webshells");

    private static string Shells => Path.Combine(TestPaths.Fixtures, "Files", "Shells");

    private static int SeverityRank(PSObject item) =>
        Array.IndexOf(new[] { "Informational", "Low", "Medium", "High", "Critical" }, item.Text("Severity"));

    [Fact]
    public void Sample_server_yields_its_shells_as_compromise_findings_with_evidence()
    {
        var r = PowerShellSession.Invoke($"Find-HafniumWebShell -Path '{Sample}'");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var findings = r.Output.ToList();
        var chopper = Assert.Single(findings, f => f.Text("RuleId") == "HT-WS-001");
        Assert.EndsWith("zxvt0lpt.aspx:1", chopper.Text("Evidence"), StringComparison.Ordinal);
        Assert.Equal("Compromise", chopper.Text("Verdict"));
        Assert.Equal("HafniumTools.Model.Finding", chopper.TypeNames[0]);
        Assert.Equal(64, chopper.Text("FileSha256").Length);
        var oab = Assert.Single(findings, f => f.Text("RuleId") == "HT-OAB-101");
        Assert.EndsWith("RedirSuiteServerProxy.aspx:18", oab.Text("Evidence"), StringComparison.Ordinal);
        Assert.Equal(["HT-WS-040", "HT-WS-042"], findings.Where(f => f.Text("Verdict") == "Context").Select(f => f.Text("RuleId")).OrderBy(id => id, StringComparer.Ordinal));
        Assert.DoesNotContain(findings, f => f.Text("Path").EndsWith("logon.aspx", StringComparison.Ordinal) || f.Text("Path").EndsWith("status.aspx", StringComparison.Ordinal));
    }

    [Fact]
    public void FileInfo_objects_bind_by_FullName_and_every_shell_is_found()
    {
        var r = PowerShellSession.Invoke($"[System.IO.DirectoryInfo]::new('{Shells}').GetFiles() | Find-HafniumWebShell -ComputerName EX01");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var findings = r.Output.ToList();
        foreach (string shell in Directory.GetFiles(Shells))
        {
            Assert.Contains(findings, f => f.Text("Path") == shell && f.Text("Verdict") == "Compromise" && SeverityRank(f) >= 3);
        }

        Assert.All(findings, f => Assert.Equal("EX01", f.Text("ComputerName")));
    }

    [Fact]
    public void Missing_path_is_a_per_item_error_and_the_other_paths_are_scanned()
    {
        var r = PowerShellSession.Invoke($"Find-HafniumWebShell -Path 'no-such-folder-ht', '{Sample}'");

        var error = Assert.Single(r.Errors);
        Assert.StartsWith("PathNotFound,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("no-such-folder-ht", error.TargetObject);
        Assert.Contains(r.Output, f => f.Text("RuleId") == "HT-WS-001");
    }

    [Fact]
    public void Without_path_off_windows_the_error_says_what_to_pass()
    {
        var r = PowerShellSession.Invoke("Find-HafniumWebShell");
        if (OperatingSystem.IsWindows())
        {
            // On Windows the default web folders are scanned instead; -Path is never demanded.
            Assert.DoesNotContain(r.Errors, e => e.FullyQualifiedErrorId.StartsWith("PathRequired,", StringComparison.Ordinal));
            return;
        }

        // A statement-terminating error: the whole invocation stops, and the script sees it in its error stream.
        var stop = Assert.Single(r.Errors);
        Assert.Empty(r.Output);
        Assert.StartsWith("PathRequired,", stop.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidArgument, stop.CategoryInfo.Category);
        Assert.Contains("-Path", stop.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_over_the_cap_are_named_in_a_warning_and_not_read()
    {
        var r = PowerShellSession.Invoke($"Find-HafniumWebShell -Path '{Sample}' -MaxFileSize 50");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.Contains(r.Warnings, w => w.Message.Contains("zxvt0lpt.aspx", StringComparison.Ordinal) && w.Message.Contains("-MaxFileSize", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Output, f => f.Text("RuleId") == "HT-WS-001");
        Assert.Contains(r.Output, f => f.Text("RuleId") == "HT-WS-030");
    }

    [Fact]
    public void Include_and_exclude_and_the_table_view_work_as_a_user_sees_them()
    {
        var r = PowerShellSession.Invoke($"Find-HafniumWebShell -Path '{Shells}' -Include '*.aspx' -Exclude 'oab-*'");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var findings = r.Output.ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.EndsWith(".aspx", f.Text("Path"), StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => Path.GetFileName(f.Text("Path")).StartsWith("oab-", StringComparison.Ordinal));
        Assert.Contains("HT-WS-001", r.Rendered, StringComparison.Ordinal);
        Assert.Contains("Critical", r.Rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_survive_a_remoting_round_trip()
    {
        using var session = new PowerShellSession();
        var r = session.Run($"$f = Find-HafniumWebShell -Path '{Sample}'; " +
            "$back = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($f)); " +
            "$oab = $back | Where-Object RuleId -eq 'HT-OAB-101'; " +
            "[pscustomobject]@{ Count = $back.Count; Type = $oab.PSObject.TypeNames[0]; Sha = ($back | Where-Object RuleId -eq 'HT-WS-001').FileSha256; Cve = $oab.Cve -join ', '; Line = $oab.LineNumber; Modified = $oab.FileModified.Offset }");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var summary = Assert.Single(r.Output);
        Assert.Equal(6, Convert.ToInt32(summary.Properties["Count"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Matches("^[0-9a-f]{64}$", summary.Properties["Sha"].Value?.ToString());
        Assert.Equal("HafniumTools.Model.Finding", summary.Properties["Type"].Value?.ToString());
        Assert.Equal("CVE-2021-27065, CVE-2021-26855", summary.Properties["Cve"].Value?.ToString());
        Assert.Equal("18", summary.Properties["Line"].Value?.ToString());
        Assert.Equal("00:00:00", summary.Properties["Modified"].Value?.ToString());
    }

    [Fact]
    public void Help_describes_every_parameter_and_has_examples()
    {
        var r = PowerShellSession.Invoke("$h = Get-Help Find-HafniumWebShell -Full; [pscustomobject]@{ Examples = @($h.examples.example).Count; Params = @($h.parameters.parameter | Where-Object { -not [string]::IsNullOrWhiteSpace((@($_.description | ForEach-Object Text) -join ' ')) } | ForEach-Object Name) -join ',' }");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var help = Assert.Single(r.Output);
        Assert.True(Convert.ToInt32(help.Properties["Examples"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 3);
        foreach (string p in new[] { "Path", "MaxFileSize", "ThrottleLimit", "Include", "Exclude", "ComputerName" })
        {
            Assert.Contains(p, help.Properties["Params"].Value?.ToString() ?? string.Empty, StringComparison.Ordinal);
        }
    }
}
