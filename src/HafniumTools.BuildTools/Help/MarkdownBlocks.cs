using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace HafniumTools.BuildTools.Help;

/// <summary>A block of a markdown file: a heading, a paragraph (consecutive non-blank lines) or a fenced block.</summary>
internal abstract record MarkdownBlock(int Line);

internal sealed record HeadingBlock(int Line, int Level, string Title) : MarkdownBlock(Line);

internal sealed record ParagraphBlock(int Line, IReadOnlyList<string> Lines) : MarkdownBlock(Line);

internal sealed record FenceBlock(int Line, string Info, IReadOnlyList<string> Lines) : MarkdownBlock(Line);

/// <summary>
/// Splits markdown into the blocks the help layout is made of. Only what platyPS pages use: ATX headings,
/// fenced blocks (``` or ~~~) and paragraphs; everything inside a fence is verbatim.
/// </summary>
internal static partial class MarkdownBlocks
{
    [GeneratedRegex(@"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^[ ]{0,3}(`{3,}|~{3,})[ \t]*([^`]*?)[ \t]*$")]
    private static partial Regex FenceOpenPattern();

    /// <summary>Parses <paramref name="lines"/>, whose first element is line <paramref name="firstLine"/> of the file.</summary>
    public static List<MarkdownBlock> Parse(IReadOnlyList<string> lines, int firstLine)
    {
        var blocks = new List<MarkdownBlock>();
        var paragraph = new List<string>();
        int paragraphLine = 0;

        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                blocks.Add(new ParagraphBlock(paragraphLine, paragraph.ToArray()));
                paragraph.Clear();
            }
        }

        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            int lineNumber = firstLine + i;
            var fence = FenceOpenPattern().Match(line);
            if (fence.Success)
            {
                FlushParagraph();
                string marker = fence.Groups[1].Value;
                var content = new List<string>();
                int close = i + 1;
                while (close < lines.Count && !IsFenceClose(lines[close], marker))
                {
                    content.Add(lines[close]);
                    close++;
                }

                if (close >= lines.Count)
                {
                    throw new HelpSourceException(lineNumber, $"The fenced block opened here with {marker} is never closed.");
                }

                blocks.Add(new FenceBlock(lineNumber, fence.Groups[2].Value, content.ToArray()));
                i = close;
                continue;
            }

            var heading = HeadingPattern().Match(line);
            if (heading.Success)
            {
                FlushParagraph();
                blocks.Add(new HeadingBlock(lineNumber, heading.Groups[1].Value.Length, heading.Groups[2].Value));
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                FlushParagraph();
                continue;
            }

            if (paragraph.Count == 0)
            {
                paragraphLine = lineNumber;
            }

            paragraph.Add(line.TrimEnd());
        }

        FlushParagraph();
        return blocks;
    }

    private static bool IsFenceClose(string line, string marker)
    {
        string trimmed = line.Trim();
        return trimmed.Length >= marker.Length
            && trimmed.StartsWith(marker, StringComparison.Ordinal)
            && trimmed.TrimStart(marker[0]).Length == 0;
    }
}
