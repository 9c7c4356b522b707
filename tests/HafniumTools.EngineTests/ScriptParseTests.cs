using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests;

/// <summary>Every PowerShell file in the repository parses, and runs in Windows PowerShell 5.1 as far as syntax can tell.</summary>
public class ScriptParseTests
{
    private static readonly string[] Skipped = ["bin", "obj", "out", "bench-data", ".git", "TestResults"];

    public static IEnumerable<string> ScriptFiles() =>
        Walk(new DirectoryInfo(TestPaths.RepoRoot))
            .Where(f => f.Extension is ".ps1" or ".psd1" or ".psm1")
            .Select(f => Path.GetRelativePath(TestPaths.RepoRoot, f.FullName));

    [Fact]
    public void Every_ps1_psd1_and_psm1_file_parses_without_errors()
    {
        var files = ScriptFiles().ToList();
        var problems = new List<string>();
        foreach (string relative in files)
        {
            Parser.ParseFile(Path.Combine(TestPaths.RepoRoot, relative), out _, out ParseError[] errors);
            problems.AddRange(errors.Select(e => $"{relative}({e.Extent.StartLineNumber},{e.Extent.StartColumnNumber}): {e.Message}"));
        }

        Assert.Contains("HafniumTools.psd1", files);
        Assert.Contains(files, f => f.EndsWith(".Tests.ps1", StringComparison.Ordinal));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_ps1_psd1_and_psm1_file_avoids_what_Windows_PowerShell_5_1_cannot_run()
    {
        var problems = new List<string>();
        foreach (string relative in ScriptFiles())
        {
            var ast = Parser.ParseFile(Path.Combine(TestPaths.RepoRoot, relative), out _, out _);
            problems.AddRange(WindowsPowerShellSyntax.Problems(ast).Select(p => relative + ":" + p));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_powershell_example_in_the_docs_parses_and_runs_in_Windows_PowerShell_5_1()
    {
        var problems = new List<string>();
        int blocks = 0;
        foreach (string page in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "docs"), "*.md").Append(Path.Combine(TestPaths.RepoRoot, "README.md")))
        {
            foreach (var (line, code) in PowerShellBlocks(File.ReadAllLines(page)))
            {
                blocks++;
                var ast = Parser.ParseInput(code, out _, out ParseError[] errors);
                string where = Path.GetFileName(page) + " (block at line " + line + ")";
                problems.AddRange(errors.Select(e => $"{where}: {e.Message}"));
                problems.AddRange(WindowsPowerShellSyntax.Problems(ast).Select(p => where + ": " + p));
            }
        }

        Assert.True(blocks > 20, "only " + blocks + " powershell blocks found");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static IEnumerable<(int Line, string Code)> PowerShellBlocks(string[] lines)
    {
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].TrimStart().StartsWith("```powershell", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            int start = i + 1;
            int end = start;
            while (end < lines.Length && !lines[end].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                end++;
            }

            yield return (start, string.Join('\n', lines[start..end]));
            i = end;
        }
    }

    [Theory]
    [InlineData("$a = $b ? 1 : 2", "ternary")]
    [InlineData("$a = $b ?? 'x'", "??")]
    [InlineData("$a ??= 1", "??=")]
    [InlineData("dotnet build && dotnet test", "&&")]
    [InlineData("Get-Item x || throw 'no'", "||")]
    [InlineData("${a}?.Name", "?.")]
    [InlineData("1..3 | ForEach-Object -Parallel { $_ }", "-Parallel")]
    [InlineData("1..3 | % -Para { $_ }", "-Parallel")]
    [InlineData("'{}' | ConvertFrom-Json -AsHashtable", "-AsHashtable")]
    [InlineData("Get-Content x -AsByteStream", "-AsByteStream")]
    [InlineData("Split-Path x -LeafBase", "-LeafBase")]
    [InlineData("Join-Path a b c", "more than one child path")]
    [InlineData("if ($IsLinux) { 1 }", "$IsLinux")]
    [InlineData("Start-Sleep 1 &", "background")]
    [InlineData("'{}' | Test-Json", "Test-Json")]
    [InlineData("function f { process { } clean { } }", "clean block")]
    public void The_5_1_check_catches_each_PowerShell_7_construct(string script, string expected)
    {
        var ast = Parser.ParseInput(script, out _, out ParseError[] errors);
        Assert.Empty(errors);
        Assert.Contains(WindowsPowerShellSyntax.Problems(ast), p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("$a = if ($b) { 1 } else { 2 }")]
    [InlineData("Join-Path a b")]
    [InlineData("Split-Path x -Leaf")]
    [InlineData("1..3 | ForEach-Object -Process { $_ }")]
    [InlineData("#Requires -PSEdition Core\n$a = $b ? 1 : 2")]
    public void The_5_1_check_accepts_what_5_1_runs(string script)
    {
        var ast = Parser.ParseInput(script, out _, out _);
        Assert.Empty(WindowsPowerShellSyntax.Problems(ast));
    }

    [Fact]
    public void A_file_with_a_syntax_error_is_caught_by_the_same_check()
    {
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".ps1");
        File.WriteAllText(path, "Describe 'x' { It 'y' { $a = @( }");
        try
        {
            Parser.ParseFile(path, out _, out ParseError[] errors);
            Assert.NotEmpty(errors);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEnumerable<FileInfo> Walk(DirectoryInfo dir)
    {
        foreach (var file in dir.EnumerateFiles())
        {
            yield return file;
        }

        foreach (var sub in dir.EnumerateDirectories().Where(d => !Skipped.Contains(d.Name, StringComparer.OrdinalIgnoreCase)))
        {
            foreach (var file in Walk(sub))
            {
                yield return file;
            }
        }
    }
}
