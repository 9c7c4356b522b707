using System.IO;
using System.Linq;
using HafniumTools.BuildTools.Help;
using Xunit;

namespace HafniumTools.BuildTools.Tests;

public class HelpCompilerTests
{
    [Theory]
    [InlineData("Find-HafniumWebShell", true)]
    [InlineData("Get-HafniumBuildCatalog", true)]
    [InlineData("Test-HafniumBuild", true)]
    [InlineData("release-notes", false)]
    [InlineData("benchmarks", false)]
    [InlineData("README", false)]
    [InlineData("Get-", false)]
    [InlineData("-Thing", false)]
    public void Cmdlet_pages_are_Verb_Noun_files_with_an_approved_verb(string stem, bool expected)
    {
        Assert.Equal(expected, HelpCompiler.IsCommandPage(stem));
    }

    [Fact]
    public void Other_markdown_in_docs_is_left_alone_and_pages_are_compiled_in_name_order()
    {
        using var docs = new TestFiles.TempDir();
        docs.Write(TestFiles.SampleName + ".md", TestFiles.SamplePage);
        docs.Write("Get-ContosoOther.md", TestFiles.SamplePage.Replace(TestFiles.SampleName, "Get-ContosoOther", System.StringComparison.Ordinal));
        docs.Write("benchmarks.md", "# Benchmarks\n\n| run | MB/s |\n|---|---|\n| 1 | 900 |\n");
        docs.Write("release-notes.md", "Anything at all.\n## Not a help section\n");
        docs.Write("README.md", "# docs\n");
        docs.Write("sub/Get-Nested.md", "not compiled: only the top folder holds help");

        var compiled = HelpCompiler.Compile(docs.Path);

        Assert.Equal(new[] { TestFiles.SampleName, "Get-ContosoOther" }, compiled.Commands.Select(c => c.Name));
        Assert.Empty(compiled.AboutTopics);
    }

    [Fact]
    public void Problems_in_several_files_are_all_reported_with_the_display_folder()
    {
        using var docs = new TestFiles.TempDir();
        docs.Write("Get-One.md", "# Get-One\n\n## SYNOPSIS\nOne.\n");
        docs.Write("about_Two.md", "# about_Two\n\n## LONG DESCRIPTION\nTwo.\n");

        var e = Assert.Throws<HelpBuildException>(() => HelpCompiler.Compile(docs.Path, "docs"));

        Assert.Contains(e.Diagnostics, d => d.File == "docs/Get-One.md" && d.Line == 1 && d.Message.StartsWith("Missing the YAML front matter", System.StringComparison.Ordinal));
        Assert.Contains(e.Diagnostics, d => d.File == "docs/about_Two.md" && d.Line == 3 && d.Message.StartsWith("Missing section '## SHORT DESCRIPTION'", System.StringComparison.Ordinal));
        Assert.All(e.Diagnostics, d => Assert.Equal(HelpDiagnostic.MalformedHelp, d.Code));
    }

    [Fact]
    public void A_missing_docs_folder_is_an_error_not_empty_help()
    {
        var e = Assert.Throws<HelpBuildException>(() => HelpCompiler.Compile(Path.Combine(Path.GetTempPath(), "no-such-docs-" + System.Guid.NewGuid().ToString("N"))));

        Assert.StartsWith("docs: error HT0002: The help folder", Assert.Single(e.Diagnostics).ToString(), System.StringComparison.Ordinal);
    }
}
