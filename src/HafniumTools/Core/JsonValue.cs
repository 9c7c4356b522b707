using System;
using System.Collections.Generic;
using System.Globalization;

namespace HafniumTools.Core;

/// <summary>
/// One immutable JSON value read by <see cref="JsonParser"/>. Every value knows where it came from
/// (<see cref="Path"/>, <see cref="Line"/>, <see cref="Column"/>) so that data-file validators can name the
/// offending entry and field. Numbers keep their source text; nothing is converted with the current culture.
/// </summary>
internal sealed class JsonValue
{
    private static readonly IReadOnlyList<JsonValue> NoItems = Array.Empty<JsonValue>();
    private static readonly IReadOnlyList<KeyValuePair<string, JsonValue>> NoProperties = Array.Empty<KeyValuePair<string, JsonValue>>();

    private readonly string? _text;
    private readonly bool _boolean;
    private readonly IReadOnlyList<JsonValue> _items;
    private readonly IReadOnlyList<KeyValuePair<string, JsonValue>> _properties;
    private readonly Dictionary<string, JsonValue>? _byName;

    private JsonValue(JsonKind kind, string path, int line, int column, string? text, bool boolean,
        IReadOnlyList<JsonValue>? items, IReadOnlyList<KeyValuePair<string, JsonValue>>? properties)
    {
        Kind = kind;
        Path = path;
        Line = line;
        Column = column;
        _text = text;
        _boolean = boolean;
        _items = items ?? NoItems;
        _properties = properties ?? NoProperties;
        if (properties is not null)
        {
            _byName = new Dictionary<string, JsonValue>(StringComparer.Ordinal);
            foreach (var property in properties)
            {
                _byName[property.Key] = property.Value;
            }
        }
    }

    public JsonKind Kind { get; }

    /// <summary>Where the value sits in its document, e.g. <c>$.entries[3].build</c>.</summary>
    public string Path { get; }

    /// <summary>1-based line of the value's first character.</summary>
    public int Line { get; }

    /// <summary>1-based column of the value's first character.</summary>
    public int Column { get; }

    public bool IsNull => Kind == JsonKind.Null;

    /// <summary>Array elements in order (empty for other kinds).</summary>
    public IReadOnlyList<JsonValue> Items => _items;

    /// <summary>Object members in document order (empty for other kinds).</summary>
    public IReadOnlyList<KeyValuePair<string, JsonValue>> Properties => _properties;

    /// <summary>The member called <paramref name="name"/> (case-sensitive), or null if absent or not an object.</summary>
    public JsonValue? this[string name] =>
        _byName is not null && _byName.TryGetValue(name, out var value) ? value : null;

    /// <summary>The string's value; null for other kinds.</summary>
    public string? AsString => Kind == JsonKind.String ? _text : null;

    /// <summary>The number exactly as written in the document; null for other kinds.</summary>
    public string? NumberText => Kind == JsonKind.Number ? _text : null;

    public bool? AsBoolean => Kind == JsonKind.Boolean ? _boolean : null;

    public bool TryGetInt32(out int value)
    {
        value = 0;
        return Kind == JsonKind.Number
            && int.TryParse(_text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public bool TryGetInt64(out long value)
    {
        value = 0;
        return Kind == JsonKind.Number
            && long.TryParse(_text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public bool TryGetDouble(out double value)
    {
        value = 0;
        return Kind == JsonKind.Number
            && double.TryParse(_text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A short description of the value for error messages.</summary>
    public string Describe() => Kind switch
    {
        JsonKind.Null => "null",
        JsonKind.Boolean => _boolean ? "true" : "false",
        JsonKind.Number => _text!,
        JsonKind.String => "\"" + (_text!.Length > 60 ? _text.Substring(0, 60) + "..." : _text) + "\"",
        JsonKind.Array => "an array",
        _ => "an object",
    };

    public override string ToString() => Describe();

    internal static JsonValue CreateNull(string path, int line, int column) =>
        new(JsonKind.Null, path, line, column, null, false, null, null);

    internal static JsonValue CreateBoolean(bool value, string path, int line, int column) =>
        new(JsonKind.Boolean, path, line, column, null, value, null, null);

    internal static JsonValue CreateNumber(string text, string path, int line, int column) =>
        new(JsonKind.Number, path, line, column, text, false, null, null);

    internal static JsonValue CreateString(string text, string path, int line, int column) =>
        new(JsonKind.String, path, line, column, text, false, null, null);

    internal static JsonValue CreateArray(IReadOnlyList<JsonValue> items, string path, int line, int column) =>
        new(JsonKind.Array, path, line, column, null, false, items, null);

    internal static JsonValue CreateObject(IReadOnlyList<KeyValuePair<string, JsonValue>> properties, string path, int line, int column) =>
        new(JsonKind.Object, path, line, column, null, false, null, properties);
}
