using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace HafniumTools.Reporting;

/// <summary>
/// A minimal JSON writer (the module has no JSON package): objects, arrays, strings, numbers, booleans and null,
/// indented by two spaces. Strings are escaped so that the text is valid JSON and safe inside HTML or JavaScript too:
/// quotes, backslashes, control characters, <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, <c>'</c>, U+2028 and U+2029 become
/// <c>\uXXXX</c> escapes, and a lone surrogate becomes U+FFFD.
/// </summary>
internal sealed class JsonWriter(TextWriter writer)
{
    private readonly TextWriter _writer = writer ?? throw new ArgumentNullException(nameof(writer));

    /// <summary>For each open object or array: whether it has an item yet.</summary>
    private readonly Stack<bool> _open = new();

    private bool _afterName;

    public JsonWriter StartObject() => Start('{');

    public JsonWriter EndObject() => End('}');

    public JsonWriter StartArray() => Start('[');

    public JsonWriter EndArray() => End(']');

    public JsonWriter Name(string name)
    {
        BeforeValue();
        WriteString(name);
        _writer.Write(": ");
        _afterName = true;
        return this;
    }

    public JsonWriter Value(string? text)
    {
        BeforeValue();
        if (text is null)
        {
            _writer.Write("null");
        }
        else
        {
            WriteString(text);
        }

        return this;
    }

    public JsonWriter Value(long? number)
    {
        BeforeValue();
        _writer.Write(number is long n ? n.ToString(CultureInfo.InvariantCulture) : "null");
        return this;
    }

    /// <summary>A time as ISO 8601 UTC text (<c>2021-03-03T03:30:00Z</c>), or null.</summary>
    public JsonWriter Value(DateTime? time) =>
        Value(time is DateTime t ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : null);

    public JsonWriter Property(string name, string? text) => Name(name).Value(text);

    public JsonWriter Property(string name, long? number) => Name(name).Value(number);

    public JsonWriter Property(string name, DateTime? time) => Name(name).Value(time);

    public JsonWriter Property(string name, IEnumerable<string> texts)
    {
        Name(name).StartArray();
        foreach (string text in texts)
        {
            Value(text);
        }

        return EndArray();
    }

    private JsonWriter Start(char bracket)
    {
        BeforeValue();
        _writer.Write(bracket);
        _open.Push(false);
        return this;
    }

    private JsonWriter End(char bracket)
    {
        if (_open.Count == 0)
        {
            throw new InvalidOperationException("No object or array is open.");
        }

        if (_open.Pop())
        {
            NewLine();
        }

        _writer.Write(bracket);
        return this;
    }

    /// <summary>The comma and line break before a value, unless it follows its property's name.</summary>
    private void BeforeValue()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }

        if (_open.Count == 0)
        {
            return;
        }

        if (_open.Pop())
        {
            _writer.Write(',');
        }

        _open.Push(true);
        NewLine();
    }

    private void NewLine()
    {
        _writer.Write('\n');
        _writer.Write(new string(' ', 2 * _open.Count));
    }

    private void WriteString(string text)
    {
        _writer.Write('"');
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                _writer.Write(c);
                _writer.Write(text[++i]);
                continue;
            }

            switch (c)
            {
                case '"': _writer.Write("\\\""); break;
                case '\\': _writer.Write("\\\\"); break;
                case '\n': _writer.Write("\\n"); break;
                case '\r': _writer.Write("\\r"); break;
                case '\t': _writer.Write("\\t"); break;
                case < ' ' or (>= '\u007f' and <= '\u009f') or '<' or '>' or '&' or '\'' or '\u2028' or '\u2029':
                    _writer.Write("\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                case var _ when char.IsSurrogate(c): _writer.Write("\\ufffd"); break;
                default: _writer.Write(c); break;
            }
        }

        _writer.Write('"');
    }
}
