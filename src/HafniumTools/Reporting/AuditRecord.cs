using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HafniumTools.Core;
using HafniumTools.Logs;
using HafniumTools.Model;

namespace HafniumTools.Reporting;

/// <summary>
/// A server audit, or one of the objects it carries (finding, timeline step, coverage, build audit), as the report
/// reads it: by property name. A live <see cref="ServerAudit"/> and one that crossed remoting, a job or a JSON file
/// (a property bag with the same names, enums as names or numbers) are read by the same code; callers name the
/// properties with <c>nameof</c>, so a renamed model property breaks the build, not the report. Lists are read within
/// <see cref="InputBounds"/> (an endless list throws <see cref="InputTooComplexException"/>).
/// </summary>
internal abstract class AuditRecord
{
    /// <summary>The property's value as it is held (text, number, time, list or nested object), or null when absent.</summary>
    protected abstract object? Value(string property);

    /// <summary>An item of a list property, or a nested object, as a record of the same kind.</summary>
    protected abstract AuditRecord Wrap(object item);

    /// <summary>The value as text (times as UTC ISO 8601, numbers and versions culture-invariant); empty when null.</summary>
    public string Text(string property) => TextOf(Value(property));

    /// <summary>The value as a UTC time; text is parsed as ISO 8601 (JSON keeps times as text); an unset time is null.</summary>
    public DateTime? Time(string property) => Value(property) switch
    {
        DateTime time when time == DateTime.MinValue => null,
        DateTime time => LogTimestamp.ToUtc(time),
        DateTimeOffset offset => offset.UtcDateTime,
        string text when DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>The value as a whole number, or null when absent or not a number.</summary>
    public long? Number(string property) =>
        long.TryParse(Text(property), NumberStyles.Integer, CultureInfo.InvariantCulture, out long number) ? number : null;

    /// <summary>
    /// The value as one of <typeparamref name="T"/>'s members, whether it arrives as the enum, its name or its number
    /// (a deserialized or JSON enum); <paramref name="fallback"/> for anything else.
    /// </summary>
    public T Member<T>(string property, T fallback)
        where T : struct =>
        TryMember(property, out T value) ? value : fallback;

    /// <summary>The name of the <typeparamref name="T"/> member the value stands for, or the value as text when it stands for none.</summary>
    public string Name<T>(string property)
        where T : struct =>
        TryMember(property, out T value) ? value.ToString() : Text(property);

    /// <summary>A list of texts; a single text is a list of one.</summary>
    public IReadOnlyList<string> Texts(string property) => Value(property) switch
    {
        null => [],
        string text => [text],
        IEnumerable items => InputBounds.Items(items, "its " + property + " property").Where(i => i is not null).Select(TextOf).ToList(),
        var other => [TextOf(other)],
    };

    /// <summary>
    /// The items of a list property as records. Items that are only text are left out: an object serialized deeper
    /// than its serialization depth arrives as its ToString(), with nothing left to read (see <see cref="Flattened"/>).
    /// </summary>
    public IReadOnlyList<AuditRecord> Records(string property) =>
        Items(property).Where(i => i is not string).Select(Wrap).ToList();

    /// <summary>
    /// Whether a list property arrived as text where objects were written: items that are texts (serialized too
    /// shallowly) or the whole list as one text (Export-Csv, then Import-Csv).
    /// </summary>
    public bool Flattened(string property) => Value(property) is string { Length: > 0 } || Items(property).Any(i => i is string);

    /// <summary>The items of a list property, as the subclass holds them (null items left out).</summary>
    protected virtual IEnumerable<object> Items(string property) =>
        Value(property) is IEnumerable items and not string ? InputBounds.Items(items, "its " + property + " property").Where(i => i is not null).Select(i => i!) : [];

    /// <summary>A nested object as a record, or null when absent.</summary>
    public AuditRecord? Record(string property) => Value(property) is { } value and not string ? Wrap(value) : null;

    private bool TryMember<T>(string property, out T value)
        where T : struct =>
        Enum.TryParse(Text(property), true, out value) && Enum.IsDefined(typeof(T), value);

    private static string TextOf(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        DateTime time => LogTimestamp.ToUtc(time)!.Value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
