using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace HafniumTools.Core;

/// <summary>
/// A small, strict, dependency-free JSON reader (RFC 8259) for the module's data files: netstandard2.0 has no
/// JSON library we may ship. Rejects trailing commas, comments, duplicate member names, unescaped control
/// characters, lone surrogates and nesting deeper than <see cref="MaxDepth"/>; never recurses without a bound,
/// so hostile input fails with <see cref="JsonParseException"/> rather than a crash or a hang.
/// </summary>
internal sealed class JsonParser
{
    /// <summary>Deepest nesting of arrays and objects accepted.</summary>
    public const int MaxDepth = 64;

    private readonly string _text;
    private int _position;
    private int _line = 1;
    private int _lineStart;

    private JsonParser(string text) => _text = text;

    /// <summary>Parses a whole document (a leading byte order mark is allowed).</summary>
    /// <exception cref="JsonParseException">The text is not one well-formed JSON value.</exception>
    public static JsonValue Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var parser = new JsonParser(text);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            parser._position = 1;
            parser._lineStart = 1;
        }

        parser.SkipWhitespace();
        var value = parser.ReadValue("$", 0);
        parser.SkipWhitespace();
        if (parser._position < text.Length)
        {
            throw parser.Error("unexpected text after the end of the document", "$");
        }

        return value;
    }

    private int Column => _position - _lineStart + 1;

    private JsonValue ReadValue(string path, int depth)
    {
        if (_position >= _text.Length)
        {
            throw Error("unexpected end of document, a value was expected", path);
        }

        char c = _text[_position];
        return c switch
        {
            '{' => ReadObject(path, depth + 1),
            '[' => ReadArray(path, depth + 1),
            '"' => ReadStringValue(path),
            't' => ReadLiteral("true", JsonValue.CreateBoolean(true, path, _line, Column), path),
            'f' => ReadLiteral("false", JsonValue.CreateBoolean(false, path, _line, Column), path),
            'n' => ReadLiteral("null", JsonValue.CreateNull(path, _line, Column), path),
            _ when c == '-' || (c >= '0' && c <= '9') => ReadNumber(path),
            _ => throw Error($"unexpected character '{Printable(c)}', a value was expected", path),
        };
    }

    private JsonValue ReadObject(string path, int depth)
    {
        CheckDepth(depth, path);
        int line = _line, column = Column;
        _position++; // {
        var properties = new List<KeyValuePair<string, JsonValue>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            return JsonValue.CreateObject(properties, path, line, column);
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw Error("a member name in double quotes was expected", path);
            }

            string name = ReadString(path);
            string memberPath = path + "." + name;
            if (!seen.Add(name))
            {
                throw Error($"duplicate member name '{name}'", memberPath);
            }

            SkipWhitespace();
            Expect(':', memberPath);
            SkipWhitespace();
            properties.Add(new KeyValuePair<string, JsonValue>(name, ReadValue(memberPath, depth)));
            SkipWhitespace();
            char next = Peek();
            if (next == ',')
            {
                _position++;
                continue;
            }

            if (next == '}')
            {
                _position++;
                return JsonValue.CreateObject(properties, path, line, column);
            }

            throw Error("',' or '}' was expected after a member", memberPath);
        }
    }

    private JsonValue ReadArray(string path, int depth)
    {
        CheckDepth(depth, path);
        int line = _line, column = Column;
        _position++; // [
        var items = new List<JsonValue>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            return JsonValue.CreateArray(items, path, line, column);
        }

        while (true)
        {
            SkipWhitespace();
            string itemPath = path + "[" + items.Count.ToString(CultureInfo.InvariantCulture) + "]";
            items.Add(ReadValue(itemPath, depth));
            SkipWhitespace();
            char next = Peek();
            if (next == ',')
            {
                _position++;
                continue;
            }

            if (next == ']')
            {
                _position++;
                return JsonValue.CreateArray(items, path, line, column);
            }

            throw Error("',' or ']' was expected after an array element", itemPath);
        }
    }

    private JsonValue ReadStringValue(string path)
    {
        int line = _line, column = Column;
        return JsonValue.CreateString(ReadString(path), path, line, column);
    }

    private string ReadString(string path)
    {
        _position++; // opening quote
        StringBuilder? builder = null;
        int runStart = _position;
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error("unterminated string", path);
            }

            char c = _text[_position];
            if (c == '"')
            {
                string result = builder is null
                    ? _text.Substring(runStart, _position - runStart)
                    : builder.Append(_text, runStart, _position - runStart).ToString();
                _position++;
                return result;
            }

            if (c < 0x20)
            {
                throw Error($"control character U+{(int)c:X4} must be escaped in a string", path);
            }

            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && _position + 1 < _text.Length && char.IsLowSurrogate(_text[_position + 1]))
                {
                    _position += 2;
                    continue;
                }

                throw Error("unpaired surrogate in string", path);
            }

            if (c != '\\')
            {
                _position++;
                continue;
            }

            builder ??= new StringBuilder();
            builder.Append(_text, runStart, _position - runStart);
            _position++;
            if (_position >= _text.Length)
            {
                throw Error("unterminated escape sequence", path);
            }

            char escape = _text[_position++];
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u': AppendUnicodeEscape(builder, path); break;
                default: throw Error($"invalid escape '\\{Printable(escape)}'", path);
            }

            runStart = _position;
        }
    }

    private void AppendUnicodeEscape(StringBuilder builder, string path)
    {
        char first = ReadHex4(path);
        if (char.IsHighSurrogate(first))
        {
            if (_position + 1 < _text.Length && _text[_position] == '\\' && _text[_position + 1] == 'u')
            {
                _position += 2;
                char second = ReadHex4(path);
                if (char.IsLowSurrogate(second))
                {
                    builder.Append(first).Append(second);
                    return;
                }
            }

            throw Error("unpaired surrogate escape in string", path);
        }

        if (char.IsLowSurrogate(first))
        {
            throw Error("unpaired surrogate escape in string", path);
        }

        builder.Append(first);
    }

    private char ReadHex4(string path)
    {
        if (_position + 4 > _text.Length)
        {
            throw Error("incomplete \\u escape", path);
        }

        int value = 0;
        for (int i = 0; i < 4; i++)
        {
            char h = _text[_position++];
            int digit = h switch
            {
                >= '0' and <= '9' => h - '0',
                >= 'a' and <= 'f' => h - 'a' + 10,
                >= 'A' and <= 'F' => h - 'A' + 10,
                _ => throw Error($"invalid hex digit '{Printable(h)}' in \\u escape", path),
            };
            value = (value << 4) | digit;
        }

        return (char)value;
    }

    private JsonValue ReadNumber(string path)
    {
        int start = _position, line = _line, column = Column;
        if (Peek() == '-')
        {
            _position++;
        }

        if (Peek() == '0')
        {
            _position++;
        }
        else if (IsDigit(Peek()))
        {
            SkipDigits();
        }
        else
        {
            throw Error("a digit was expected in the number", path);
        }

        if (Peek() == '.')
        {
            _position++;
            if (!IsDigit(Peek()))
            {
                throw Error("a digit was expected after the decimal point", path);
            }

            SkipDigits();
        }

        if (Peek() is 'e' or 'E')
        {
            _position++;
            if (Peek() is '+' or '-')
            {
                _position++;
            }

            if (!IsDigit(Peek()))
            {
                throw Error("a digit was expected in the exponent", path);
            }

            SkipDigits();
        }

        if (IsDigit(Peek()))
        {
            throw Error("leading zeros are not allowed in numbers", path);
        }

        return JsonValue.CreateNumber(_text.Substring(start, _position - start), path, line, column);
    }

    private JsonValue ReadLiteral(string literal, JsonValue value, string path)
    {
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            throw Error($"invalid literal, '{literal}' was expected", path);
        }

        _position += literal.Length;
        return value;
    }

    private void SkipDigits()
    {
        while (IsDigit(Peek()))
        {
            _position++;
        }
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (c == '\n')
            {
                _line++;
                _lineStart = _position + 1;
            }
            else if (c != ' ' && c != '\t' && c != '\r')
            {
                return;
            }

            _position++;
        }
    }

    private void Expect(char expected, string path)
    {
        if (Peek() != expected)
        {
            throw Error($"'{expected}' was expected", path);
        }

        _position++;
    }

    private void CheckDepth(int depth, string path)
    {
        if (depth > MaxDepth)
        {
            throw Error($"nesting deeper than {MaxDepth} levels", path);
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static string Printable(char c) =>
        c < 0x20 || c > 0x7E ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString();

    private JsonParseException Error(string reason, string path) => new(reason, _line, Column, path);
}
