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
    public void A_single_file_gives_only_findings_and_its_coverage_goes_to_the_coverage_variable()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("log", EcpLog);
        var r = ps.Run("Find-HafniumLogIndicator -Path $log -CoverageVariable cov");
        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.All(r.Objects, o => Assert.Equal("Finding", o.GetType().Name));
        Assert.Equal(
            ["HT-HP-001", "HT-HP-001", "HT-HP-002", "HT-HP-010", "HT-HP-011", "HT-HP-012", "HT-HP-012", "HT-HP-020"],
            r.Output.Select(o => (string)o.Properties["RuleId"].Value).OrderBy(x => x, StringComparer.Ordinal));
        var coverage = Assert.Single(Coverage(ps));
        Assert.Equal("EXCH01", coverage.Text("ComputerName"));
        Assert.Equal("HttpProxy/Ecp", coverage.Text("Source"));
    }

    [Fact]
    public void The_coverage_variable_holds_one_ScanCoverage_per_server_and_source_with_its_time_span()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("samples", Samples);
        var r = ps.Run("$null = Find-HafniumLogIndicator -Path $samples -CoverageVariable cov; $cov");
        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.All(r.Objects, o => Assert.Equal("HafniumTools.Model.ScanCoverage", o.GetType().FullName));
        var owa = Assert.Single(r.Output, c => c.Text("ComputerName") == "EXCH02" && c.Text("Source") == "HttpProxy/Owa");
        Assert.Equal("HttpProxy", owa.Text("Category"));
        Assert.Equal(new DateTimeOffset(2021, 3, 1, 8, 0, 0, TimeSpan.Zero), (DateTimeOffset)owa.Properties["FirstTimestamp"].Value);
        Assert.Equal("1", owa.Text("Files"));
        Assert.Equal("0", owa.Text("UnreadableFiles"));
        Assert.Equal(new FileInfo(Path.Combine(Samples, "EXCH02", "Logging", "HttpProxy", "Owa", "HttpProxy_2021030108-1.LOG")).Length, (long)owa.Properties["Bytes"].Value);
        Assert.Contains(r.Output, c => c.Text("ComputerName") == "EXCH01.contoso.local" && c.Text("Source") == "ECP/Server" && c.Text("Category") == "Ecp");
        Assert.Contains(r.Output, c => c.Text("ComputerName") == "EXCH01.contoso.local" && c.Text("Source") == "OABGeneratorLog" && c.Text("Category") == "Oab");
    }

    [Fact]
    public void The_default_stream_carries_only_findings_as_the_declared_output_type()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("samples", Samples);
        var declared = ps.Run("(Get-Command Find-HafniumLogIndicator).OutputType.Type.FullName").Objects.Cast<string>().ToList();
        var r = ps.Run("Find-HafniumLogIndicator -Path $samples");
        Assert.Equal(["HafniumTools.Model.Finding"], declared);
        Assert.NotEmpty(r.Output);
        Assert.All(r.Objects, o => Assert.Equal("HafniumTools.Model.Finding", o.GetType().FullName));
    }

    [Fact]
    public void A_case_folder_with_brackets_is_read_with_LiteralPath_exactly_as_under_a_plain_name() =>
        InCaseFolders((ps, expected, bracketed) =>
        {
            var literal = ps.Run("Find-HafniumLogIndicator -LiteralPath $bracketed");
            var byAlias = ps.Run("Find-HafniumLogIndicator -LP $bracketed");

            Assert.True(literal.Errors.Count == 0 && literal.Exception is null, literal.ErrorSummary);
            Assert.Equal(expected, Keys(literal, bracketed));
            Assert.Equal(expected, Keys(byAlias, bracketed));
        });

    [Fact]
    public void A_case_folder_with_brackets_given_to_Path_is_read_the_same_or_is_an_error_never_a_silent_nothing() =>
        InCaseFolders((ps, expected, bracketed) =>
        {
            var r = ps.Run("Find-HafniumLogIndicator -Path $bracketed");
            var positional = ps.Run("Find-HafniumLogIndicator $bracketed");

            foreach (var run in new[] { r, positional })
            {
                Assert.Null(run.Exception);
                Assert.True(run.Errors.Count > 0 || Keys(run, bracketed).SequenceEqual(expected), "neither the same findings nor an error: " + run.Output.Count + " findings");
            }

            // What this module does: a -Path that names an existing item is taken as it is.
            Assert.Empty(r.Errors);
            Assert.Equal(expected, Keys(r, bracketed));
        });

    [Fact]
    public void Get_ChildItem_output_binds_by_PSPath_even_under_a_folder_with_brackets() =>
        InCaseFolders((ps, expected, bracketed) =>
        {
            var piped = ps.Run("Get-ChildItem -LiteralPath $bracketed -Recurse | Find-HafniumLogIndicator");
            var files = ps.Run("Get-ChildItem -LiteralPath $bracketed -Recurse -File | Find-HafniumLogIndicator");
            var folder = ps.Run("Get-Item -LiteralPath $bracketed | Find-HafniumLogIndicator");

            foreach (var run in new[] { piped, files, folder })
            {
                Assert.True(run.Errors.Count == 0 && run.Exception is null, run.ErrorSummary);
                Assert.Equal(expected, Keys(run, bracketed));
            }
        });

    [Fact]
    public void A_wildcard_that_matches_nothing_is_an_error_naming_the_pattern_and_nothing_read_is_NoEvidenceRead()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("pattern", Path.Combine(Samples, "EXCH0?", "no-such-*"));
        var r = ps.Run("Find-HafniumLogIndicator -Path $pattern -CoverageVariable cov");

        Assert.Null(r.Exception);
        Assert.Empty(r.Output);
        var notFound = Assert.Single(r.Errors, e => e.FullyQualifiedErrorId.StartsWith("PathNotFound,", StringComparison.Ordinal));
        Assert.Equal(Path.Combine(Samples, "EXCH0?", "no-such-*"), notFound.TargetObject);
        Assert.Contains("no-such-*", notFound.Exception.Message, StringComparison.Ordinal);
        Assert.Single(r.Errors, e => e.FullyQualifiedErrorId.StartsWith("NoEvidenceRead,", StringComparison.Ordinal));
        Assert.Empty(Coverage(ps));
    }

    [Fact]
    public void A_folder_without_logs_is_NoEvidenceRead_not_a_clean_result()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("folder", Path.Combine(TestPaths.Fixtures, "Configuration", "dumps"));
        var r = ps.Run("Find-HafniumLogIndicator -Path $folder; $?");

        Assert.Null(r.Exception);
        var error = Assert.Single(r.Errors);
        Assert.StartsWith("NoEvidenceRead,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal([false], r.Objects);
    }

    [Fact]
    public void Files_last_written_before_Since_are_still_read_and_counted_in_the_coverage()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("log", EcpLog);
        var r = ps.Run("Find-HafniumLogIndicator -Path $log -Since ([datetime]::UtcNow.AddDays(1)) -CoverageVariable cov");

        Assert.Empty(r.Output);
        Assert.Empty(r.Errors);
        var coverage = Assert.Single(Coverage(ps));
        Assert.Equal("0", coverage.Text("SkippedFiles"));
        Assert.Equal("1", coverage.Text("Files"));
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
        Assert.Equal(8, Assert.Single(byItem.Objects));
        Assert.Equal(8, Assert.Single(byString.Objects));
        Assert.Equal(8, Assert.Single(byObject.Objects));
        Assert.Equal(8, Assert.Single(byPsPath.Objects));
    }

    [Fact]
    public void A_missing_path_is_a_per_item_error_and_the_other_paths_are_read()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("log", EcpLog);
        var r = ps.Run("Find-HafniumLogIndicator -Path 'nowhere/at/all', $log");
        Assert.Null(r.Exception);
        var error = Assert.Single(r.Errors);
        Assert.StartsWith("PathNotFound,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("nowhere/at/all", error.TargetObject);
        Assert.Equal(8, r.Output.Count);
    }

    [Fact]
    public void Garbage_is_an_error_for_that_file_and_appears_in_the_coverage()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("edge", Path.Combine(TestPaths.Fixtures, "Logs", "edge"));
        var r = ps.Run("Find-HafniumLogIndicator -Path $edge -CoverageVariable cov");
        Assert.Null(r.Exception);
        var error = Assert.Single(r.Errors);
        Assert.StartsWith("LogFileInvalid,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.EndsWith("garbage.LOG", (string)error.TargetObject, StringComparison.Ordinal);
        Assert.Contains(Coverage(ps), o => o.BaseObject.GetType().Name == "ScanCoverage" && (int)o.Properties["UnreadableFiles"].Value == 1);
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
        Assert.StartsWith("TimeWindowEmpty,", Assert.Single(window.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
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
        Assert.StartsWith("PathRequired,", record.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("-Path", record.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Coverage_renders_as_a_table_with_utc_times()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("samples", Samples);
        var r = ps.Run("$null = Find-HafniumLogIndicator -Path $samples -CoverageVariable cov; $cov");
        Assert.Contains("FirstTimestamp (UTC)", r.Rendered, StringComparison.Ordinal);
        Assert.Contains("2021-03-01 08:00:00", r.Rendered, StringComparison.Ordinal);
        Assert.Contains("HttpProxy/Autodiscover", r.Rendered, StringComparison.Ordinal);
    }

    private static PSObject[] Coverage(PowerShellSession ps) =>
        ((object[]?)ps.GetVariable("cov") ?? []).Select(PSObject.AsPSObject).ToArray();

    // The findings of a run, with paths relative to the folder scanned, sorted.
    private static string[] Keys(PsResult run, string folder) =>
        run.Output
            .Select(f => Path.GetRelativePath(folder, f.Text("Path")) + ":" + f.Text("LineNumber") + ":" + f.Text("RuleId"))
            .OrderBy(x => x, StringComparer.Ordinal)
            .ToArray();

    // The sample logs copied twice into a temporary case folder, under a plain name and as 'EX01 [case 2]'; the test
    // gets a session with $bracketed set, and the findings under the plain name (which must not be empty).
    private static void InCaseFolders(Action<PowerShellSession, string[], string> test)
    {
        string root = Path.Combine(Path.GetTempPath(), "ht-literal-" + Guid.NewGuid().ToString("N"));
        string plain = Path.Combine(root, "EX01 case 2");
        string bracketed = Path.Combine(root, "EX01 [case 2]");
        try
        {
            foreach (string target in new[] { plain, bracketed })
            {
                foreach (string file in Directory.EnumerateFiles(Samples, "*", SearchOption.AllDirectories))
                {
                    string copy = Path.Combine(target, Path.GetRelativePath(Samples, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                    File.Copy(file, copy);
                }
            }

            using var ps = new PowerShellSession();
            ps.SetVariable("plain", plain);
            ps.SetVariable("bracketed", bracketed);
            var expected = Keys(ps.Run("Find-HafniumLogIndicator -LiteralPath $plain"), plain);
            Assert.NotEmpty(expected);
            test(ps, expected, bracketed);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
