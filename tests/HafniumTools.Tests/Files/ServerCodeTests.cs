using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using HafniumTools.Files;
using Xunit;

namespace HafniumTools.Tests.Files;

public class ServerCodeTests
{
    [Fact]
    public void Server_spans_are_the_blocks_outside_script_elements_and_the_elements_in_order_of_start()
    {
        // Pages of <% %> blocks, comments, directives and server script elements (closed, unclosed, nested, any case),
        // against a plain model: every block, every element, then the blocks inside an element dropped, sorted by start.
        var random = new Random(20261206);
        string[] pieces =
        [
            "<% a %>", "<%= b %>", "<%-- c --%>", "<%@ Page Language=\"C#\" %>", "<script runat=\"server\">", "<SCRIPT RUNAT=server>",
            "</script>", "</SCRIPT>", "<script>", "text ", "<%", "%>", "\n", "<script runat='server' language=vb>",
        ];
        int elements = 0, dropped = 0;
        for (int round = 0; round < 3000; round++)
        {
            var page = new StringBuilder();
            for (int k = random.Next(0, 16); k > 0; k--)
            {
                page.Append(pieces[random.Next(pieces.Length)]);
            }

            string text = page.ToString();
            var expected = Model(text, out int scripts, out int inside);
            var actual = ServerCode.Extract(text, "page.aspx").Select(s => (s.Start, s.End)).ToList();

            Assert.True(expected.SequenceEqual(actual), "'" + text.Replace("\n", "\\n", StringComparison.Ordinal) + "': expected "
                + string.Join(" ", expected) + ", got " + string.Join(" ", actual));
            elements += scripts;
            dropped += inside;
        }

        Assert.True(elements > 1000 && dropped > 100, $"{elements} script elements, {dropped} blocks inside one");
    }

    [Fact]
    public void A_page_of_thousands_of_blocks_and_elements_is_split_in_linear_time()
    {
        string text = string.Concat(Enumerable.Repeat("<% x %><script runat=server>y</script>", 20000));

        var spans = ServerCode.Extract(text, "big.aspx");

        Assert.Equal(40000, spans.Count);
        Assert.True(spans.Zip(spans.Skip(1), (a, b) => a.Start < b.Start).All(x => x));
    }

    private static List<(int Start, int End)> Model(string text, out int scripts, out int inside)
    {
        // Left to right: a comment or a directive is skipped whole; any other <% starts a block after its = : or #,
        // ending at the next %> (or the end of the text).
        var blocks = Regex.Matches(text, @"<%--.*?(?:--%>|\z)|<%@.*?(?:%>|\z)|<%[=:#]?(?<body>.*?)(?:%>|\z)", RegexOptions.Singleline)
            .Where(m => m.Groups["body"].Success)
            .Select(m => (Start: m.Groups["body"].Index, End: m.Groups["body"].Index + m.Groups["body"].Length))
            .ToList();

        var elements = Regex.Matches(text, @"<script\b[^>]*?\brunat\s*=\s*[""']?server\b[^>]*>", RegexOptions.IgnoreCase)
            .Select(m => m.Index + m.Length)
            .Select(start => (Start: start, End: text.IndexOf("</script", start, StringComparison.OrdinalIgnoreCase) is int c and >= 0 ? c : text.Length))
            .ToList();
        var kept = blocks.Where(b => !elements.Any(e => e.Start <= b.Start && b.End <= e.End)).ToList();
        scripts = elements.Count;
        inside = blocks.Count - kept.Count;
        return kept.Concat(elements).OrderBy(s => s.Start).ToList();
    }
}
