using System;
using System.Linq;
using System.Text.RegularExpressions;
using HafniumTools.BuildTools.Help;
using Xunit;
using static HafniumTools.BuildTools.Tests.TestFiles;

namespace HafniumTools.BuildTools.Tests;

public class HelpCheckerTests
{
    private static readonly CmdletMetadata Sample = CmdletMetadataReader.Read(typeof(FindContosoLogIndicatorCommand));
    private static readonly CmdletMetadata ShouldProcessSample = CmdletMetadataReader.Read(typeof(TestContosoThingCommand));

    private static CommandHelp Parse(string page, string name = SampleName)
    {
        var help = CommandPageParser.Parse(page, name, HelpCompiler.ModuleHelpFile, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return help!;
    }

    private static string Filled(string skeleton) =>
        Regex.Replace(skeleton, @"\{\{.*?\}\}", "Real text.", RegexOptions.None, TimeSpan.FromSeconds(1));

    [Fact]
    public void Metadata_is_read_as_the_engine_binds()
    {
        Assert.Equal(SampleName, Sample.Name);
        Assert.Equal("Path", Sample.DefaultSet);
        Assert.Equal(new[] { "Path", "LiteralPath" }, Sample.SetNames);
        Assert.Equal(new[] { "Path", "LiteralPath", "Cve", "Since", "ThrottleLimit", "IncludeProbes" }, Sample.Parameters.Select(p => p.Name));

        var path = Sample.Parameters[0];
        Assert.Equal("String[]", path.TypeName);
        Assert.True(path.Wildcards);
        Assert.Equal(new[] { "FullName" }, path.Aliases);
        var binding = Assert.Single(path.Sets);
        Assert.Equal(("Path", false, (int?)0, true, true), (binding.SetName, binding.Mandatory, binding.Position, binding.ByValue, binding.ByPropertyName));
        Assert.Null(path.In("LiteralPath"));
        Assert.Equal("DateTime", Sample.Parameters.Single(p => p.Name == "Since").TypeName);
        Assert.Equal("Int32", Sample.Parameters.Single(p => p.Name == "ThrottleLimit").TypeName);
        Assert.Equal(4, Sample.Parameters.Single(p => p.Name == "Cve").AcceptedValues.Count);
        Assert.True(Sample.Parameters.Single(p => p.Name == "IncludeProbes").IsSwitch);
    }

    [Fact]
    public void ShouldProcess_adds_WhatIf_and_Confirm_and_enums_give_accepted_values()
    {
        Assert.Equal(new[] { "Name", "Mode", "Force", "WhatIf", "Confirm" }, ShouldProcessSample.Parameters.Select(p => p.Name));
        Assert.Equal(new[] { SyntaxSet.AllSets }, ShouldProcessSample.SetNames);
        Assert.Equal(new[] { "Fast", "Thorough" }, ShouldProcessSample.Parameters.Single(p => p.Name == "Mode").AcceptedValues);
    }

    [Fact]
    public void Reading_an_assembly_file_finds_its_cmdlets()
    {
        var cmdlets = CmdletMetadataReader.Read(typeof(FindContosoLogIndicatorCommand).Assembly.Location);

        Assert.Equal(new[] { SampleName, "Test-ContosoThing" }, cmdlets.Select(c => c.Name));
    }

    [Fact]
    public void Syntax_lines_follow_get_command()
    {
        Assert.Equal(
            "Find-ContosoLogIndicator [[-Path] <String[]>] [-Cve <String[]>] [-Since <DateTime>] [-ThrottleLimit <Int32>] [-IncludeProbes] [<CommonParameters>]",
            HelpSkeletonWriter.SyntaxLine(Sample, "Path"));
        Assert.Equal(
            "Find-ContosoLogIndicator -LiteralPath <String[]> [-Cve <String[]>] [-Since <DateTime>] [-ThrottleLimit <Int32>] [-IncludeProbes] [<CommonParameters>]",
            HelpSkeletonWriter.SyntaxLine(Sample, "LiteralPath"));
        Assert.Equal(
            "Test-ContosoThing [-Name] <String> -Force [-Mode <SampleMode>] [-WhatIf] [-Confirm] [<CommonParameters>]",
            HelpSkeletonWriter.SyntaxLine(ShouldProcessSample, SyntaxSet.AllSets));
    }

    [Fact]
    public void The_realistic_page_agrees_with_its_cmdlet()
    {
        Assert.Empty(HelpChecker.Check([Parse(SamplePage)], [Sample]));
    }

    [Fact]
    public void A_skeleton_is_refused_until_filled_and_then_agrees_with_its_cmdlet()
    {
        foreach (var cmdlet in new[] { Sample, ShouldProcessSample })
        {
            string skeleton = HelpSkeletonWriter.Write(cmdlet);

            Assert.Null(CommandPageParser.Parse(skeleton, cmdlet.Name, HelpCompiler.ModuleHelpFile, out var errors));
            Assert.All(errors, e => Assert.StartsWith("Placeholder", e.Message, StringComparison.Ordinal));

            var page = Parse(Filled(skeleton), cmdlet.Name);
            Assert.Empty(HelpChecker.Check([page], [cmdlet]));
            Assert.Equal(cmdlet.Parameters.Select(p => p.Name), page.Parameters.Select(p => p.Name));
        }
    }

    [Fact]
    public void A_skeleton_gives_a_parameter_that_binds_differently_per_set_one_yaml_block_per_set()
    {
        var metadata = Sample with
        {
            Parameters = [.. Sample.Parameters, new ParameterMetadataInfo("Extra", "String", false, [], false, [],
                [new ParameterSetBinding("Path", false, 1, false, false), new ParameterSetBinding("LiteralPath", true, null, false, false)])],
        };

        var page = Parse(Filled(HelpSkeletonWriter.Write(metadata)));

        var extra = page.Parameters.Single(p => p.Name == "Extra");
        Assert.Equal(2, extra.Usages.Count);
        Assert.Empty(HelpChecker.Check([page], [metadata]));
    }

    [Theory]
    [InlineData("Required: True", "Required: False", "-LiteralPath says 'Required: False' in set 'LiteralPath', but it is mandatory")]
    [InlineData("Position: 0", "Position: 1", "-Path says 'Position: 1' in set 'Path', but it is 0")]
    [InlineData("Accept pipeline input: True (ByPropertyName)\n", "Accept pipeline input: False\n", "-LiteralPath says 'Accept pipeline input: False' in set 'LiteralPath', but it is 'True (ByPropertyName)'")]
    [InlineData("Type: Int32", "Type: String", "-ThrottleLimit is documented as 'String', but its type is 'Int32'")]
    [InlineData("Aliases: PSPath, LP", "Aliases: PSPath", "-LiteralPath lists aliases 'PSPath', but it has 'PSPath, LP'")]
    [InlineData("Accept wildcard characters: True", "Accept wildcard characters: False", "-Path says 'Accept wildcard characters: False', but the parameter has [SupportsWildcards]")]
    [InlineData("Accepted values: CVE-2021-26855, CVE-2021-26857, CVE-2021-26858, CVE-2021-27065", "Accepted values: CVE-2021-26855", "-Cve lists accepted values 'CVE-2021-26855'")]
    public void A_page_that_disagrees_with_the_dll_is_reported_where_it_disagrees(string find, string replace, string message)
    {
        string page = ReplaceOnce(SamplePage, find, replace);
        var help = Parse(page);

        var diagnostics = HelpChecker.Check([help], [Sample]);

        var diagnostic = Assert.Single(diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(HelpDiagnostic.HelpOutOfDate, diagnostic.Code);
        Assert.Equal($"docs/{SampleName}.md", diagnostic.File);
        int changed = SamplePage[..SamplePage.IndexOf(find, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        Assert.InRange(diagnostic.Line, changed - 12, changed);
    }

    [Fact]
    public void Wildcards_documented_without_SupportsWildcards_are_accepted()
    {
        string page = ReplaceOnce(SamplePage, "Aliases: PSPath, LP\n\nRequired: True\nPosition: Named\nDefault value: None\nAccept pipeline input: True (ByPropertyName)\nAccept wildcard characters: False",
            "Aliases: PSPath, LP\n\nRequired: True\nPosition: Named\nDefault value: None\nAccept pipeline input: True (ByPropertyName)\nAccept wildcard characters: True");

        Assert.Empty(HelpChecker.Check([Parse(page)], [Sample]));
    }

    [Fact]
    public void A_wrong_default_set_is_reported()
    {
        string page = ReplaceOnce(ReplaceOnce(SamplePage, "### Path (Default)", "### Path"), "### LiteralPath\n", "### LiteralPath (Default)\n");

        var diagnostic = Assert.Single(HelpChecker.Check([Parse(page)], [Sample]));

        Assert.Equal($"docs/{SampleName}.md({LineOf(page, "Find-ContosoLogIndicator -LiteralPath <String[]>")}): error HT0003: 'LiteralPath' is marked (Default), but the default parameter set of {SampleName} is 'Path'.", diagnostic.ToString());
    }

    [Fact]
    public void Parameters_in_the_dll_but_not_on_the_page_and_the_reverse_are_both_reported()
    {
        var withExtra = Sample with
        {
            Parameters = [.. Sample.Parameters.Where(p => p.Name != "Since"), new ParameterMetadataInfo("Until", "DateTime", false, [], false, [], [new ParameterSetBinding(SyntaxSet.AllSets, false, null, false, false)])],
        };
        var help = Parse(SamplePage);

        var diagnostics = HelpChecker.Check([help], [withExtra]).Select(d => d.ToString()).ToList();

        Assert.Contains($"docs/{SampleName}.md({help.ParametersLine}): error HT0003: Parameter -Until of {SampleName} is not described; add '### -Until'.", diagnostics);
        Assert.Contains(diagnostics, d => d.StartsWith($"docs/{SampleName}.md({help.Parameters.Single(p => p.Name == "Since").SourceLine}): error HT0003: {SampleName} has no parameter -Since", StringComparison.Ordinal));
    }

    [Fact]
    public void Cmdlets_without_pages_and_pages_without_cmdlets_are_reported()
    {
        var help = Parse(SamplePage);

        var diagnostics = HelpChecker.Check([help], [ShouldProcessSample]).Select(d => d.ToString()).ToList();

        Assert.Contains("docs/Test-ContosoThing.md: error HT0003: Cmdlet Test-ContosoThing has no help page; write one with 'new-help --cmdlet Test-ContosoThing'.", diagnostics);
        Assert.Contains($"docs/{SampleName}.md({help.TitleLine}): error HT0003: The module has no cmdlet {SampleName}; remove the page or fix its name.", diagnostics);
    }
}
