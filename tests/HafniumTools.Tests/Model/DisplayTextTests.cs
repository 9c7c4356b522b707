using System;
using System.Linq;
using System.Text;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Model;

public class DisplayTextTests
{
    [Fact]
    public void No_character_that_can_steer_a_terminal_survives_escaping()
    {
        var all = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++)
        {
            if (!char.IsSurrogate((char)c))
            {
                all.Append((char)c);
            }
        }

        string shown = DisplayText.Escape(all.ToString())!;

        Assert.DoesNotContain(shown, c => char.IsControl(c));
        Assert.DoesNotContain(shown, c => c is '\u202E' or '\u202D' or '\u2066' or '\u2067' or '\u2068' or '\u200B' or '\u2028');
        Assert.False(DisplayText.NeedsEscaping(shown));
    }

    [Theory]
    [InlineData("a\u001b[2K.aspx", "a\u241b[2K.aspx")]
    [InlineData("\u001b]0;owned\u0007", "\u241b]0;owned\u2407")]
    [InlineData("line\rover", "line\u240dover")]
    [InlineData("csi\u009b2J", "csi\\x9b2J")]
    [InlineData("gpj.\u202Eexe", "gpj.\\u202eexe")]
    [InlineData("del\u007f", "del\u2421")]
    [InlineData("plain C:\\inetpub\\wwwroot\\é.aspx", "plain C:\\inetpub\\wwwroot\\é.aspx")]
    public void Control_characters_are_shown_visibly(string raw, string shown) =>
        Assert.Equal(shown, DisplayText.Escape(raw));

    [Fact]
    public void Display_escapes_strings_and_lists_and_passes_other_values_through()
    {
        var when = new DateTime(2021, 3, 3, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(when, DisplayText.Display(when));
        Assert.Equal(Severity.Critical, DisplayText.Display(Severity.Critical));
        Assert.Equal("a\u241b, b", DisplayText.Display(new TextList(["a\u001b", "b"])));
        Assert.Null(DisplayText.Display(null));
    }

    [Fact]
    public void A_findings_text_shows_the_escape_and_its_property_keeps_the_raw_name()
    {
        var rule = new DetectionRule("HT-WS-999", FindingCategory.FileSystem, Severity.Critical, Verdict.Compromise, "Web shell", "why", "test");
        var finding = new Finding(rule, "EX01") { Path = "/x/a\u001b[2K.aspx" };

        Assert.DoesNotContain('\u001b', finding.ToString());
        Assert.Contains("a\u241b[2K.aspx", finding.ToString(), StringComparison.Ordinal);
        Assert.Contains('\u001b', finding.Path);
        Assert.Contains('\u001b', finding.Evidence);
    }
}
