using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.BuildTools.Help;
using Xunit;
using static HafniumTools.BuildTools.Tests.TestFiles;

namespace HafniumTools.BuildTools.Tests;

public class CommandPageParserTests
{
    private static CommandHelp ParseSample()
    {
        var help = CommandPageParser.Parse(SamplePage, SampleName, HelpCompiler.ModuleHelpFile, out var errors);
        Assert.Empty(errors);
        return Assert.IsType<CommandHelp>(help);
    }

    [Fact]
    public void Realistic_page_yields_every_section()
    {
        var help = ParseSample();

        Assert.Equal(SampleName, help.Name);
        Assert.Equal("Find", help.Verb);
        Assert.Equal("ContosoLogIndicator", help.Noun);
        Assert.Equal("Searches Exchange logs for ProxyLogon indicators and writes one finding per hit.", help.Synopsis);
        Assert.Equal(2, help.Description.Count);
        Assert.Equal("Reads HttpProxy, ECP and OABGenerator logs, recognising each file by its header, and applies every rule of the log catalog to each row.", help.Description[0]);
        Assert.Equal(
            "Each hit is written as a Finding with the file and line, the time in UTC and the rule that matched:\n- exploitation chains get the Exploitation verdict;\n- scanner probes get the Probe verdict.",
            help.Description[1]);
        Assert.Equal("https://example.org/help/Find-ContosoLogIndicator", help.OnlineVersion);
        Assert.Equal(LineOf(SamplePage, "# Find-ContosoLogIndicator"), help.TitleLine);
        Assert.Equal(LineOf(SamplePage, "## PARAMETERS"), help.ParametersLine);
    }

