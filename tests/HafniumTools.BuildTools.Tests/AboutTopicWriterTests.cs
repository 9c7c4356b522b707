using System;
using System.Linq;
using HafniumTools.BuildTools.Help;
using Xunit;
using static HafniumTools.BuildTools.Tests.TestFiles;

namespace HafniumTools.BuildTools.Tests;

public class AboutTopicWriterTests
{
    private const string Page = """
        ---
        external help file:
        Module Name: HafniumTools
        online version:
        schema: 2.0.0
        ---

        # about_Contoso

        ## SHORT DESCRIPTION
        Explains `Contoso`, a **short** thing.

        ## LONG DESCRIPTION
        A long paragraph that certainly needs wrapping because it goes on well past the eighty column limit of an about topic, twice over, so that we see at least three lines.

        ### Using it
        - a first item that is long enough to wrap onto a second line when rendered at eighty columns
        - a second item with a [link](https://example.org/x)

        ```powershell
        Get-Contoso | Where-Object Name -eq 'x'
        ```

        | Name | Meaning |
        |------|---------|
        | A    | first   |

        ## SEE ALSO
        about_HafniumTools
        """;

    private static string[] Compile(string page)
    {
        string? text = AboutTopicWriter.Compile(page.Replace("\r\n", "\n", StringComparison.Ordinal), "about_Contoso", out var errors);
        Assert.Empty(errors);
        return text!.Split(Environment.NewLine);
    }

    [Fact]
    public void Layout_is_topic_then_sections_with_indented_text()
    {
        var lines = Compile(Page);

        Assert.Equal("TOPIC", lines[0]);
        Assert.Equal("    about_Contoso", lines[1]);
        Assert.Equal(string.Empty, lines[2]);
        Assert.Equal("SHORT DESCRIPTION", lines[3]);
        Assert.Equal("    Explains Contoso, a short thing.", lines[4]);
        Assert.Contains("LONG DESCRIPTION", lines);
        Assert.Contains("  USING IT", lines);
        Assert.Contains("SEE ALSO", lines);
        Assert.True(Array.IndexOf(lines, "LONG DESCRIPTION") < Array.IndexOf(lines, "SEE ALSO"));
    }

    [Fact]
    public void Text_is_wrapped_at_80_columns_without_losing_words()
    {
        var lines = Compile(Page);
        int start = Array.IndexOf(lines, "LONG DESCRIPTION") + 1;
        var paragraph = lines.Skip(start).TakeWhile(l => l.Length > 0).ToList();

        Assert.True(paragraph.Count >= 3);
        Assert.All(lines, l => Assert.True(l.Length <= AboutTopicWriter.Width, $"'{l}' is longer than 80."));
        Assert.All(paragraph, l => Assert.StartsWith("    ", l, StringComparison.Ordinal));
        Assert.Equal(
            "A long paragraph that certainly needs wrapping because it goes on well past the eighty column limit of an about topic, twice over, so that we see at least three lines.",
            string.Join(" ", paragraph.Select(l => l.Trim())));
    }

    [Fact]
    public void List_items_hang_code_is_verbatim_tables_are_kept_links_show_targets()
    {
        var lines = Compile(Page);

        int item = Array.FindIndex(lines, l => l.StartsWith("    - a first item", StringComparison.Ordinal));
        Assert.True(item > 0);
        Assert.StartsWith("      ", lines[item + 1], StringComparison.Ordinal);
        Assert.Contains("    - a second item with a link (https://example.org/x)", lines);
        Assert.Contains("        Get-Contoso | Where-Object Name -eq 'x'", lines);
        Assert.Contains("    Name  Meaning", lines);
        Assert.Contains("    A  first", lines);
        Assert.DoesNotContain(lines, l => l.Contains("|--", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("## SHORT DESCRIPTION", "## SUMMARY", "## SUMMARY", "Missing section '## SHORT DESCRIPTION'")]
    [InlineData("## SEE ALSO", "## See also", "## See also", "Unknown heading '## See also'")]
    [InlineData("### Using it", "#### Using it", "#### Using it", "Unknown heading '#### Using it'")]
    [InlineData("# about_Contoso", "# about_Other", "# about_Other", "does not match the file name 'about_Contoso.md'")]
    [InlineData("Get-Contoso | Where-Object Name -eq 'x'", "Get-Contoso | Where-Object Name -eq 'a value long enough to overflow the 72 columns'", "Get-Contoso | Where-Object", "Code line is")]
    [InlineData("## SEE ALSO\nabout_HafniumTools", "## SEE ALSO\n", "## SEE ALSO", "Section '## SEE ALSO' is empty")]
    public void Malformed_about_pages_are_refused_with_their_line(string find, string replace, string lineText, string message)
    {
        string page = ReplaceOnce(Page.Replace("\r\n", "\n", StringComparison.Ordinal), find, replace);

        string? text = AboutTopicWriter.Compile(page, "about_Contoso", out var errors);

        Assert.Null(text);
        Assert.Contains(errors, e => e.Line == LineOf(page, lineText) && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Wrap_keeps_words_in_order_and_lines_within_width_for_random_text()
    {
        var random = new Random(2021);
        for (int round = 0; round < 300; round++)
        {
            var words = Enumerable.Range(0, random.Next(0, 120))
                .Select(_ => new string('x', random.Next(1, random.Next(10) == 0 ? 95 : 12)))
                .ToArray();

            var lines = AboutTopicWriter.Wrap(string.Join(" ", words), "    - ", "      ").ToList();

            Assert.Equal(words, lines.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(w => w != "-"));
            Assert.All(lines, l => Assert.True(l.Length <= AboutTopicWriter.Width || !l.Trim().TrimStart('-').Trim().Contains(' ', StringComparison.Ordinal),
                "Only a single over-long word may exceed the width."));
        }
    }

    [Fact]
    public void Plain_drops_inline_markup()
    {
        Assert.Equal("Run Get-Help, see Docs (https://example.org) and about_X.", AboutTopicWriter.Plain("Run `Get-Help`, see [Docs](https://example.org) and [about_X]()."));
        Assert.Equal("bold and code", AboutTopicWriter.Plain("**bold** and `code`"));
    }
}
