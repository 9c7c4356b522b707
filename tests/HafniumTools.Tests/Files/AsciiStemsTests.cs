using System;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using HafniumTools.Files;
using Xunit;

namespace HafniumTools.Tests.Files;

public class AsciiStemsTests
{
    private static readonly string[] Words = ["eval", "execute", "file.", "_0x", "sqlcommand", "adodb", "directory", "process"];

    [Theory]
    [InlineData("x = EVAL(y)", true)]
    [InlineData("ExEcUtE", true)]
    [InlineData("System.IO.File.Delete(p)", true)]
    [InlineData("var _0x1f2e = 1;", true)]
    [InlineData("new SqlCommand(q)", true)]
    [InlineData("ADODB.Connection", true)]
    [InlineData("directory", true)]
    [InlineData("eva", false)]
    [InlineData("filex", false)]
    [InlineData("File", false)]
    [InlineData("_0", false)]
    [InlineData("", false)]
    [InlineData("Proce\u017Fs", false)] // a long s is not an ASCII s: no server language reads it as one
    public void Finds_a_word_in_any_ascii_case_and_nothing_else(string text, bool expected) =>
        Assert.Equal(expected, new AsciiStems(Words).IsFoundIn(text));

    [Fact]
    public void Agrees_with_a_case_insensitive_alternation_on_generated_text()
    {
        var stems = new AsciiStems(Words);
        var regex = new Regex(string.Join("|", Words.Select(Regex.Escape)), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var random = new Random(20210302);
        string[] pieces = ["ev", "al", "EXE", "cute", "fi", "le", ".", "_", "0x", "Sql", "comm", "and", "ado", "DB", "dir", "ectory", "proc", "ess", " ", "\n", "(", "x", "Q"];
        int found = 0;
        for (int i = 0; i < 5000; i++)
        {
            var text = new StringBuilder();
            int count = random.Next(0, 12);
            for (int k = 0; k < count; k++)
            {
                string piece = pieces[random.Next(pieces.Length)];
                text.Append(random.Next(2) == 0 ? piece : piece.ToUpperInvariant());
            }

            bool expected = regex.IsMatch(text.ToString());
            found += expected ? 1 : 0;
            Assert.True(expected == stems.IsFoundIn(text.ToString()), "disagree on '" + text + "'");
        }

        Assert.InRange(found, 100, 4900); // both outcomes were exercised
    }

    [Fact]
    public void Refuses_words_that_are_not_ascii() =>
        Assert.Throws<ArgumentException>(() => new AsciiStems(["caf\u00e9"]));

    [Fact]
    public void IndexOf_finds_the_first_place_a_word_starts_in_any_ascii_case_from_where_it_is_asked()
    {
        var random = new Random(20261206);
        string[] pieces = ["</", "script", "SCRIPT", "sCrIpT", "scrip", "<", "/", "t", "p", "P", " ", "\u017F", "x"];
        int found = 0;
        for (int i = 0; i < 5000; i++)
        {
            var text = new StringBuilder();
            for (int k = random.Next(0, 14); k > 0; k--)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            string t = text.ToString();
            int from = random.Next(0, t.Length + 1);
            int expected = AsciiFold(t).IndexOf("</script", from, StringComparison.Ordinal);
            found += expected >= 0 ? 1 : 0;
            Assert.True(expected == AsciiStems.IndexOf(t, "</script", from), $"disagree on '{t}' from {from}");
        }

        Assert.InRange(found, 100, 4900);
    }

    private static string AsciiFold(string text) =>
        new(text.Select(c => c >= 'A' && c <= 'Z' ? (char)(c + 32) : c).ToArray());
}
