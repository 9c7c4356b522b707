using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace HafniumTools.BuildTools.Help;

/// <summary>
/// Reads a cmdlet page in the platyPS layout (see docs/README.md) into a <see cref="CommandHelp"/>, reporting every
/// deviation with its line: a page that does not follow the layout must not compile into help that ships.
/// </summary>
public sealed partial class CommandPageParser
{
    /// <summary>The sections of a cmdlet page, in the order they must appear.</summary>
    public static readonly IReadOnlyList<string> SectionOrder =
        ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    /// <summary>The keys of a parameter's ```yaml block; all but <c>Accepted values</c> are required.</summary>
    public static readonly IReadOnlyList<string> YamlKeys =
    [
        "Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input",
        "Accept wildcard characters",
    ];

    private const string AcceptedValuesKey = "Accepted values";
    private const string CommonParametersHeading = "CommonParameters";

    private readonly List<(int Line, string Message)> _errors = [];

    // Parameters whose yaml could not be read: left out of the syntax cross-check so one mistake gives one message.
    private readonly HashSet<string> _unreadable = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _expectedHelpFile;

    private CommandPageParser(string expectedHelpFile)
    {
        _expectedHelpFile = expectedHelpFile;
    }

    [GeneratedRegex(@"^-([A-Za-z][A-Za-z0-9_]*)$")]
    private static partial Regex ParameterHeadingPattern();

    [GeneratedRegex(@"(?<=^|[\s\[])-([A-Za-z][A-Za-z0-9_]*)")]
    private static partial Regex SyntaxParameterPattern();

    [GeneratedRegex(@"^[-*][ \t]+\[([^\]]+)\]\(([^)\s]*)\)[ \t]*$|^\[([^\]]+)\]\(([^)\s]*)\)[ \t]*$")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"\{\{.*?\}\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"^[A-Za-z]+-[A-Za-z0-9]+$")]
    private static partial Regex CommandNamePattern();

    /// <summary>Parses one page; returns null and fills <paramref name="errors"/> when it does not follow the layout.</summary>
    public static CommandHelp? Parse(string text, string expectedName, string expectedHelpFile, out IReadOnlyList<(int Line, string Message)> errors)
    {
        var parser = new CommandPageParser(expectedHelpFile);
        CommandHelp? help = null;
        try
        {
            help = parser.ParsePage(MarkdownPage.Parse(text), expectedName);
        }
        catch (HelpSourceException e)
        {
            parser._errors.Add((e.Line, e.Message));
        }

        parser.CheckPlaceholders(text);
        errors = parser._errors.OrderBy(e => e.Line).ToArray();
        return errors.Count == 0 ? help : null;
    }

    private void Error(int line, string message) => _errors.Add((line, message));

    private void CheckPlaceholders(string text)
    {
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var m = PlaceholderPattern().Match(lines[i]);
            if (m.Success)
            {
                Error(i + 1, $"Placeholder '{m.Value}' left from the skeleton; write the real text.");
            }
        }
    }

    private CommandHelp ParsePage(MarkdownPage page, string expectedName)
    {
        CheckFrontMatter(page);
        string name = page.Title.Title;
        if (!CommandNamePattern().IsMatch(name))
        {
            Error(page.Title.Line, $"The title '# {name}' is not a Verb-Noun cmdlet name.");
        }
        else if (!string.Equals(name, expectedName, StringComparison.Ordinal))
        {
            Error(page.Title.Line, $"The title '# {name}' does not match the file name '{expectedName}.md'.");
        }

        var sections = OrderedSections(page);
        string synopsis = Synopsis(sections["SYNOPSIS"]);
        var syntax = Syntax(sections["SYNTAX"]);
        var description = Paragraphs(sections["DESCRIPTION"], required: true);
        var examples = Examples(sections["EXAMPLES"]);
        var parameters = Parameters(sections["PARAMETERS"], syntax);
        CheckSyntaxAgainstParameters(name, syntax, parameters);
        var inputs = Types(sections["INPUTS"]);
        var outputs = Types(sections["OUTPUTS"]);
        var notes = Paragraphs(sections["NOTES"], required: false);
        string online = page.FrontMatter.TryGetValue("online version", out var ov) ? ov.Value : string.Empty;
        var links = Links(sections["RELATED LINKS"]);
        return new CommandHelp(name, synopsis, description, syntax, examples, parameters, inputs, outputs, notes, links, online)
        {
            TitleLine = page.Title.Line,
            ParametersLine = sections["PARAMETERS"].Heading.Line,
        };
    }

