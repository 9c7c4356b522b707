using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace HafniumTools.BuildTools.Help;

/// <summary>
/// Writes MAML command help the way platyPS's New-ExternalHelp does: <c>helpItems</c> in the msh namespace, one
/// <c>command:command</c> per cmdlet with details, description, syntax items per parameter set, parameters, input
/// and return types, notes as an alert set, examples and related links.
/// </summary>
public static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    public static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    public static XDocument Write(IEnumerable<CommandHelp> commands) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands.Select(CommandElement)));

    private static XElement CommandElement(CommandHelp help) =>
        new(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", help.Verb),
                new XElement(Command + "noun", help.Noun),
                Description(Maml + "description", [help.Synopsis])),
            Description(Maml + "description", help.Description),
            new XElement(Command + "syntax", help.Syntax.Select(set => SyntaxItem(help, set))),
            new XElement(Command + "parameters", help.Parameters.Select(p => ParameterElement(p, p.Usages[0], inSyntax: false))),
            new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeElement(Command + "inputType", t))),
            new XElement(Command + "returnValues", help.Outputs.Select(t => TypeElement(Command + "returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select(ExampleElement)),
            new XElement(Command + "relatedLinks", RelatedLinks(help)));

    private static XElement SyntaxItem(CommandHelp help, SyntaxSet set) =>
        new(Command + "syntaxItem",
            new XElement(Maml + "name", help.Name),
            set.ParameterNames
                .Select(name => help.Parameters.First(p => string.Equals(p.Name, name, System.StringComparison.OrdinalIgnoreCase)))
                .Select(p => ParameterElement(p, p.UsageIn(set.Name)!, inSyntax: true)));

    private static XElement ParameterElement(ParameterHelp parameter, ParameterUsage usage, bool inSyntax)
    {
        var element = new XElement(Command + "parameter",
            new XAttribute("required", Lower(usage.Required)),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", Lower(usage.Wildcards)),
            new XAttribute("pipelineInput", usage.PipelineInput),
            new XAttribute("position", usage.Position?.ToString(CultureInfo.InvariantCulture) ?? "named"),
            new XAttribute("aliases", usage.Aliases.Count == 0 ? "none" : string.Join(", ", usage.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(Maml + "description", parameter.Description));

        if (usage.AcceptedValues.Count > 0)
        {
            element.Add(new XElement(Command + "parameterValueGroup",
                usage.AcceptedValues.Select(v => new XElement(Command + "parameterValue",
                    new XAttribute("required", "false"), new XAttribute(Command + "variableLength", "false"), v))));
        }

        // platyPS leaves the value out of a switch in a syntax item (Get-Help shows [-Force], not [-Force <SwitchParameter>]).
        if (!(usage.IsSwitch && inSyntax))
        {
            element.Add(new XElement(Command + "parameterValue",
                new XAttribute("required", Lower(!usage.IsSwitch)), new XAttribute("variableLength", "false"), usage.Type));
        }

        element.Add(new XElement(Dev + "type", new XElement(Maml + "name", usage.Type), new XElement(Maml + "uri")));
        element.Add(new XElement(Dev + "defaultValue", DefaultValue(usage)));
        return element;
    }

    private static string DefaultValue(ParameterUsage usage) =>
        usage.DefaultValue.Length > 0 ? usage.DefaultValue : usage.IsSwitch ? "False" : "None";

    private static XElement TypeElement(XName name, TypeHelp type) =>
        new(name,
            new XElement(Dev + "type", new XElement(Maml + "name", type.Name)),
            Description(Maml + "description", type.Description));

    private static XElement ExampleElement(ExampleHelp example) =>
        new(Command + "example",
            new XElement(Maml + "title", $"--------- {example.Title} ---------"),
            new XElement(Dev + "code", example.Code),
            new XElement(Dev + "remarks", Paragraphs(example.Remarks)));

    private static IEnumerable<XElement> RelatedLinks(CommandHelp help)
    {
        if (help.OnlineVersion.Length > 0)
        {
            yield return NavigationLink("Online Version:", help.OnlineVersion);
        }

        foreach (var link in help.Links)
        {
            yield return NavigationLink(link.Text, link.Uri);
        }
    }

    private static XElement NavigationLink(string text, string uri) =>
        new(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri", uri));

    private static XElement Description(XName name, IReadOnlyList<string> paragraphs) => new(name, Paragraphs(paragraphs));

    private static IEnumerable<XElement> Paragraphs(IReadOnlyList<string> paragraphs) =>
        paragraphs.Count == 0 ? [new XElement(Maml + "para")] : paragraphs.Select(p => new XElement(Maml + "para", p));

    private static string Lower(bool value) => value ? "true" : "false";
}
