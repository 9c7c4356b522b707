using System.Collections.Generic;
using System.Globalization;

namespace HafniumTools.Logs.EventLogs;

/// <summary>
/// The insertion strings of one event as a reader collects them, within the per-event bounds
/// (<see cref="EventRecordRow.MaxDataItems"/> items, <see cref="EventRecordRow.MaxDataLength"/> characters, each value
/// at most <see cref="XmlInput.MaxValueLength"/>), counting what did not fit so the row can say what was left out.
/// </summary>
internal sealed class EventDataItems
{
    private long _length;
    private long _dropped;
    private long _cut;

    public List<string> Items { get; } = [];

    /// <summary>True once no more items are kept: the reader still reads the rest, and counts it with <see cref="Drop"/>.</summary>
    public bool Full => Items.Count >= EventRecordRow.MaxDataItems || _length >= EventRecordRow.MaxDataLength;

    /// <summary>Keeps one item; <paramref name="truncated"/> says its value was cut to the value bound.</summary>
    public void Add(string value, bool truncated)
    {
        Items.Add(value);
        _length += value.Length;
        if (truncated)
        {
            _cut++;
        }
    }

    /// <summary>An item read past the bounds, not kept.</summary>
    public void Drop() => _dropped++;

    /// <summary>A value of the event other than an item (its message) cut to the value bound.</summary>
    public void Cut() => _cut++;

    /// <summary>What was left out, in a few words; null when the event was kept whole.</summary>
    public string? LeftOut
    {
        get
        {
            if (_dropped == 0 && _cut == 0)
            {
                return null;
            }

            var parts = new List<string>();
            if (_dropped > 0)
            {
                parts.Add(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0:N0} data items past the first {1:N0} ({2:N0} items or {3:N0} characters are kept per event) were not judged",
                    _dropped,
                    Items.Count,
                    EventRecordRow.MaxDataItems,
                    EventRecordRow.MaxDataLength));
            }

            if (_cut > 0)
            {
                parts.Add(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0:N0} values were longer than {1:N0} characters and only their start was judged",
                    _cut,
                    XmlInput.MaxValueLength));
            }

            return string.Join("; ", parts);
        }
    }
}