    private void CheckFrontMatter(MarkdownPage page)
    {
        if (page.FrontMatter.Count == 0)
        {
            Error(1, "Missing the YAML front matter ('---', 'external help file:', 'Module Name:', 'online version:', 'schema: 2.0.0', '---').");
            return;
        }

        foreach (string key in new[] { "external help file", "Module Name", "online version", "schema" })
        {
            if (!page.FrontMatter.ContainsKey(key))
            {
                Error(1, $"The front matter has no '{key}:' key.");
            }
        }

        if (page.FrontMatter.TryGetValue("external help file", out var file) && !string.Equals(file.Value, _expectedHelpFile, StringComparison.OrdinalIgnoreCase))
        {
            Error(file.Line, $"'external help file: {file.Value}' must name the module's help file '{_expectedHelpFile}'.");
        }

        if (page.FrontMatter.TryGetValue("schema", out var schema) && schema.Value != "2.0.0")
        {
            Error(schema.Line, $"'schema: {schema.Value}' is not the platyPS schema 2.0.0.");
        }

        if (page.FrontMatter.TryGetValue("online version", out var online) && online.Value.Length > 0
            && !Uri.TryCreate(online.Value, UriKind.Absolute, out _))
        {
            Error(online.Line, $"'online version: {online.Value}' is not an absolute URL (leave it empty if there is none).");
        }
    }

    private Dictionary<string, Section> OrderedSections(MarkdownPage page)
    {
        var found = new Dictionary<string, Section>(StringComparer.Ordinal);
        int expected = 0;
        foreach (var section in page.Sections)
        {
            int position = IndexOf(SectionOrder, section.Title);
            if (position < 0)
            {
                throw new HelpSourceException(section.Heading.Line,
                    $"Unknown heading '## {section.Title}'; a cmdlet page has exactly these sections, in order: {string.Join(", ", SectionOrder)}.");
            }

            if (position < expected)
            {
                throw new HelpSourceException(section.Heading.Line, found.ContainsKey(section.Title)
                    ? $"Section '## {section.Title}' appears twice."
                    : $"Section '## {section.Title}' is out of order; the order is {string.Join(", ", SectionOrder)}.");
            }

            if (position > expected)
            {
                bool later = page.Sections.Any(s => s.Heading.Line > section.Heading.Line && s.Title == SectionOrder[expected]);
                throw new HelpSourceException(section.Heading.Line, later
                    ? $"Section '## {section.Title}' is out of order; the order is {string.Join(", ", SectionOrder)}."
                    : $"Missing section '## {SectionOrder[expected]}' before '## {section.Title}'.");
            }

            found[section.Title] = section;
            expected++;
        }

        if (expected < SectionOrder.Count)
        {
            int line = page.Sections.Count > 0 ? LastLine(page.Sections[^1]) : page.Title.Line;
            throw new HelpSourceException(line, $"Missing section '## {SectionOrder[expected]}' (the page ends here).");
        }

        return found;
    }

    private static int LastLine(Section section)
    {
        var blocks = section.Subsections.Count > 0 ? section.Subsections[^1].Blocks : section.Blocks;
        int headingLine = section.Subsections.Count > 0 ? section.Subsections[^1].Heading.Line : section.Heading.Line;
        return blocks.Count > 0 ? blocks[^1].Line : headingLine;
    }

