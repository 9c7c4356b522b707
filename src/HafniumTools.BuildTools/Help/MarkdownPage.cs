using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace HafniumTools.BuildTools.Help;

internal sealed record Subsection(HeadingBlock Heading, IReadOnlyList<MarkdownBlock> Blocks);

internal sealed record Section(HeadingBlock Heading, IReadOnlyList<MarkdownBlock> Blocks, IReadOnlyList<Subsection> Subsections)
{
    public string Title => Heading.Title;
}

/// <summary>
/// The outline shared by cmdlet pages and about topics: optional YAML front matter, one <c># Title</c>, then
/// <c>## Section</c>s holding blocks and <c>### Subsection</c>s. Deeper headings are not part of either layout.
/// </summary>
internal sealed partial class MarkdownPage
{
    private MarkdownPage(Dictionary<string, (string Value, int Line)> frontMatter, HeadingBlock title, List<Section> sections)
    {
        FrontMatter = frontMatter;
        Title = title;
        Sections = sections;
    }

    public IReadOnlyDictionary<string, (string Value, int Line)> FrontMatter { get; }

    public HeadingBlock Title { get; }

    public IReadOnlyList<Section> Sections { get; }

    [GeneratedRegex(@"^([A-Za-z][A-Za-z ]*?)[ \t]*:[ \t]*(.*?)[ \t]*$")]
    private static partial Regex KeyValuePattern();

    public static MarkdownPage Parse(string text)
    {
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var frontMatter = new Dictionary<string, (string, int)>(StringComparer.OrdinalIgnoreCase);
        int bodyStart = 0;
        if (lines.Length > 0 && lines[0].TrimEnd() == "---")
        {
            int end = Array.FindIndex(lines, 1, l => l.TrimEnd() == "---");
            if (end < 0)
            {
                throw new HelpSourceException(1, "The YAML front matter opened on line 1 is never closed with '---'.");
            }

            for (int i = 1; i < end; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i]))
                {
                    continue;
                }

                var kv = KeyValuePattern().Match(lines[i]);
                if (!kv.Success)
                {
                    throw new HelpSourceException(i + 1, $"Front matter line '{lines[i].Trim()}' is not 'key: value'.");
                }

                frontMatter[kv.Groups[1].Value] = (kv.Groups[2].Value, i + 1);
            }

            bodyStart = end + 1;
        }

        var blocks = MarkdownBlocks.Parse(lines[bodyStart..], bodyStart + 1);
        return Outline(frontMatter, blocks);
    }

    private static MarkdownPage Outline(Dictionary<string, (string, int)> frontMatter, List<MarkdownBlock> blocks)
    {
        if (blocks.Count == 0 || blocks[0] is not HeadingBlock { Level: 1 } title)
        {
            int line = blocks.Count == 0 ? 1 : blocks[0].Line;
            throw new HelpSourceException(line, "Expected the page title as a '# Name' heading before any other content.");
        }

        var sections = new List<Section>();
        int index = 1;
        if (index < blocks.Count && blocks[index] is not HeadingBlock)
        {
            throw new HelpSourceException(blocks[index].Line, "Unexpected text between the '# Title' and the first '## ' section.");
        }

        while (index < blocks.Count)
        {
            var heading = (HeadingBlock)blocks[index];
            if (heading.Level != 2)
            {
                throw new HelpSourceException(heading.Line, heading.Level == 1
                    ? $"Unknown heading '# {heading.Title}': a page has exactly one '# ' title."
                    : $"Unknown heading '{new string('#', heading.Level)} {heading.Title}': expected a '## ' section here.");
            }

            index++;
            var own = TakeUntilHeading(blocks, ref index);
            var subsections = new List<Subsection>();
            while (index < blocks.Count && blocks[index] is HeadingBlock { Level: >= 3 } sub)
            {
                if (sub.Level > 3)
                {
                    throw new HelpSourceException(sub.Line, $"Unknown heading '{new string('#', sub.Level)} {sub.Title}': the help layout has no headings below '###'.");
                }

                index++;
                subsections.Add(new Subsection(sub, TakeUntilHeading(blocks, ref index)));
            }

            sections.Add(new Section(heading, own, subsections));
        }

        return new MarkdownPage(frontMatter, title, sections);
    }

    private static List<MarkdownBlock> TakeUntilHeading(List<MarkdownBlock> blocks, ref int index)
    {
        var taken = new List<MarkdownBlock>();
        while (index < blocks.Count && blocks[index] is not HeadingBlock)
        {
            taken.Add(blocks[index]);
            index++;
        }

        return taken;
    }

    /// <summary>Paragraph text for MAML: soft-wrapped lines joined with spaces, list items and table rows kept on their own lines.</summary>
    public static string ParagraphText(MarkdownBlock block) => block switch
    {
        ParagraphBlock p => JoinParagraph(p.Lines),
        FenceBlock f => string.Join("\n", f.Lines),
        _ => throw new ArgumentException("Headings have no paragraph text.", nameof(block)),
    };

    private static string JoinParagraph(IReadOnlyList<string> lines)
    {
        var result = new List<string>();
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (result.Count == 0 || StartsOwnLine(line))
            {
                result.Add(line);
            }
            else
            {
                result[^1] += " " + line;
            }
        }

        return string.Join("\n", result);
    }

    internal static bool StartsOwnLine(string trimmedLine) =>
        trimmedLine.StartsWith("- ", StringComparison.Ordinal)
        || trimmedLine.StartsWith("* ", StringComparison.Ordinal)
        || trimmedLine.StartsWith('|')
        || ListNumberPattern().IsMatch(trimmedLine);

    [GeneratedRegex(@"^\d+[.)] ")]
    private static partial Regex ListNumberPattern();

    /// <summary>All lines of the given blocks with the line number of each, for placeholder and text checks.</summary>
    public static IEnumerable<(int Line, string Text)> LinesOf(IEnumerable<MarkdownBlock> blocks) =>
        blocks.SelectMany(b => b switch
        {
            ParagraphBlock p => p.Lines.Select((l, i) => (p.Line + i, l)),
            FenceBlock f => f.Lines.Select((l, i) => (f.Line + 1 + i, l)),
            HeadingBlock h => [(h.Line, h.Title)],
            _ => [],
        });
}
