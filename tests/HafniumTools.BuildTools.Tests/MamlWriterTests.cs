using System;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using HafniumTools.BuildTools.Help;
using Xunit;
using static HafniumTools.BuildTools.Tests.TestFiles;

namespace HafniumTools.BuildTools.Tests;

public class MamlWriterTests
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private static CommandHelp Sample() =>
        CommandPageParser.Parse(SamplePage, SampleName, HelpCompiler.ModuleHelpFile, out _) ?? throw new InvalidOperationException("The sample page must parse.");

    /// <summary>Writes the MAML to bytes and reads it back with a strict reader, as Get-Help does.</summary>
    private static XDocument RoundTrip(params CommandHelp[] commands)
    {
        byte[] bytes = GeneratedFile.XmlBytes(MamlWriter.Write(commands));
        using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        return XDocument.Load(reader);
    }

    private static XElement CommandOf(XDocument doc) => Assert.Single(doc.Root!.Elements(Command + "command"));

    [Fact]
    public void Output_is_well_formed_maml_with_the_platyps_namespaces()
    {
        var doc = RoundTrip(Sample());

        Assert.Equal(Msh + "helpItems", doc.Root!.Name);
        Assert.Equal("maml", (string?)doc.Root.Attribute("schema"));
        var command = CommandOf(doc);
        Assert.Equal(Maml.NamespaceName, command.GetNamespaceOfPrefix("maml")?.NamespaceName);
        Assert.Equal(Command.NamespaceName, command.GetNamespaceOfPrefix("command")?.NamespaceName);
        Assert.Equal(Dev.NamespaceName, command.GetNamespaceOfPrefix("dev")?.NamespaceName);
        Assert.Equal("http://msdn.microsoft.com/mshelp", command.GetNamespaceOfPrefix("MSHelp")?.NamespaceName);
        string[] order = ["details", "description", "syntax", "parameters", "inputTypes", "returnValues", "alertSet", "examples", "relatedLinks"];
        Assert.Equal(order, command.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public void One_command_element_per_page()
    {
        var first = Sample();
        var second = first with { Name = "Get-ContosoOther" };

        var doc = RoundTrip(first, second);

        Assert.Equal(new[] { SampleName, "Get-ContosoOther" },
            doc.Root!.Elements(Command + "command").Select(c => (string)c.Element(Command + "details")!.Element(Command + "name")!));
    }

    [Fact]
    public void Details_hold_name_verb_noun_and_synopsis()
    {
        var details = CommandOf(RoundTrip(Sample())).Element(Command + "details")!;

        Assert.Equal("Find", (string)details.Element(Command + "verb")!);
        Assert.Equal("ContosoLogIndicator", (string)details.Element(Command + "noun")!);
        Assert.Equal(Sample().Synopsis, (string)details.Element(Maml + "description")!.Element(Maml + "para")!);
    }

    [Fact]
    public void One_syntax_item_per_parameter_set_with_that_sets_parameters_and_bindings()
    {
        var items = CommandOf(RoundTrip(Sample())).Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();

        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal(SampleName, (string)i.Element(Maml + "name")!));
        Assert.Equal(new[] { "Path", "Cve", "Since", "ThrottleLimit", "IncludeProbes" }, Names(items[0]));
        Assert.Equal(new[] { "LiteralPath", "Cve", "Since", "ThrottleLimit", "IncludeProbes" }, Names(items[1]));

        var path = Parameter(items[0], "Path");
        Assert.Equal("false", (string?)path.Attribute("required"));
        Assert.Equal("0", (string?)path.Attribute("position"));
        Assert.Equal("True (ByPropertyName, ByValue)", (string?)path.Attribute("pipelineInput"));
        Assert.Equal("true", (string?)path.Attribute("globbing"));
        Assert.Equal("FullName", (string?)path.Attribute("aliases"));
        Assert.Equal("String[]", (string)path.Element(Command + "parameterValue")!);

        var literal = Parameter(items[1], "LiteralPath");
        Assert.Equal("true", (string?)literal.Attribute("required"));
        Assert.Equal("named", (string?)literal.Attribute("position"));
        Assert.Equal("True (ByPropertyName)", (string?)literal.Attribute("pipelineInput"));
        Assert.Equal("PSPath, LP", (string?)literal.Attribute("aliases"));
        Assert.Equal("none", (string?)Parameter(items[1], "Since").Attribute("aliases"));
    }

    [Fact]
    public void A_switch_has_no_value_in_syntax_but_a_type_and_default_everywhere()
    {
        var command = CommandOf(RoundTrip(Sample()));
        var inSyntax = Parameter(command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").First(), "IncludeProbes");
        var inList = Parameter(command.Element(Command + "parameters")!, "IncludeProbes");

        Assert.Null(inSyntax.Element(Command + "parameterValue"));
        Assert.Equal("false", (string?)inList.Element(Command + "parameterValue")!.Attribute("required"));
        Assert.Equal("SwitchParameter", (string)inList.Element(Dev + "type")!.Element(Maml + "name")!);
        Assert.Equal("False", (string)inList.Element(Dev + "defaultValue")!);
    }

    [Fact]
    public void Accepted_values_become_a_parameter_value_group()
    {
        var cve = Parameter(CommandOf(RoundTrip(Sample())).Element(Command + "parameters")!, "Cve");

        var values = cve.Element(Command + "parameterValueGroup")!.Elements(Command + "parameterValue").Select(v => (string)v).ToList();

        Assert.Equal(new[] { "CVE-2021-26855", "CVE-2021-26857", "CVE-2021-26858", "CVE-2021-27065" }, values);
    }

    [Fact]
    public void Parameters_section_lists_each_parameter_once_with_its_description()
    {
        var parameters = CommandOf(RoundTrip(Sample())).Element(Command + "parameters")!.Elements(Command + "parameter").ToList();

        Assert.Equal(Sample().Parameters.Select(p => p.Name), parameters.Select(p => (string)p.Element(Maml + "name")!));
        Assert.Equal("Ignores log rows before this time.", (string)Parameter(parameters[0].Parent!, "Since").Element(Maml + "description")!.Element(Maml + "para")!);
        Assert.Equal("Number of processors", (string)Parameter(parameters[0].Parent!, "ThrottleLimit").Element(Dev + "defaultValue")!);
        Assert.Equal("None", (string)Parameter(parameters[0].Parent!, "Since").Element(Dev + "defaultValue")!);
    }

    [Fact]
    public void Inputs_outputs_notes_examples_and_links_are_written()
    {
        var command = CommandOf(RoundTrip(Sample()));

        Assert.Equal(new[] { "System.String[]", "System.IO.FileInfo" },
            command.Element(Command + "inputTypes")!.Elements().Select(t => (string)t.Element(Dev + "type")!.Element(Maml + "name")!));
        Assert.Equal("HafniumTools.Model.Finding",
            (string)command.Element(Command + "returnValues")!.Element(Command + "returnValue")!.Element(Dev + "type")!.Element(Maml + "name")!);
        Assert.Equal("Logs are read with shared access while Exchange writes them.",
            (string)command.Element(Maml + "alertSet")!.Element(Maml + "alert")!.Element(Maml + "para")!);

        var examples = command.Element(Command + "examples")!.Elements(Command + "example").ToList();
        Assert.Equal(2, examples.Count);
        Assert.Contains("Example 2: Scan a triage folder for one CVE", (string)examples[1].Element(Maml + "title")!, StringComparison.Ordinal);
        Assert.Equal(Sample().Examples[1].Code, (string)examples[1].Element(Dev + "code")!);
        Assert.Equal(2, examples[1].Element(Dev + "remarks")!.Elements(Maml + "para").Count());

        var links = command.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink")
            .Select(l => ((string)l.Element(Maml + "linkText")!, (string)l.Element(Maml + "uri")!)).ToList();
        Assert.Equal(
            new[] { ("Online Version:", "https://example.org/help/Find-ContosoLogIndicator"), ("about_HafniumTools", string.Empty), ("Microsoft guidance", "https://example.org/guidance") },
            links);
    }

    [Fact]
    public void Text_that_looks_like_markup_is_escaped_not_interpreted()
    {
        var help = Sample() with { Synopsis = "Reads <script> & \"quotes\" from <%@ Page %> files." };

        var doc = RoundTrip(help);

        Assert.Equal(help.Synopsis, (string)CommandOf(doc).Element(Command + "details")!.Element(Maml + "description")!.Element(Maml + "para")!);
    }

    [Fact]
    public void Round_trip_keeps_every_text_of_a_realistic_page()
    {
        var help = Sample();
        var command = CommandOf(RoundTrip(help));

        Assert.Equal(help.Description, command.Element(Maml + "description")!.Elements(Maml + "para").Select(p => (string)p));
        foreach (var parameter in help.Parameters)
        {
            var element = Parameter(command.Element(Command + "parameters")!, parameter.Name);
            Assert.Equal(parameter.Description, element.Element(Maml + "description")!.Elements(Maml + "para").Select(p => (string)p));
            Assert.Equal(parameter.Usages[0].Type, (string)element.Element(Dev + "type")!.Element(Maml + "name")!);
        }

        Assert.Equal(help.Examples.Select(e => e.Code), command.Element(Command + "examples")!.Elements().Select(e => (string)e.Element(Dev + "code")!));
        Assert.Equal(help.Examples.SelectMany(e => e.Remarks),
            command.Element(Command + "examples")!.Elements().SelectMany(e => e.Element(Dev + "remarks")!.Elements(Maml + "para")).Select(p => (string)p));
    }

    private static string[] Names(XElement container) =>
        container.Elements(Command + "parameter").Select(p => (string)p.Element(Maml + "name")!).ToArray();

    private static XElement Parameter(XElement container, string name) =>
        container.Elements(Command + "parameter").Single(p => (string)p.Element(Maml + "name")! == name);
}
