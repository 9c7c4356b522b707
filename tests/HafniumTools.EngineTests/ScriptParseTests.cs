using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests;

/// <summary>Every PowerShell file in the repository parses (Pester files included, which cannot run here).</summary>
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
