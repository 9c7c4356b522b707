using System;
using System.IO;
using System.Linq;
using System.Reflection;
using HafniumTools.BuildTools.Help;
using Xunit;

namespace HafniumTools.BuildTools.Tests;

/// <summary>The repository's own docs/ compile, and agree with the module DLL the build staged in bin/.</summary>
public class RepositoryDocsTests
{
    private static string Docs => Path.Combine(TestFiles.RepoRoot, "docs");

    /// <summary>The module DLL the build staged next to the root manifest (this project builds the module first).</summary>
    private static string ModuleDll
    {
        get
        {
            string dll = Path.Combine(TestFiles.RepoRoot, "bin", "HafniumTools.dll");
            Assert.True(File.Exists(dll), $"{dll} is missing; build src/HafniumTools first.");
            return dll;
        }
    }

    [Fact]
    public void Repository_docs_compile_without_errors()
    {
        var compiled = HelpCompiler.Compile(Docs);

        Assert.True(compiled.AboutTopics.ContainsKey("about_HafniumTools.help.txt"));
        Assert.Equal(Directory.GetFiles(Docs, "*.md").Count(f => HelpCompiler.IsCommandPage(Path.GetFileNameWithoutExtension(f))), compiled.Commands.Count);
        Assert.All(compiled.AboutTopics["about_HafniumTools.help.txt"].Split(Environment.NewLine),
            line => Assert.True(line.Length <= AboutTopicWriter.Width, $"'{line}' exceeds {AboutTopicWriter.Width} columns."));
    }

    [Fact]
    public void About_topic_covers_every_cmdlet_and_verdict()
    {
        string about = HelpCompiler.Compile(Docs).AboutTopics["about_HafniumTools.help.txt"];

        string[] cmdlets = ["Get-HafniumBuildCatalog", "Test-HafniumBuild", "Find-HafniumLogIndicator", "Find-HafniumOabAnomaly", "Find-HafniumEcpAnomaly", "Find-HafniumWebShell"];
        Assert.All(cmdlets, c => Assert.Contains(c, about, StringComparison.Ordinal));
        var verdict = Assembly.LoadFrom(ModuleDll).GetType("HafniumTools.Model.Verdict", throwOnError: true)!;
        Assert.All(Enum.GetNames(verdict), v => Assert.Contains($"- {v}: ", about, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_page_agrees_with_the_built_module()
    {
        string dll = ModuleDll;
        var compiled = HelpCompiler.Compile(Docs);

        var diagnostics = HelpChecker.Check(compiled.Commands, CmdletMetadataReader.Read(dll));

        Assert.True(diagnostics.Count == 0, string.Join(Environment.NewLine, diagnostics));
    }
}