    [Fact]
    public void Syntax_sets_keep_their_names_default_marker_and_parameter_order()
    {
        var help = ParseSample();

        Assert.Equal(new[] { "Path", "LiteralPath" }, help.Syntax.Select(s => s.Name));
        Assert.True(help.Syntax[0].IsDefault);
        Assert.False(help.Syntax[1].IsDefault);
        Assert.Equal(new[] { "Path", "Cve", "Since", "ThrottleLimit", "IncludeProbes" }, help.Syntax[0].ParameterNames);
        Assert.Equal(new[] { "LiteralPath", "Cve", "Since", "ThrottleLimit", "IncludeProbes" }, help.Syntax[1].ParameterNames);
        Assert.StartsWith("Find-ContosoLogIndicator [[-Path] <String[]>]", help.Syntax[0].Line, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_yaml_becomes_typed_usages()
    {
        var help = ParseSample();
        var path = help.Parameters.Single(p => p.Name == "Path");
        var usage = Assert.Single(path.Usages);

        Assert.Equal("Folders or files to read. Folders are searched recursively.", Assert.Single(path.Description));
        Assert.Equal("String[]", usage.Type);
        Assert.Equal(new[] { "Path" }, usage.Sets);
        Assert.Equal(new[] { "FullName" }, usage.Aliases);
        Assert.False(usage.Required);
        Assert.Equal(0, usage.Position);
        Assert.True(usage.ByValue);
        Assert.True(usage.ByPropertyName);
        Assert.True(usage.Wildcards);
        Assert.Equal("The local Exchange installation", usage.DefaultValue);
        Assert.NotNull(path.UsageIn("Path"));
        Assert.Null(path.UsageIn("LiteralPath"));

        var literal = Assert.Single(help.Parameters.Single(p => p.Name == "LiteralPath").Usages);
        Assert.True(literal.Required);
        Assert.Null(literal.Position);
        Assert.Equal("True (ByPropertyName)", literal.PipelineInput);
        Assert.Equal(new[] { "PSPath", "LP" }, literal.Aliases);

        var cve = Assert.Single(help.Parameters.Single(p => p.Name == "Cve").Usages);
        Assert.True(cve.InAllSets);
        Assert.Equal(4, cve.AcceptedValues.Count);
        Assert.True(Assert.Single(help.Parameters.Single(p => p.Name == "IncludeProbes").Usages).IsSwitch);
    }

    [Fact]
    public void Examples_types_notes_and_links_are_read()
    {
        var help = ParseSample();

        Assert.Equal(2, help.Examples.Count);
        Assert.Equal("Example 1: Scan the local server", help.Examples[0].Title);
        Assert.Equal("Find-ContosoLogIndicator", help.Examples[0].Code);
        Assert.Equal("Get-ChildItem -Recurse /cases/ex01 |\n    Find-ContosoLogIndicator -Cve CVE-2021-26855 -Since 2021-02-01", help.Examples[1].Code);
        Assert.Equal(2, help.Examples[1].Remarks.Count);
        Assert.Equal(new[] { "System.String[]", "System.IO.FileInfo" }, help.Inputs.Select(i => i.Name));
        Assert.Equal("HafniumTools.Model.Finding", Assert.Single(help.Outputs).Name);
        Assert.Equal("Logs are read with shared access while Exchange writes them.", Assert.Single(help.Notes));
        Assert.Equal(new[] { "about_HafniumTools", "Microsoft guidance" }, help.Links.Select(l => l.Text));
        Assert.Equal(string.Empty, help.Links[0].Uri);
        Assert.Equal("https://example.org/guidance", help.Links[1].Uri);
    }

    [Fact]
    public void A_parameter_with_one_yaml_block_per_set_binds_differently_in_each()
    {
        string page = ReplaceOnce(SamplePage, "Find-ContosoLogIndicator -LiteralPath <String[]> [-Cve <String[]>]", "Find-ContosoLogIndicator -LiteralPath <String[]> [-Cve <String[]>] [-Extra <String>]");
        page = ReplaceOnce(page, "[[-Path] <String[]>] [-Cve <String[]>]", "[[-Path] <String[]>] [[-Extra] <String>] [-Cve <String[]>]");
        page = ReplaceOnce(page, "### CommonParameters", """
            ### -Extra
            An extra parameter.

            ```yaml
            Type: String
            Parameter Sets: Path
            Aliases:

            Required: False
            Position: 1
            Default value: None
            Accept pipeline input: False
            Accept wildcard characters: False
            ```

            ```yaml
            Type: String
            Parameter Sets: LiteralPath
            Aliases:

            Required: True
            Position: Named
            Default value: None
            Accept pipeline input: False
            Accept wildcard characters: False
            ```

            ### CommonParameters
            """.Replace("\r\n", "\n", StringComparison.Ordinal));

        var help = CommandPageParser.Parse(page, SampleName, HelpCompiler.ModuleHelpFile, out var errors);

        Assert.Empty(errors);
        var extra = help!.Parameters.Single(p => p.Name == "Extra");
        Assert.Equal(1, extra.UsageIn("Path")!.Position);
        Assert.False(extra.UsageIn("Path")!.Required);
        Assert.True(extra.UsageIn("LiteralPath")!.Required);
    }

    /// <summary>A broken page: how it is broken, the line the error must name, and what the message must say.</summary>
    public static TheoryData<string> BrokenPages => new(Breakages.Keys);

    private static readonly Dictionary<string, (Func<string, string> Break, string LineText, string Message)> Breakages = new()
    {
        ["missing section"] = (p => Without(p, "## NOTES", "## RELATED LINKS"), "## RELATED LINKS", "Missing section '## NOTES' before '## RELATED LINKS'"),
        ["missing last section"] = (p => p[..p.IndexOf("## RELATED LINKS", StringComparison.Ordinal)], "Logs are read with shared access", "Missing section '## RELATED LINKS' (the page ends here)"),
        ["unknown heading"] = (p => ReplaceOnce(p, "## NOTES", "## REMARKS"), "## REMARKS", "Unknown heading '## REMARKS'"),
        ["section out of order"] = (p => ReplaceOnce(ReplaceOnce(p, "## INPUTS", "## TMP"), "## OUTPUTS", "## INPUTS").Replace("## TMP", "## OUTPUTS", StringComparison.Ordinal), "## OUTPUTS", "Section '## OUTPUTS' is out of order"),
        ["heading below ###"] = (p => ReplaceOnce(p, "Paths of folders or files.", "#### Detail"), "#### Detail", "Unknown heading '#### Detail'"),
        ["unknown parameter heading"] = (p => ReplaceOnce(p, "### -Since", "### Since"), "### Since", "Unknown heading '### Since' under '## PARAMETERS'"),
        ["parameter without yaml"] = (p => Without(p, "```yaml\nType: DateTime", "### -ThrottleLimit"), "### -Since", "Parameter -Since has no ```yaml block"),
        ["parameter without description"] = (p => ReplaceOnce(p, "Ignores log rows before this time.\n", string.Empty), "### -Since", "Parameter -Since has no description"),
        ["yaml missing key"] = (p => ReplaceOnce(p, "Type: DateTime\nParameter Sets: (All)\nAliases:\n", "Type: DateTime\nParameter Sets: (All)\n"), "```yaml\nType: DateTime", "has no 'Aliases:' line"),
        ["yaml unknown key"] = (p => ReplaceOnce(p, "Type: DateTime\n", "Type: DateTime\nMandatory: True\n"), "Mandatory: True", "Unknown key 'Mandatory' in the yaml block of -Since"),
        ["yaml duplicate key"] = (p => ReplaceOnce(p, "Type: DateTime\n", "Type: DateTime\nType: String\n"), "Type: String", "Key 'Type' appears twice"),
        ["bad Required"] = (p => ReplaceOnce(p, "Required: True", "Required: Yes"), "Required: Yes", "'Required: Yes' of -LiteralPath must be True or False"),
        ["bad Position"] = (p => ReplaceOnce(p, "Position: 0", "Position: first"), "Position: first", "'Position: first' of -Path must be Named or a number"),
        ["bad pipeline input"] = (p => ReplaceOnce(p, "Accept pipeline input: True (ByPropertyName)\n", "Accept pipeline input: True (ByName)\n"), "Accept pipeline input: True (ByName)", "'Accept pipeline input: True (ByName)' of -LiteralPath must be"),
        ["unknown parameter set"] = (p => ReplaceOnce(p, "Parameter Sets: LiteralPath", "Parameter Sets: Literal"), "Parameter Sets: Literal", "names parameter set 'Literal', which has no '### Literal'"),
        ["syntax lacks a parameter"] = (p => ReplaceOnce(p, " [-Since <DateTime>] [-ThrottleLimit <Int32>] [-IncludeProbes] [<CommonParameters>]\n```\n\n### LiteralPath", " [-ThrottleLimit <Int32>] [-IncludeProbes] [<CommonParameters>]\n```\n\n### LiteralPath"), "Find-ContosoLogIndicator [[-Path]", "The syntax of 'Path' lacks -Since"),
        ["syntax shows an undocumented parameter"] = (p => ReplaceOnce(p, "[-IncludeProbes] [<CommonParameters>]", "[-IncludeProbes] [-Verbosely] [<CommonParameters>]"), "Find-ContosoLogIndicator [[-Path]", "shows -Verbosely, which has no '### -Verbosely'"),
        ["syntax shows a parameter of another set"] = (p => ReplaceOnce(p, "Find-ContosoLogIndicator -LiteralPath <String[]>", "Find-ContosoLogIndicator [-Path <String[]>] -LiteralPath <String[]>"), "Find-ContosoLogIndicator [-Path <String[]>]", "shows -Path, but its yaml does not put it in this set"),
        ["syntax block missing"] = (p => ReplaceOnce(p, "### LiteralPath\n```\n", "### LiteralPath\nText\n\n```\n"), "### LiteralPath", "'### LiteralPath' must hold exactly one fenced block"),
        ["title differs from file name"] = (p => ReplaceOnce(p, "# Find-ContosoLogIndicator", "# Find-ContosoIndicator"), "# Find-ContosoIndicator", "does not match the file name 'Find-ContosoLogIndicator.md'"),
        ["no front matter"] = (p => p[(p.IndexOf("---\n", 4, StringComparison.Ordinal) + 4)..], "", "Missing the YAML front matter"),
        ["wrong help file"] = (p => ReplaceOnce(p, "external help file: HafniumTools.dll-Help.xml", "external help file: Other.dll-Help.xml"), "external help file: Other.dll-Help.xml", "must name the module's help file 'HafniumTools.dll-Help.xml'"),
        ["front matter key missing"] = (p => ReplaceOnce(p, "schema: 2.0.0\n", string.Empty), "---", "The front matter has no 'schema:' key"),
        ["no example"] = (p => Without(p, "### Example 1", "## PARAMETERS"), "## EXAMPLES", "'## EXAMPLES' has no example"),
        ["example without code"] = (p => ReplaceOnce(p, "```powershell\nFind-ContosoLogIndicator\n```\n", string.Empty), "### Example 1: Scan the local server", "must start with a ```powershell block"),
        ["example without remarks"] = (p => ReplaceOnce(p, "Scans the logs of the local Exchange installation and writes a finding per hit.\n", string.Empty), "### Example 1: Scan the local server", "needs a paragraph after the code"),
        ["empty synopsis"] = (p => ReplaceOnce(p, "Searches Exchange logs for ProxyLogon indicators and writes one finding per hit.\n", string.Empty), "## SYNOPSIS", "'## SYNOPSIS' is empty"),
        ["empty description"] = (p => Without(p, "Reads HttpProxy", "## EXAMPLES"), "## DESCRIPTION", "'## DESCRIPTION' is empty"),
        ["no CommonParameters"] = (p => Without(p, "### CommonParameters", "## INPUTS"), "## PARAMETERS", "must end with '### CommonParameters'"),
        ["parameter after CommonParameters"] = (p => ReplaceOnce(p, "## INPUTS", "### -Late\nLate.\n\n## INPUTS"), "### -Late", "comes after '### CommonParameters'"),
        ["no input type"] = (p => Without(p, "### System.String[]\nPaths", "## OUTPUTS"), "## INPUTS", "'## INPUTS' names no type"),
        ["unclosed fence"] = (p => p + "\n```powershell\nGet-Item\n", "```powershell\nGet-Item", "is never closed"),
        ["placeholder left"] = (p => ReplaceOnce(p, "How many files are read at once.", "{{ Fill in the description }}"), "{{ Fill in the description }}", "Placeholder '{{ Fill in the description }}'"),
        ["related link not a link"] = (p => ReplaceOnce(p, "[Microsoft guidance](https://example.org/guidance)", "See the guidance"), "See the guidance", "is not a markdown link"),
        ["duplicate parameter"] = (p => ReplaceOnce(p, "### -ThrottleLimit", "### -Since"), "How many files are read at once.", "Parameter -Since is described twice"),
        ["text after yaml"] = (p => ReplaceOnce(p, "Accept wildcard characters: False\n```\n\n### -Since", "Accept wildcard characters: False\n```\n\nMore text.\n\n### -Since"), "More text.", "Unexpected text after the ```yaml block of -Cve"),
    };

    [Theory]
    [MemberData(nameof(BrokenPages))]
    public void Every_breakage_is_reported_with_its_line_and_cause(string breakage)
    {
        var (breakPage, lineText, message) = Breakages[breakage];
        string page = breakPage(SamplePage);
        Assert.NotEqual(SamplePage, page);
        int expectedLine = breakage == "duplicate parameter" ? LineOf(page, lineText) - 1 : LineOf(page, lineText);

        var help = CommandPageParser.Parse(page, SampleName, HelpCompiler.ModuleHelpFile, out var errors);

        Assert.Null(help);
        Assert.Contains(errors, e => e.Message.Contains(message, StringComparison.Ordinal) && e.Line == expectedLine);
    }

    [Fact]
    public void Several_problems_are_all_reported()
    {
        string page = ReplaceOnce(ReplaceOnce(SamplePage, "Required: True", "Required: Yes"), "Position: 0", "Position: first");

        CommandPageParser.Parse(page, SampleName, HelpCompiler.ModuleHelpFile, out var errors);

        Assert.Equal(2, errors.Count);
        Assert.True(errors[0].Line < errors[1].Line);
    }

    [Fact]
    public void Headings_inside_fences_are_code_not_headings()
    {
        string page = ReplaceOnce(SamplePage, "```powershell\nFind-ContosoLogIndicator\n```", "```powershell\n# Scan everything\n## not a section\nFind-ContosoLogIndicator\n```");

        var help = CommandPageParser.Parse(page, SampleName, HelpCompiler.ModuleHelpFile, out var errors);

        Assert.Empty(errors);
        Assert.Equal("# Scan everything\n## not a section\nFind-ContosoLogIndicator", help!.Examples[0].Code);
    }

    [Fact]
    public void Crlf_pages_parse_like_lf_pages()
    {
        var help = CommandPageParser.Parse(SamplePage.Replace("\n", "\r\n", StringComparison.Ordinal), SampleName, HelpCompiler.ModuleHelpFile, out var errors);

        Assert.Empty(errors);
        Assert.Equal(ParseSample().Synopsis, help!.Synopsis);
        Assert.Equal(6, help.Parameters.Count);
    }

    [Fact]
    public void Mutated_and_random_pages_never_crash_or_hang()
    {
        var random = new Random(20210302);
        string[] lines = SamplePage.Split('\n');
        string[] fragments = ["```", "```yaml", "## ", "### -", "---", "Type:", "Parameter Sets: X", "{{", "# ", "\t", "|", "[x](", "Position: 9"];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int round = 0; round < 400; round++)
        {
            var mutated = lines.ToList();
            int edits = random.Next(1, 6);
            for (int e = 0; e < edits; e++)
            {
                int at = random.Next(mutated.Count);
                switch (random.Next(4))
                {
                    case 0: mutated.RemoveAt(at); break;
                    case 1: mutated.Insert(at, fragments[random.Next(fragments.Length)]); break;
                    case 2: mutated[at] = new string(mutated[at].Reverse().ToArray()); break;
                    default: mutated.Insert(at, new string(Enumerable.Range(0, random.Next(200)).Select(_ => (char)random.Next(9, 127)).ToArray())); break;
                }
            }

            string page = string.Join("\n", mutated);
            var help = CommandPageParser.Parse(page, SampleName, HelpCompiler.ModuleHelpFile, out var errors);
            Assert.True(help is not null ^ errors.Count > 0, "A page either compiles or has errors, never both or neither.");
            Assert.All(errors, e => Assert.InRange(e.Line, 1, mutated.Count + 1));
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"400 mutated pages took {watch.Elapsed}.");
    }
}