    private string Synopsis(Section section)
    {
        NoSubsections(section);
        var paragraphs = section.Blocks.OfType<ParagraphBlock>().Select(MarkdownPage.ParagraphText).ToList();
        if (paragraphs.Count == 0)
        {
            Error(section.Heading.Line, "'## SYNOPSIS' is empty; write one sentence saying what the cmdlet does.");
            return string.Empty;
        }

        foreach (var fence in section.Blocks.OfType<FenceBlock>())
        {
            Error(fence.Line, "'## SYNOPSIS' is one plain sentence; code blocks belong in the description or the examples.");
        }

        return string.Join(" ", paragraphs);
    }

    private List<SyntaxSet> Syntax(Section section)
    {
        NoOwnBlocks(section, "the syntax of each parameter set goes under a '### SetName' heading");
        var sets = new List<SyntaxSet>();
        foreach (var sub in section.Subsections)
        {
            string title = sub.Heading.Title.Trim();
            bool isDefault = title.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
            string setName = isDefault ? title[..^"(Default)".Length].TrimEnd() : title;
            var fences = sub.Blocks.OfType<FenceBlock>().ToList();
            if (fences.Count != 1 || sub.Blocks.Count != 1)
            {
                Error(sub.Heading.Line, $"'### {title}' must hold exactly one fenced block with the syntax line.");
                continue;
            }

            string line = string.Join(" ", fences[0].Lines.Select(l => l.Trim()).Where(l => l.Length > 0));
            if (sets.Any(s => string.Equals(s.Name, setName, StringComparison.OrdinalIgnoreCase)))
            {
                Error(sub.Heading.Line, $"Parameter set '{setName}' is listed twice.");
                continue;
            }

            var names = SyntaxParameterPattern().Matches(line).Select(m => m.Groups[1].Value).ToList();
            sets.Add(new SyntaxSet(setName, isDefault, line, names, fences[0].Line + 1));
        }

        if (sets.Count == 0)
        {
            Error(section.Heading.Line, "'## SYNTAX' has no '### SetName' (or '### __AllParameterSets') heading with a syntax block.");
        }
        else if (sets.Count > 1 && sets.Any(s => s.Name == SyntaxSet.AllSets))
        {
            Error(section.Heading.Line, $"'### {SyntaxSet.AllSets}' is only for a cmdlet with a single parameter set.");
        }

        return sets;
    }

    private List<string> Paragraphs(Section section, bool required)
    {
        NoSubsections(section);
        var paragraphs = section.Blocks.Select(MarkdownPage.ParagraphText).ToList();
        if (required && paragraphs.Count == 0)
        {
            Error(section.Heading.Line, $"'## {section.Title}' is empty.");
        }

        return paragraphs;
    }

    private List<ExampleHelp> Examples(Section section)
    {
        NoOwnBlocks(section, "each example goes under a '### Example N: title' heading");
        var examples = new List<ExampleHelp>();
        foreach (var sub in section.Subsections)
        {
            var code = sub.Blocks.TakeWhile(b => b is FenceBlock).Cast<FenceBlock>().ToList();
            var remarks = sub.Blocks.Skip(code.Count).Select(MarkdownPage.ParagraphText).ToList();
            if (code.Count == 0)
            {
                Error(sub.Heading.Line, $"Example '{sub.Heading.Title}' must start with a ```powershell block holding the command.");
                continue;
            }

            if (remarks.Count == 0)
            {
                Error(sub.Heading.Line, $"Example '{sub.Heading.Title}' needs a paragraph after the code saying what it does.");
            }

            examples.Add(new ExampleHelp(sub.Heading.Title, string.Join("\n\n", code.Select(c => string.Join("\n", c.Lines))), remarks));
        }

        if (section.Subsections.Count == 0)
        {
            Error(section.Heading.Line, "'## EXAMPLES' has no example; give at least one real one.");
        }

        return examples;
    }

