using System;
using HafniumTools.Reporting;
using Xunit;

namespace HafniumTools.Tests.Reporting;

public class HtmlBuilderTests
{
    [Fact]
    public void Text_is_escaped_so_that_no_markup_can_start()
    {
        string html = new HtmlBuilder().Element("td", "<script>alert('1')</script> & \"x\"").ToString();

        Assert.Equal("<td>&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt; &amp; &quot;x&quot;</td>", html);
    }

    [Fact]
    public void Attribute_values_cannot_end_the_attribute_or_the_tag()
    {
        string html = new HtmlBuilder().Open("span", ("title", "\"><svg onload=alert(1)>'"), ("class", null), ("hidden", string.Empty)).ToString();

        Assert.Equal("<span title=\"&quot;&gt;&lt;svg onload=alert(1)&gt;&#39;\" hidden>", html);
    }

    [Fact]
    public void Control_characters_are_written_as_symbols_in_text_and_attributes()
    {
        string html = new HtmlBuilder().Element("td", "\u001b[2J\u202e", ("title", "\u001b")).ToString();

        Assert.Equal("<td title=\"\u241b\">\u241b[2J\u27e8U+202E\u27e9</td>", html);
    }

    [Fact]
    public void Lines_keep_their_breaks_for_a_pre_element()
    {
        Assert.Equal("a\n&lt;b&gt;\u241b", new HtmlBuilder().Lines("a\r\n<b>\u001b").ToString());
    }

    [Theory]
    [InlineData("scr\"ipt")]
    [InlineData("a b")]
    [InlineData("td>")]
    [InlineData("TD")]
    [InlineData("")]
    public void Tag_and_attribute_names_must_be_plain_names(string name)
    {
        Assert.Throws<ArgumentException>(() => new HtmlBuilder().Open(name));
        Assert.Throws<ArgumentException>(() => new HtmlBuilder().Open("td", (name, "x")));
    }

    [Fact]
    public void Short_text_is_written_whole()
    {
        Assert.Equal("&lt;12345&gt;", new HtmlBuilder().Capped("<12345>", 7).ToString());
    }

    [Fact]
    public void Long_text_shows_its_start_with_the_whole_of_it_in_a_details_element()
    {
        string html = new HtmlBuilder().Capped("<abcdefghij>", 5).ToString();

        Assert.Equal(
            "<details class=\"more\"><summary>&lt;abcd\u2026 <span class=\"hint\">(all 12 characters)</span></summary><div class=\"full\">&lt;abcdefghij&gt;</div></details>",
            html);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        string html = new HtmlBuilder().Capped("abcd\ud83d\ude00xyz", 5).ToString();

        Assert.Contains("<summary>abcd\u2026", html, StringComparison.Ordinal);
    }
}
