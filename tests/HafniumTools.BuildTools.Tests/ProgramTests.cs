using System;
using System.IO;
using System.Text.RegularExpressions;
using Xunit;

namespace HafniumTools.BuildTools.Tests;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>The command line as the build and a contributor use it: exit codes and canonical error lines.</summary>
[Collection(nameof(ConsoleCollection))]
public class ProgramTests
{
    private static readonly string TestAssembly = typeof(FindContosoLogIndicatorCommand).Assembly.Location;

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            return (Program.Main(args), stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    private static void FillPlaceholders(string file) =>
        File.WriteAllText(file, Regex.Replace(File.ReadAllText(file), @"\{\{.*?\}\}", "Real text.", RegexOptions.None, TimeSpan.FromSeconds(1)));

    [Fact]
    public void New_help_then_check_passes_once_the_skeletons_are_filled()
    {
        using var docs = new TestFiles.TempDir();

        foreach (string cmdlet in new[] { TestFiles.SampleName, "Test-ContosoThing" })
        {
            var created = Run("new-help", "--assembly", TestAssembly, "--cmdlet", cmdlet, "--docs", docs.Path);
            Assert.Equal(0, created.Code);
            FillPlaceholders(Path.Combine(docs.Path, cmdlet + ".md"));
        }

        var check = Run("check", "--assembly", TestAssembly, "--docs", docs.Path);

        Assert.True(check.Code == 0, check.Error);
        Assert.Contains("2 help page(s) checked; 0 problem(s).", check.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void New_help_does_not_overwrite_a_page_unless_forced()
    {
        using var docs = new TestFiles.TempDir();
        string page = docs.Write(TestFiles.SampleName + ".md", "hand-written");

        var refused = Run("new-help", "--assembly", TestAssembly, "--cmdlet", TestFiles.SampleName, "--docs", docs.Path);
        Assert.Equal(1, refused.Code);
        Assert.StartsWith("error HT0001: ", refused.Error, StringComparison.Ordinal);
        Assert.Equal("hand-written", File.ReadAllText(page));

        var forced = Run("new-help", "--assembly", TestAssembly, "--cmdlet", TestFiles.SampleName, "--docs", docs.Path, "--force", "true");
        Assert.Equal(0, forced.Code);
        Assert.StartsWith("---", File.ReadAllText(page), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_fails_with_a_canonical_line_for_a_cmdlet_without_a_page()
    {
        using var docs = new TestFiles.TempDir();
        docs.Write(TestFiles.SampleName + ".md", TestFiles.SamplePage);

        var check = Run("check", "--assembly", TestAssembly, "--docs", docs.Path);

        Assert.Equal(1, check.Code);
        Assert.Contains($"{docs.Path}/Test-ContosoThing.md: error HT0003: Cmdlet Test-ContosoThing has no help page", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_help_fails_on_a_malformed_page_naming_file_and_line()
    {
        using var docs = new TestFiles.TempDir();
        using var output = new TestFiles.TempDir();
        docs.Write(TestFiles.SampleName + ".md", TestFiles.SamplePage.Replace("## NOTES", "## REMARKS", StringComparison.Ordinal));

        var compile = Run("compile-help", "--docs", docs.Path, "--out", output.Path);

        Assert.Equal(1, compile.Code);
        int line = TestFiles.LineOf(TestFiles.SamplePage, "## NOTES");
        Assert.StartsWith($"{docs.Path}/{TestFiles.SampleName}.md({line}): error HT0002: Unknown heading '## REMARKS'", compile.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(output.Path));
    }

    [Theory]
    [InlineData(new string[0], 2)]
    [InlineData(new[] { "publish" }, 2)]
    [InlineData(new[] { "check", "--docs" }, 1)]
    [InlineData(new[] { "check", "--docs", "docs" }, 1)]
    public void Usage_errors_give_non_zero_exit_codes(string[] args, int expected)
    {
        Assert.Equal(expected, Run(args).Code);
    }
}
