using HafniumTools.Reporting;
using Xunit;

namespace HafniumTools.Tests.Reporting;

public class VisibleTextTests
{
    [Theory]
    [InlineData("\u001b[31mred\u001b[0m", "\u241b[31mred\u241b[0m")]
    [InlineData("a\u0000b\u0007c\u007f", "a\u2400b\u2407c\u2421")]
    [InlineData("line\nbreak\ttab\r", "line\u240abreak\u2409tab\u240d")]
    [InlineData("c1\u009bcsi", "c1\\x9Bcsi")]
    [InlineData("\u202egnp.exe", "\u27e8U+202E\u27e9gnp.exe")]
    [InlineData("zero\u200bwidth\ufeff", "zero\u27e8U+200B\u27e9width\u27e8U+FEFF\u27e9")]
    [InlineData("sep\u2028\u2029", "sep\u27e8U+2028\u27e9\u27e8U+2029\u27e9")]
    public void Control_invisible_and_broken_characters_are_made_visible(string text, string visible) =>
        Assert.Equal(visible, VisibleText.Of(text));

    [Fact]
    public void A_lone_surrogate_becomes_the_replacement_character()
    {
        Assert.Equal("a\ufffdb\ufffdc\ufffd", VisibleText.Of("a\ud800b\udc00c\ud83d"));
    }

    [Fact]
    public void Ordinary_text_emoji_and_accents_are_returned_as_they_are()
    {
        const string Text = "Mozilla/5.0 (Windows NT 10.0) caf\u00e9 \ud83d\ude00 \u4e2d\u6587 <b>&amp;";

        Assert.Same(Text, VisibleText.Of(Text));
    }

    [Fact]
    public void Line_breaks_and_tabs_stay_where_asked_and_a_crlf_becomes_one_break()
    {
        Assert.Equal("a\nb\tc\nd\u241b", VisibleText.Of("a\r\nb\tc\nd\u001b", keepLineBreaks: true));
        Assert.Equal("a\u240d\u240ab", VisibleText.Of("a\r\nb"));
        Assert.Equal("a\u240db", VisibleText.Of("a\rb", keepLineBreaks: true));
    }

    [Fact]
    public void Null_and_empty_are_empty() => Assert.Equal(string.Empty, VisibleText.Of(null) + VisibleText.Of(string.Empty));
}