    private List<ParameterHelp> Parameters(Section section, List<SyntaxSet> syntax)
    {
        NoOwnBlocks(section, "each parameter goes under a '### -Name' heading");
        var parameters = new List<ParameterHelp>();
        bool sawCommon = false;
        foreach (var sub in section.Subsections)
        {
            string title = sub.Heading.Title.Trim();
            if (title == CommonParametersHeading)
            {
                sawCommon = true;
                if (!sub.Blocks.OfType<ParagraphBlock>().Any())
                {
                    Error(sub.Heading.Line, "'### CommonParameters' needs the standard sentence about the common parameters.");
                }

                continue;
            }

            if (sawCommon)
            {
                Error(sub.Heading.Line, $"'### {title}' comes after '### CommonParameters', which must be last.");
            }

            var match = ParameterHeadingPattern().Match(title);
            if (!match.Success)
            {
                Error(sub.Heading.Line, $"Unknown heading '### {title}' under '## PARAMETERS'; expected '### -ParameterName' or '### CommonParameters'.");
                continue;
            }

            string name = match.Groups[1].Value;
            if (parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                Error(sub.Heading.Line, $"Parameter -{name} is described twice.");
                continue;
            }

            parameters.Add(Parameter(name, sub, syntax));
        }

        if (!sawCommon)
        {
            Error(section.Heading.Line, "'## PARAMETERS' must end with '### CommonParameters' and the standard sentence.");
        }

        return parameters;
    }

    private ParameterHelp Parameter(string name, Subsection sub, List<SyntaxSet> syntax)
    {
        int firstYaml = -1;
        for (int i = 0; i < sub.Blocks.Count; i++)
        {
            if (sub.Blocks[i] is FenceBlock f && f.Info.Equals("yaml", StringComparison.OrdinalIgnoreCase))
            {
                firstYaml = i;
                break;
            }
        }

        var description = (firstYaml < 0 ? sub.Blocks : sub.Blocks.Take(firstYaml)).Select(MarkdownPage.ParagraphText).ToList();
        if (description.Count == 0)
        {
            Error(sub.Heading.Line, $"Parameter -{name} has no description; say what it does and which values make sense.");
        }

        var usages = new List<ParameterUsage>();
        if (firstYaml < 0)
        {
            _unreadable.Add(name);
            Error(sub.Heading.Line, $"Parameter -{name} has no ```yaml block (Type, Parameter Sets, Aliases, Required, Position, Default value, Accept pipeline input, Accept wildcard characters).");
            return new ParameterHelp(name, description, usages, sub.Heading.Line);
        }

        foreach (var block in sub.Blocks.Skip(firstYaml))
        {
            if (block is FenceBlock fence && fence.Info.Equals("yaml", StringComparison.OrdinalIgnoreCase))
            {
                var usage = Usage(name, fence, syntax);
                if (usage is null)
                {
                    _unreadable.Add(name);
                }
                else
                {
                    if (usages.Any(u => Overlaps(u, usage, syntax)))
                    {
                        Error(fence.Line, $"Parameter -{name} has two ```yaml blocks for the same parameter set.");
                    }

                    usages.Add(usage);
                }
            }
            else
            {
                Error(block.Line, $"Unexpected text after the ```yaml block of -{name}; the description goes before it.");
            }
        }

        return new ParameterHelp(name, description, usages, sub.Heading.Line);
    }

    private static bool Overlaps(ParameterUsage a, ParameterUsage b, List<SyntaxSet> syntax) =>
        syntax.Any(s => a.AppliesTo(s.Name) && b.AppliesTo(s.Name));

