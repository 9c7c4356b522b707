using System;
using System.Globalization;
using System.Text;

namespace HafniumTools.Reporting;

/// <summary>
/// Writes HTML in which markup comes only from the module's own constants: tag and attribute names are checked to be
/// plain names, and every text and attribute value goes through <see cref="VisibleText"/> and is escaped. Evidence
/// strings can therefore never become markup, whatever they contain.
/// </summary>
internal sealed class HtmlBuilder
{
    private readonly StringBuilder _html = new();

    public override string ToString() => _html.ToString();

    /// <summary>An opening tag; attributes are name/value pairs, a null value leaves the attribute out, an empty one writes it bare.</summary>
    public HtmlBuilder Open(string tag, params (string Name, string? Value)[] attributes)
    {
        _html.Append('<').Append(CheckName(tag));
        foreach (var (name, value) in attributes)
        {
            if (value is null)
            {
                continue;
            }

            _html.Append(' ').Append(CheckName(name));
            if (value.Length > 0)
            {
                _html.Append("=\"");
                Escape(VisibleText.Of(value, keepLineBreaks: true));
                _html.Append('"');
            }
        }

        _html.Append('>');
        return this;
    }

    public HtmlBuilder Close(string tag)
    {
        _html.Append("</").Append(CheckName(tag)).Append('>');
        return this;
    }

    /// <summary>An element holding one text.</summary>
    public HtmlBuilder Element(string tag, string? text, params (string Name, string? Value)[] attributes) =>
        Open(tag, attributes).Text(text).Close(tag);

    /// <summary>Text on one line: line breaks and other controls are shown as symbols.</summary>
    public HtmlBuilder Text(string? text)
    {
        Escape(VisibleText.Of(text));
        return this;
    }

    /// <summary>Text that keeps its line breaks (for a <c>pre</c> element).</summary>
    public HtmlBuilder Lines(string? text)
    {
        Escape(VisibleText.Of(text, keepLineBreaks: true));
        return this;
    }

    /// <summary>
    /// Text cut at <paramref name="limit"/> characters, with the whole of it a click away (a details element) when it
    /// is longer, so that a 4 KB user agent does not flood a table and nothing is lost.
    /// </summary>
    public HtmlBuilder Capped(string? text, int limit)
    {
        string visible = VisibleText.Of(text);
        if (visible.Length <= limit)
        {
            Escape(visible);
            return this;
        }

        int cut = char.IsHighSurrogate(visible[limit - 1]) ? limit - 1 : limit;
        Open("details", ("class", "more")).Open("summary");
        Escape(visible.Substring(0, cut));
        Text("\u2026 ").Element("span", string.Format(CultureInfo.InvariantCulture, "(all {0:N0} characters)", visible.Length), ("class", "hint"));
        Close("summary").Open("div", ("class", "full"));
        Escape(visible);
        return Close("div").Close("details");
    }

    /// <summary>Markup the module itself wrote (the document's style sheet and script): never evidence.</summary>
    public HtmlBuilder Trusted(string markup)
    {
        _html.Append(markup);
        return this;
    }

    private void Escape(string text)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': _html.Append("&amp;"); break;
                case '<': _html.Append("&lt;"); break;
                case '>': _html.Append("&gt;"); break;
                case '"': _html.Append("&quot;"); break;
                case '\'': _html.Append("&#39;"); break;
                default: _html.Append(c); break;
            }
        }
    }

    private static string CheckName(string name)
    {
        foreach (char c in name ?? throw new ArgumentNullException(nameof(name)))
        {
            if (!(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                throw new ArgumentException("'" + name + "' is not a plain tag or attribute name.", nameof(name));
            }
        }

        return name.Length > 0 ? name : throw new ArgumentException("A tag or attribute name is empty.", nameof(name));
    }
}
