using System.IO;
using System.Xml.Linq;
using HafniumTools.BuildTools.Help;
using Xunit;

namespace HafniumTools.BuildTools.Tests;

public class ModuleStagerTests
{
    [Fact]
    public void Help_goes_to_en_US_next_to_the_manifest_that_loads_bin()
    {
        string repo = Path.Combine(Path.GetTempPath(), "repo");

        Assert.Equal(Path.Combine(repo, "en-US"), ModuleStager.HelpDirectory(Path.Combine(repo, "bin")));
        Assert.Equal(Path.Combine(repo, "en-US"), ModuleStager.HelpDirectory(Path.Combine(repo, "bin") + Path.DirectorySeparatorChar));
    }

    [Fact]
    public void Stage_compiles_docs_into_the_help_folder_and_removes_stale_topics()
    {
        using var repo = new TestFiles.TempDir();
        repo.Write("docs/" + TestFiles.SampleName + ".md", TestFiles.SamplePage);
        repo.Write("docs/about_Contoso.md", "# about_Contoso\n\n## SHORT DESCRIPTION\nShort.\n\n## LONG DESCRIPTION\nLong.\n");
        repo.Write("docs/README.md", "# not help\n\nAnything goes here.\n");
        string stale = repo.Write("en-US/about_Removed.help.txt", "old");

        ModuleStager.Stage(repo.Path, Path.Combine(repo.Path, "bin"));

        string help = Path.Combine(repo.Path, "en-US", HelpCompiler.ModuleHelpFile);
        Assert.Single(XDocument.Load(help).Root!.Elements());
        Assert.StartsWith("TOPIC", File.ReadAllText(Path.Combine(repo.Path, "en-US", "about_Contoso.help.txt")), System.StringComparison.Ordinal);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(Path.Combine(repo.Path, "bin", "HafniumTools.Format.ps1xml")));
    }

    [Fact]
    public void A_broken_page_fails_staging_with_file_and_line()
    {
        using var repo = new TestFiles.TempDir();
        repo.Write("docs/Get-Broken.md", "---\nexternal help file: HafniumTools.dll-Help.xml\nModule Name: HafniumTools\nonline version:\nschema: 2.0.0\n---\n\n# Get-Broken\n\n## SYNOPSIS\nBroken.\n\n## FOO\n");

        var e = Assert.Throws<HelpBuildException>(() => ModuleStager.Stage(repo.Path, Path.Combine(repo.Path, "bin")));

        Assert.Equal("docs/Get-Broken.md(13): error HT0002: Unknown heading '## FOO'; a cmdlet page has exactly these sections, in order: SYNOPSIS, SYNTAX, DESCRIPTION, EXAMPLES, PARAMETERS, INPUTS, OUTPUTS, NOTES, RELATED LINKS.",
            Assert.Single(e.Diagnostics).ToString());
        Assert.False(File.Exists(Path.Combine(repo.Path, "en-US", HelpCompiler.ModuleHelpFile)));
    }
}