    private ParameterUsage? Usage(string name, FenceBlock fence, List<SyntaxSet> syntax)
    {
        var values = new Dictionary<string, (string Value, int Line)>(StringComparer.OrdinalIgnoreCase);
        bool ok = true;
        for (int i = 0; i < fence.Lines.Count; i++)
        {
            string raw = fence.Lines[i];
            int line = fence.Line + 1 + i;
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            int colon = raw.IndexOf(':', StringComparison.Ordinal);
            string key = colon < 0 ? raw.Trim() : raw[..colon].Trim();
            if (colon < 0 || (IndexOf(YamlKeys, key) < 0 && !key.Equals(AcceptedValuesKey, StringComparison.OrdinalIgnoreCase)))
            {
                Error(line, $"Unknown key '{key}' in the yaml block of -{name}; the keys are {string.Join(", ", YamlKeys)} (and optionally {AcceptedValuesKey}).");
                ok = false;
                continue;
            }

            if (!values.TryAdd(key, (raw[(colon + 1)..].Trim(), line)))
            {
                Error(line, $"Key '{key}' appears twice in the yaml block of -{name}.");
                ok = false;
            }
        }

        foreach (string key in YamlKeys)
        {
            if (!values.ContainsKey(key))
            {
                Error(fence.Line, $"The yaml block of -{name} has no '{key}:' line.");
                ok = false;
            }
        }

        if (!ok)
        {
            return null;
        }

        string type = values["Type"].Value;
        if (type.Length == 0)
        {
            Error(values["Type"].Line, $"-{name} has an empty 'Type:'.");
        }

        var sets = SetNames(name, values["Parameter Sets"], syntax);
        bool required = Bool(name, "Required", values["Required"]);
        int? position = Position(name, values["Position"]);
        var (byValue, byPropertyName) = Pipeline(name, values["Accept pipeline input"]);
        bool wildcards = Bool(name, "Accept wildcard characters", values["Accept wildcard characters"]);
        string defaultValue = values["Default value"].Value;
        var aliases = List(values["Aliases"].Value);
        var accepted = values.TryGetValue(AcceptedValuesKey, out var av) ? List(av.Value) : [];
        return new ParameterUsage(type, sets, aliases, required, position, defaultValue, byValue, byPropertyName, wildcards, accepted, fence.Line);
    }

    private List<string> SetNames(string name, (string Value, int Line) entry, List<SyntaxSet> syntax)
    {
        if (entry.Value == "(All)")
        {
            return [];
        }

        var sets = List(entry.Value);
        if (sets.Count == 0)
        {
            Error(entry.Line, $"-{name} has an empty 'Parameter Sets:'; write (All) or the set names.");
        }

        foreach (string set in sets)
        {
            if (syntax.Count > 0 && !syntax.Any(s => string.Equals(s.Name, set, StringComparison.OrdinalIgnoreCase)))
            {
                Error(entry.Line, $"-{name} names parameter set '{set}', which has no '### {set}' under '## SYNTAX'.");
            }
        }

        return sets;
    }

    private static List<string> List(string value) =>
        value.Length == 0 || value.Equals("None", StringComparison.OrdinalIgnoreCase)
            ? []
            : value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();

    private bool Bool(string name, string key, (string Value, int Line) entry)
    {
        if (bool.TryParse(entry.Value, out bool result))
        {
            return result;
        }

        Error(entry.Line, $"'{key}: {entry.Value}' of -{name} must be True or False.");
        return false;
    }

