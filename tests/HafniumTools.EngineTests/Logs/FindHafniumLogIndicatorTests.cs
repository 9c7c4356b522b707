using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests.Logs;

public class FindHafniumLogIndicatorTests
{
    private static readonly string Samples = Path.Combine(TestPaths.RepoRoot, "samples", "logs");
    private static readonly string EcpLog = Path.Combine(TestPaths.Fixtures, "Logs", "triage", "EXCH01", "Logging", "HttpProxy", "Ecp", "HttpProxy_2021030303-1.LOG");

    [Fact]
    public void A_single_file_gives_findings_then_its_coverage()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("log", EcpLog);
        var r = ps.Run("Find-HafniumLogIndicator -Path $log");
        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var types = r.Objects.Select(o => o.GetType().Name).ToList();
        Assert.Equal("LogCoverage", types[^1]);
        Assert.All(types.Take(types.Count - 1), t => Assert.Equal("Finding", t));
        Assert.Equal(
            ["HT-HP-001", "HT-HP-001", "HT-HP-002", "HT-HP-010", "HT-HP-011", "HT-HP-012", "HT-HP-012", "HT-HP-020"],
            r.Output.Take(types.Count - 1).Select(o => (string)o.Properties["RuleId"].Value).OrderBy(x => x, StringComparer.Ordinal));
        var coverage = r.Output[^1];
        Assert.Equal("EXCH01", coverage.Properties["ComputerName"].Value);
        Assert.Equal("HttpProxy/Ecp", coverage.Properties["Source"].Value);
    }

    [Fact]
    public void Get_ChildItem_recurse_piped_in_reads_each_file_once()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("samples", Samples);
        var folder = ps.Run("Find-HafniumLogIndicator -Path $samples | Where-Object { $_ -is [HafniumTools.Model.Finding] } | ForEach-Object { $_.Evidence + ' ' + $_.RuleId }");
        // What Get-ChildItem -Recurse writes: folders and files (bound through FullName).
        var piped = ps.Run("[System.IO.DirectoryInfo]::new($samples).EnumerateFileSystemInfos('*', 'AllDirectories') | Find-HafniumLogIndicator | Where-Object { $_ -is [HafniumTools.Model.Finding] } | ForEach-Object { $_.Evidence + ' ' + $_.RuleId }");
        Assert.True(piped.Errors.Count == 0 && piped.Exception is null, piped.ErrorSummary);
        Assert.NotEmpty(folder.Output);
        Assert.Equal(folder.Objects.Cast<string>().OrderBy(x => x, StringComparer.Ordinal), piped.Objects.Cast<string>().OrderBy(x => x, StringComparer.Ordinal));
    }

    [Fact]
    public void File_objects_bind_by_property_name_and_strings_by_value()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("log", EcpLog);
        var byItem = ps.Run("@([System.IO.FileInfo]::new($log) | Find-HafniumLogIndicator).Count");
        var byString = ps.Run("@($log | Find-HafniumLogIndicator).Count");
        var byObject = ps.Run("@([pscustomobject]@{ FullName = $log } | Find-HafniumLogIndicator).Count");
        var byPsPath = ps.Run("@([pscustomobject]@{ PSPath = 'Microsoft.PowerShell.Core\\FileSystem::' + $log } | Find-HafniumLogIndicator).Count");
        Assert.Equal(9, Assert.Single(byItem.Objects));
        Assert.Equal(9, Assert.Single(byString.Objects));
        Assert.Equal(9, Assert.Single(byObject.Objects));
        Assert.Equal(9, Assert.Single(byPsPath.Objects));
    }

    [Fact]
    public void A_missing_path_is_a_per_item_error_and_the_other_paths_are_read()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("log", EcpLog);
        var r = ps.Run("Find-HafniumLogIndicator -Path 'nowhere/at/all', $log");
        Assert.Null(r.Exception);
        var error = Assert.Single(r.Errors);
        Assert.StartsWith("LogPathNotFound,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("nowhere/at/all", error.TargetObject);
        Assert.Equal(9, r.Output.Count);
    }

    [Fact]
    public void Garbage_is_an_error_for_that_file_and_appears_in_the_coverage()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("edge", Path.Combine(TestPaths.Fixtures, "Logs", "edge"));
        var r = ps.Run("Find-HafniumLogIndicator -Path $edge");
        Assert.Null(r.Exception);
        var error = Assert.Single(r.Errors);
        Assert.StartsWith("LogFileInvalid,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.EndsWith("garbage.LOG", (string)error.TargetObject, StringComparison.Ordinal);
        Assert.Contains(r.Output, o => o.BaseObject.GetType().Name == "LogCoverage" && (int)o.Properties["UnreadableFiles"].Value == 1);
        Assert.Contains(r.Output, o => o.BaseObject.GetType().Name == "Finding");
    }

    [Fact]
    public void Since_and_cve_filter_and_strings_bind_as_times()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("samples", Samples);
        var r = ps.Run("Find-HafniumLogIndicator -Path $samples -Since '2021-03-03T05:00:00Z' -Until '2021-03-03T06:00:00Z' -Cve CVE-2021-27065 | Where-Object { $_ -is [HafniumTools.Model.Finding] } | ForEach-Object RuleId");
        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.Equal(["HT-HP-012"], r.Objects.Cast<string>());
    }

    [Fact]
    public void Bad_arguments_are_rejected_before_any_file_is_read()
    {
        // Statement-terminating errors: the script goes on, the error is in the error stream, no output.
        var badCve = PowerShellSession.Invoke("Find-HafniumLogIndicator -Path . -Cve CVE-2020-0001");
        Assert.StartsWith("ParameterArgumentValidationError,", Assert.Single(badCve.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(badCve.Output);
        var window = PowerShellSession.Invoke("Find-HafniumLogIndicator -Path . -Since '2021-03-05' -Until '2021-03-01'");
        Assert.StartsWith("LogTimeWindowEmpty,", Assert.Single(window.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(window.Output);
    }

    [Fact]
    public void An_empty_pipeline_scans_nothing()
    {
        var r = PowerShellSession.Invoke("@() | Find-HafniumLogIndicator");
        Assert.Null(r.Exception);
        Assert.Empty(r.Errors);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void Without_a_path_off_windows_the_error_says_to_give_one()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return; // on Windows the command scans the local install instead
        }

        var r = PowerShellSession.Invoke("Find-HafniumLogIndicator");
        var record = Assert.Single(r.Errors);
        Assert.Empty(r.Output);
        Assert.StartsWith("LogPathRequired,", record.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("-Path", record.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Coverage_renders_as_a_table_with_utc_times()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("samples", Samples);
        var r = ps.Run("Find-HafniumLogIndicator -Path $samples | Where-Object { $_ -is [HafniumTools.Logs.LogCoverage] }");
        Assert.Contains("FirstTimestamp (UTC)", r.Rendered, StringComparison.Ordinal);
        Assert.Contains("2021-03-01 08:00:00", r.Rendered, StringComparison.Ordinal);
        Assert.Contains("HttpProxy/Autodiscover", r.Rendered, StringComparison.Ordinal);
    }
}
