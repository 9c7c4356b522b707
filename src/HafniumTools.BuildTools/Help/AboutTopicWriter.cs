using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace HafniumTools.BuildTools.Help;

/// <summary>
/// Turns docs/about_*.md into the plain-text about topic Get-Help shows: TOPIC, SHORT DESCRIPTION and LONG
/// DESCRIPTION first, then any further upper-case sections (EXAMPLES, SEE ALSO, ...); headings in column 0,
/// text indented by four and wrapped at 80 columns, code indented by eight and kept verbatim.
/// </summary>
public static partial class AboutTopicWriter
{
    public const int Width = 80;
    private const string Indent = "    ";
    private const string CodeIndent = "        ";

    [GeneratedRegex(@"^[A-Z][A-Z0-9 ]*$")]
    private static partial Regex UpperCaseHeadingPattern();

    [GeneratedRegex(@"^about_[A-Za-z0-9_]+$")]
    private static partial Regex TopicNamePattern();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]*)\)")]
    private static partial Regex InlineLinkPattern();

    [GeneratedRegex(@"^(\s*)([-*]|\d+[.)])\s+(.*)$")]
    private static partial Regex ListItemPattern();

    /// <summary>Compiles one about page; returns null and fills <paramref name="errors"/> when it does not follow the layout.</summary>
    public static string? Compile(string markdown, string expectedName, out IReadOnlyList<(int Line, string Message)> errors)
    {
        var problems = new List<(int, string)>();
        string? text = null;
        try
        {
            text = Render(MarkdownPage.Parse(markdown), expectedName, problems);
        }
        catch (HelpSourceException e)
        {
            problems.Add((e.Line, e.Message));
        }

        errors = problems.OrderBy(p => p.Item1).ToArray();
        return errors.Count == 0 ? text : null;
    }

    private static string Render(MarkdownPage page, string expectedName, List<(int, string)> problems)
    {
        string name = page.Title.Title.Trim();
        if (!TopicNamePattern().IsMatch(name))
        {
            problems.Add((page.Title.Line, $"The title '# {name}' is not an about topic name (about_Name)."));
        }
        else if (!string.Equals(name, expectedName, StringComparison.Ordinal))
        {
            problems.Add((page.Title.Line, $"The title '# {name}' does not match the file name '{expectedName}.md'."));
        }

        string[] required = ["SHORT DESCRIPTION", "LONG DESCRIPTION"];
        for (int i = 0; i < required.Length; i++)
        {
            if (page.Sections.Count <= i || page.Sections[i].Title != required[i])
            {
                int line = page.Sections.Count > i ? page.Sections[i].Heading.Line : page.Title.Line;
                problems.Add((line, $"Missing section '## {required[i]}' (an about topic starts with ## SHORT DESCRIPTION, then ## LONG DESCRIPTION)."));
                return string.Empty;
            }
        }

        var output = new StringBuilder();
        output.Append("TOPIC\n").Append(Indent).Append(name).Append('\n');
        foreach (var section in page.Sections)
        {
            if (!UpperCaseHeadingPattern().IsMatch(section.Title))
            {
                problems.Add((section.Heading.Line, $"Unknown heading '## {section.Title}': about topic sections are upper case (SHORT DESCRIPTION, LONG DESCRIPTION, EXAMPLES, SEE ALSO, ...)."));
                continue;
            }

            if (section.Blocks.Count == 0 && section.Subsections.Count == 0)
            {
                problems.Add((section.Heading.Line, $"Section '## {section.Title}' is empty."));
            }

            output.Append('\n').Append(section.Title).Append('\n');
            RenderBlocks(section.Blocks, output, problems);
            foreach (var sub in section.Subsections)
            {
                output.Append('\n').Append("  ").Append(Plain(sub.Heading.Title).ToUpperInvariant()).Append('\n');
                RenderBlocks(sub.Blocks, output, problems);
            }
        }

        return output.ToString().Replace("\n", Environment.NewLine, StringComparison.Ordinal);
    }

    private static void RenderBlocks(IReadOnlyList<MarkdownBlock> blocks, StringBuilder output, List<(int, string)> problems)
    {
        bool first = true;
        foreach (var block in blocks)
        {
            if (!first)
            {
                output.Append('\n');
            }

            first = false;
            switch (block)
            {
                case FenceBlock fence:
                    for (int i = 0; i < fence.Lines.Count; i++)
                    {
                        string line = CodeIndent + fence.Lines[i].TrimEnd();
                        if (line.Length > Width)
                        {
                            problems.Add((fence.Line + 1 + i, $"Code line is {line.Length - CodeIndent.Length} characters; in the about topic it must fit in {Width - CodeIndent.Length} so the text stays within {Width} columns."));
                        }

                        output.Append(line.TrimEnd()).Append('\n');
                    }

                    break;
                case ParagraphBlock paragraph:
                    RenderParagraph(paragraph, output, problems);
                    break;
            }
        }
    }

    private static void RenderParagraph(ParagraphBlock paragraph, StringBuilder output, List<(int, string)> problems)
    {
        if (paragraph.Lines.All(l => l.TrimStart().StartsWith('|')))
        {
            for (int i = 0; i < paragraph.Lines.Count; i++)
            {
                string row = paragraph.Lines[i].Trim();
                if (IsTableRule(row))
                {
                    continue;
                }

                string line = Indent + string.Join("  ", row.Trim('|').Split('|').Select(c => Plain(c.Trim())));
                if (line.Length > Width)
                {
                    problems.Add((paragraph.Line + i, $"Table row is {line.Length} columns wide in the about topic; keep it within {Width}."));
                }

                output.Append(line.TrimEnd()).Append('\n');
            }

            return;
        }

        // Group the paragraph into items: a list item starts a new one; other lines continue the current one.
        var items = new List<(string Lead, string Text)>();
        foreach (string raw in paragraph.Lines)
        {
            var item = ListItemPattern().Match(raw);
            if (item.Success)
            {
                items.Add((item.Groups[2].Value == "*" ? "-" : item.Groups[2].Value, item.Groups[3].Value.Trim()));
            }
            else if (items.Count == 0)
            {
                items.Add((string.Empty, raw.Trim()));
            }
            else
            {
                items[^1] = (items[^1].Lead, items[^1].Text + " " + raw.Trim());
            }
        }

        foreach (var (lead, text) in items)
        {
            string firstPrefix = lead.Length == 0 ? Indent : Indent + lead + " ";
            string restPrefix = new(' ', firstPrefix.Length);
            foreach (string line in Wrap(Plain(text), firstPrefix, restPrefix))
            {
                output.Append(line).Append('\n');
            }
        }
    }

    private static bool IsTableRule(string row) => row.Trim('|', '-', ':', ' ').Length == 0;

    /// <summary>Greedy word wrap; a single word longer than the line (a long URL) gets a line of its own.</summary>
    public static IEnumerable<string> Wrap(string text, string firstPrefix, string restPrefix)
    {
        var line = new StringBuilder(firstPrefix);
        int prefixLength = firstPrefix.Length;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > prefixLength && line.Length + 1 + word.Length > Width)
            {
                yield return line.ToString();
                line.Clear().Append(restPrefix);
                prefixLength = restPrefix.Length;
            }

            if (line.Length > prefixLength)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > prefixLength)
        {
            yield return line.ToString();
        }
    }

    /// <summary>Markdown inline syntax as plain text: code spans and emphasis lose their markers, links show their target.</summary>
    public static string Plain(string text)
    {
        string withLinks = InlineLinkPattern().Replace(text, m =>
            m.Groups[2].Value.Length == 0 || m.Groups[2].Value == m.Groups[1].Value
                ? m.Groups[1].Value
                : string.Create(CultureInfo.InvariantCulture, $"{m.Groups[1].Value} ({m.Groups[2].Value})"));
        return withLinks.Replace("**", string.Empty, StringComparison.Ordinal).Replace("`", string.Empty, StringComparison.Ordinal);
    }
}
