using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests.Files;

/// <summary>
/// What the three file-scanning cmdlets share, as a user meets it: -Path with wildcards and -LiteralPath with names as
/// they are, Get-ChildItem output on the pipeline, errors for paths that name nothing, NoEvidenceRead for a scan that
/// read nothing, -CoverageVariable, and one judgement of an OAB configuration dump whichever cmdlet finds it.
/// </summary>
public sealed class FileScanCmdletTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "ht-paths-" + Guid.NewGuid().ToString("N"));

    public FileScanCmdletTests() => Directory.CreateDirectory(_temp);

    public static TheoryData<string, string> Cmdlets => new()
    {
        { "Find-HafniumWebShell", Path.Combine(TestPaths.RepoRoot, "samples", "webroot", "webshells") },
        { "Find-HafniumOabAnomaly", Path.Combine(TestPaths.Fixtures, "Configuration", "tree") },
        { "Find-HafniumEcpAnomaly", Path.Combine(TestPaths.Fixtures, "Configuration", "tree") },
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not a test failure.
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Literal_path_on_a_folder_named_with_brackets_finds_what_the_plain_name_finds(string cmdlet, string source)
    {
        string plain = Copy(source, "EX01-case-2");
        string bracketed = Copy(source, "EX01 [case 2]");
        using var ps = new PowerShellSession();
        ps.SetVariable("plain", plain);
        ps.SetVariable("bracketed", bracketed);

        var expected = ps.Run($"{cmdlet} -Path $plain");
        var literal = ps.Run($"{cmdlet} -LiteralPath $bracketed");
        var alias = ps.Run($"{cmdlet} -LP $bracketed");
        var wildcard = ps.Run($"{cmdlet} -Path $bracketed");

        Assert.True(expected.Errors.Count == 0 && literal.Errors.Count == 0 && alias.Errors.Count == 0, expected.ErrorSummary + literal.ErrorSummary + alias.ErrorSummary);
        Assert.NotEmpty(expected.Output);
        Assert.Equal(Keys(expected, plain), Keys(literal, bracketed));
        Assert.Equal(Keys(expected, plain), Keys(alias, bracketed));

        // -Path on the same name either finds the same or says why not; never a silent zero.
        if (wildcard.Errors.Count == 0)
        {
            Assert.Equal(Keys(expected, plain), Keys(wildcard, bracketed));
        }
        else
        {
            Assert.Contains(wildcard.Errors, e => e.FullyQualifiedErrorId.StartsWith("PathNotFound,", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Get_ChildItem_output_is_scanned_as_the_literal_paths_it_names(string cmdlet, string source)
    {
        string bracketed = Copy(source, "EX01 [case 2]");
        using var ps = new PowerShellSession();
        ps.SetVariable("bracketed", bracketed);

        var expected = ps.Run($"{cmdlet} -LiteralPath $bracketed");
        var piped = ps.Run($"Get-ChildItem -LiteralPath $bracketed | {cmdlet}");
        var item = ps.Run($"Get-Item -LiteralPath $bracketed | {cmdlet}");

        Assert.True(piped.Errors.Count == 0 && item.Errors.Count == 0, piped.ErrorSummary + item.ErrorSummary);
        Assert.NotEmpty(expected.Output);
        Assert.Equal(Keys(expected, bracketed), Keys(piped, bracketed));
        Assert.Equal(Keys(expected, bracketed), Keys(item, bracketed));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void A_wildcard_that_matches_nothing_is_an_error_naming_it(string cmdlet, string source)
    {
        string pattern = Path.Combine(_temp, "no-such-*");
        var r = PowerShellSession.Invoke($"{cmdlet} -Path '{pattern}', '{source}'");

        Assert.Null(r.Exception);
        var error = Assert.Single(r.Errors, e => e.FullyQualifiedErrorId.StartsWith("PathNotFound,", StringComparison.Ordinal));
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(pattern, error.TargetObject);
        Assert.Contains(pattern, error.Exception.Message, StringComparison.Ordinal);
        Assert.NotEmpty(r.Output);
    }

    [Theory]
    [InlineData("Find-HafniumWebShell", "web shell")]
    [InlineData("Find-HafniumOabAnomaly", "OAB configuration dump")]
    [InlineData("Find-HafniumEcpAnomaly", "ECP auth folder")]
    public void An_empty_folder_is_looked_at_nothing_not_found_nothing(string cmdlet, string subject)
    {
        string empty = Directory.CreateDirectory(Path.Combine(_temp, "empty")).FullName;
        var r = PowerShellSession.Invoke($"{cmdlet} -LiteralPath '{empty}' -CoverageVariable cov; 'after'");

        Assert.Null(r.Exception);
        Assert.Equal(["after"], r.Output.Select(o => o.ToString()));
        var error = Assert.Single(r.Errors);
        Assert.StartsWith("NoEvidenceRead,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains(subject, error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_path_alone_is_an_error_and_no_evidence_read()
    {
        var r = PowerShellSession.Invoke($"Find-HafniumWebShell -LiteralPath '{Path.Combine(_temp, "gone [1]")}'");

        Assert.Equal(
            ["NoEvidenceRead", "PathNotFound"],
            r.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).OrderBy(id => id, StringComparer.Ordinal));
        Assert.Empty(r.Output);
    }

    [Fact]
    public void CoverageVariable_says_what_each_scan_covered_and_the_output_holds_findings_only()
    {
        string sample = Path.Combine(TestPaths.RepoRoot, "samples", "webroot", "webshells");
        string tree = Path.Combine(TestPaths.Fixtures, "Configuration", "tree");
        using var ps = new PowerShellSession();
        var r = ps.Run(
            $"Find-HafniumWebShell -Path '{sample}' -CoverageVariable cov; " +
            $"Find-HafniumOabAnomaly -Path '{tree}' -CoverageVariable +cov; " +
            $"Find-HafniumEcpAnomaly -Path '{tree}' -CoverageVariable +cov");
        var coverage = ps.Run("$cov").Output;

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.All(r.Output, o => Assert.Equal("HafniumTools.Model.Finding", o.BaseObject.GetType().FullName));
        Assert.Equal(["WebFolders", "OabFiles", "EcpAuthFolder"], coverage.Select(c => c.Text("Source")));
        Assert.All(coverage, c =>
        {
            Assert.Equal("HafniumTools.Model.ScanCoverage", c.BaseObject.GetType().FullName);
            Assert.Equal("FileSystem", c.Text("Category"));
            Assert.Equal("0", c.Text("UnreadableFiles"));
            Assert.NotEqual("0", c.Text("Bytes"));
        });
        Assert.Equal(Directory.GetFiles(sample, "*", SearchOption.AllDirectories).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), coverage[0].Text("Files"));
        Assert.Equal(Directory.GetFiles(tree, "*", SearchOption.AllDirectories).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), coverage[1].Text("Files"));
        Assert.Equal("3", coverage[2].Text("Files")); // TimeoutLogout.aspx, notes.txt and xgqjv.aspx in ecp\auth
    }

    [Fact]
    public void Files_over_the_cap_are_skipped_in_the_coverage_with_a_warning()
    {
        string sample = Path.Combine(TestPaths.RepoRoot, "samples", "webroot", "webshells");
        using var ps = new PowerShellSession();
        var r = ps.Run($"Find-HafniumWebShell -Path '{sample}' -MaxFileSize 50 -CoverageVariable cov");
        var skipped = ps.Run("$cov.SkippedPaths").Output.Select(o => o.ToString()).ToList();

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.NotEmpty(skipped);
        Assert.All(skipped, s => Assert.EndsWith(" (TooLarge)", s, StringComparison.Ordinal));
        Assert.Equal(skipped.Count, r.Warnings.Count(w => w.Message.Contains("-MaxFileSize", StringComparison.Ordinal)));
    }

    public static TheoryData<string> DumpFixtures()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(TestPaths.Fixtures, "Configuration", "dumps"))
            .Concat(Directory.GetFiles(Path.Combine(TestPaths.Fixtures, "Files", "Shells"), "oab-*"))
            .Concat(Directory.GetFiles(Path.Combine(TestPaths.Fixtures, "Files", "Benign"), "oab-*"))
            .Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DumpFixtures))]
    public void An_OAB_dump_gets_the_same_rule_verdict_and_evidence_from_Find_HafniumWebShell_and_Find_HafniumOabAnomaly(string dump)
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("dump", dump);
        var oab = ps.Run("Find-HafniumOabAnomaly -LiteralPath $dump");
        var webShell = ps.Run("Find-HafniumWebShell -LiteralPath $dump | Where-Object RuleId -like 'HT-OAB-*'");

        Assert.True(oab.Errors.Count == 0 && webShell.Errors.Count == 0, oab.ErrorSummary + webShell.ErrorSummary);
        var expected = Assert.Single(oab.Output);
        var actual = Assert.Single(webShell.Output);
        foreach (string property in new[] { "RuleId", "Verdict", "Severity", "Cve", "ComputerName", "Evidence", "LineNumber", "RawText", "Detail", "FileSha256", "FileSize", "Timestamp" })
        {
            Assert.Equal(expected.Text(property), actual.Text(property));
        }
    }

    [Fact]
    public void A_dump_in_the_ECP_auth_folder_gets_the_same_judgement_from_all_three_cmdlets()
    {
        string tree = Path.Combine(TestPaths.Fixtures, "Configuration", "tree");
        using var ps = new PowerShellSession();
        ps.SetVariable("tree", tree);
        string Judged(string cmdlet) => string.Join(
            " | ",
            ps.Run($"{cmdlet} -Path $tree | Where-Object {{ $_.Path -like '*xgqjv.aspx' -and $_.RuleId -like 'HT-OAB-*' }}").Output
                .Select(f => f.Text("RuleId") + " " + f.Text("Verdict") + " " + f.Text("Evidence") + " " + f.Text("FileSha256")));

        string oab = Judged("Find-HafniumOabAnomaly");

        Assert.StartsWith("HT-OAB-101 Compromise ", oab, StringComparison.Ordinal);
        Assert.Equal(oab, Judged("Find-HafniumEcpAnomaly"));
        Assert.Equal(oab, Judged("Find-HafniumWebShell"));
    }

    [Fact]
    public void In_real_pwsh_a_bracketed_folder_is_scanned_by_literal_path_and_by_path()
    {
        string bracketed = Copy(Path.Combine(TestPaths.RepoRoot, "samples", "webroot", "webshells"), "EX01 [2021-03-05]");
        string command =
            $"Import-Module '{TestPaths.Manifest}'; " +
            $"$literal = @(Find-HafniumWebShell -LiteralPath '{bracketed}').Count; " +
            $"$path = @(Find-HafniumWebShell -Path '{bracketed}' -ErrorVariable bad -ErrorAction SilentlyContinue).Count; " +
            "\"$literal $path $($bad.Count)\"";

        var run = RealPwsh.RunCommand(command);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("6 6 0", run.Output.Trim());
    }

    // Rule and path below the scanned folder, so scans of two copies of one tree compare.
    private static List<string> Keys(PsResult result, string root) =>
        result.Output.Select(f => f.Text("RuleId") + " " + Path.GetRelativePath(root, f.Text("Path")) + ":" + f.Text("LineNumber")).Order(StringComparer.Ordinal).ToList();

    private string Copy(string source, string name)
    {
        string target = Path.Combine(_temp, name);
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
            File.SetLastWriteTimeUtc(copy, File.GetLastWriteTimeUtc(file));
        }

        return target;
    }
}