    private int? Position(string name, (string Value, int Line) entry)
    {
        if (entry.Value.Equals("Named", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (int.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int position))
        {
            return position;
        }

        Error(entry.Line, $"'Position: {entry.Value}' of -{name} must be Named or a number.");
        return null;
    }

    private (bool ByValue, bool ByPropertyName) Pipeline(string name, (string Value, int Line) entry)
    {
        string value = entry.Value;
        if (value.Equals("False", StringComparison.OrdinalIgnoreCase))
        {
            return (false, false);
        }

        var m = Regex.Match(value, @"^True \(([A-Za-z, ]+)\)$", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        if (m.Success)
        {
            var kinds = m.Groups[1].Value.Split(',').Select(k => k.Trim()).ToList();
            bool byValue = kinds.Contains("ByValue", StringComparer.OrdinalIgnoreCase);
            bool byName = kinds.Contains("ByPropertyName", StringComparer.OrdinalIgnoreCase);
            if (kinds.Count == (byValue ? 1 : 0) + (byName ? 1 : 0) && kinds.Count > 0)
            {
                return (byValue, byName);
            }
        }

        Error(entry.Line, $"'Accept pipeline input: {value}' of -{name} must be False, True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue).");
        return (false, false);
    }

    private void CheckSyntaxAgainstParameters(string command, List<SyntaxSet> syntax, List<ParameterHelp> parameters)
    {
        foreach (var set in syntax)
        {
            if (!set.Line.StartsWith(command + " ", StringComparison.Ordinal) && set.Line != command)
            {
                Error(set.SourceLine, $"The syntax line of '{set.Name}' must start with '{command}'.");
            }

            var documented = parameters.Where(p => p.Usages.Any(u => u.AppliesTo(set.Name))).Select(p => p.Name).ToList();
            foreach (string missing in documented.Where(d => !set.ParameterNames.Contains(d, StringComparer.OrdinalIgnoreCase)))
            {
                Error(set.SourceLine, $"The syntax of '{set.Name}' lacks -{missing}, whose yaml puts it in this set.");
            }

            foreach (string extra in set.ParameterNames.Where(n => !documented.Contains(n, StringComparer.OrdinalIgnoreCase) && !_unreadable.Contains(n)))
            {
                Error(set.SourceLine, parameters.Any(p => string.Equals(p.Name, extra, StringComparison.OrdinalIgnoreCase))
                    ? $"The syntax of '{set.Name}' shows -{extra}, but its yaml does not put it in this set."
                    : $"The syntax of '{set.Name}' shows -{extra}, which has no '### -{extra}' under '## PARAMETERS'.");
            }
        }
    }

    private List<TypeHelp> Types(Section section)
    {
        NoOwnBlocks(section, "each type goes under a '### TypeName' heading ('### None' when there is none)");
        if (section.Subsections.Count == 0)
        {
            Error(section.Heading.Line, $"'## {section.Title}' names no type; write '### TypeName' (or '### None') and a sentence.");
        }

        return section.Subsections
            .Select(s => new TypeHelp(s.Heading.Title.Trim(), s.Blocks.Select(MarkdownPage.ParagraphText).ToList()))
            .ToList();
    }

    private List<RelatedLink> Links(Section section)
    {
        NoSubsections(section);
        var links = new List<RelatedLink>();
        foreach (var block in section.Blocks)
        {
            if (block is not ParagraphBlock paragraph)
            {
                Error(block.Line, "'## RELATED LINKS' holds only markdown links, one per line.");
                continue;
            }

            for (int i = 0; i < paragraph.Lines.Count; i++)
            {
                var m = LinkPattern().Match(paragraph.Lines[i].Trim());
                if (!m.Success)
                {
                    Error(paragraph.Line + i, $"'{paragraph.Lines[i].Trim()}' is not a markdown link '[Text](target)'.");
                    continue;
                }

                string text = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[3].Value;
                string target = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[4].Value;
                links.Add(new RelatedLink(text, IsWebLink(target) ? target : string.Empty));
            }
        }

        return links;
    }

    private static bool IsWebLink(string target) =>
        Uri.TryCreate(target, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private void NoSubsections(Section section)
    {
        foreach (var sub in section.Subsections)
        {
            Error(sub.Heading.Line, $"Unknown heading '### {sub.Heading.Title}': '## {section.Title}' has no subsections.");
        }
    }

    private void NoOwnBlocks(Section section, string rule)
    {
        foreach (var block in section.Blocks)
        {
            Error(block.Line, $"Unexpected text directly under '## {section.Title}': {rule}.");
        }
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
