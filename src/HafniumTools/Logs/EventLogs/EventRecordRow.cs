using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace HafniumTools.Logs.EventLogs;

/// <summary>
/// One exported or live Windows event as a log row. Fields (case-insensitive): <c>ProviderName</c>, <c>EventId</c>,
/// <c>Level</c> (number), <c>LevelDisplayName</c>, <c>LogName</c>, <c>MachineName</c>, <c>TimeCreated</c> (ISO UTC),
/// <c>RecordId</c>, <c>Message</c> (rendered text when the export has it), <c>Data</c> (every insertion string, one
/// per line) and <c>Data0</c>…<c>DataN</c>, plus named data items by their name. Aliases: <c>Id</c>, <c>Channel</c>,
/// <c>Computer</c>, <c>Provider</c>.
/// </summary>
internal sealed class EventRecordRow : ILogRow, IPartialRow
{
    /// <summary>
    /// Most insertion strings kept per event. Windows caps an event's data at 64 KB, so a real event is always kept
    /// whole; an export written to hide data past a bound is judged on what was kept and said to be (<see cref="LeftOut"/>).
    /// </summary>
    public const int MaxDataItems = 16384;

    /// <summary>Most characters of insertion strings kept per event (with <see cref="MaxDataItems"/>, bounds its memory).</summary>
    public const int MaxDataLength = 4 * 1024 * 1024;

    private const int MaxRawTextLength = 8192;

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Id"] = "EventId",
        ["EventID"] = "EventId",
        ["Channel"] = "LogName",
        ["ContainerLog"] = "LogName",
        ["Computer"] = "MachineName",
        ["Provider"] = "ProviderName",
        ["Source"] = "ProviderName",
        ["EventRecordID"] = "RecordId",
    };

    private readonly Dictionary<string, string?> _fields;
    private readonly List<string> _data;
    private string? _rawText;

    internal EventRecordRow(LogKind kind, string path, long lineNumber, Dictionary<string, string?> fields, List<string> data, string? leftOut = null)
    {
        LeftOut = leftOut;
        Kind = kind;
        Path = path;
        LineNumber = lineNumber;
        _fields = fields;
        _data = data;
        Timestamp = UtcTimestamp.Parse(Get("TimeCreated"));
        if (Timestamp is DateTime time)
        {
            _fields["TimeCreated"] = time.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
        }

        ComputerName = HostName(Get("MachineName"));
    }

    /// <summary>
    /// A row holding only the time, computer and log of <paramref name="row"/>: it widens coverage and no rule
    /// matches it.
    /// </summary>
    public static EventRecordRow CoverageOnly(ILogRow row)
    {
        if (row is null)
        {
            throw new ArgumentNullException(nameof(row));
        }

        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["TimeCreated"] = row["TimeCreated"],
            ["MachineName"] = row["MachineName"],
            ["LogName"] = row["LogName"],
        };
        return new EventRecordRow(row.Kind, row.Path, 0, fields, []);
    }

    public LogKind Kind { get; }

    /// <summary>What the reader left out of this event (data past the bounds, values cut); null when it is whole.</summary>
    public string? LeftOut { get; }

    public string GapErrorId => Core.ErrorIds.EventDataTruncated;

    public string Path { get; }

    public long LineNumber { get; }

    /// <summary>
    /// The server's host name (<c>EXCH01</c> for <c>EXCH01.contoso.local</c>), as the Exchange logs of the same
    /// server name it, so that findings and coverage group by server; the full name stays in <c>MachineName</c>.
    /// </summary>
    public string? ComputerName { get; }

    public DateTime? Timestamp { get; }

    /// <summary>A one-line summary of the event (provider, id, level, time, then message or data), capped.</summary>
    public string RawText => _rawText ??= ComposeRawText();

    public IReadOnlyList<string> Data => _data;

    public string? this[string field]
    {
        get
        {
            if (string.IsNullOrEmpty(field))
            {
                return null;
            }

            if (string.Equals(field, "Data", StringComparison.OrdinalIgnoreCase))
            {
                return _data.Count == 0 ? Get("Data") : string.Join("\n", _data);
            }

            if (field.Length > 4 && field.StartsWith("Data", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(field.Substring(4), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                return index < _data.Count ? _data[index] : null;
            }

            return Get(field) ?? (Aliases.TryGetValue(field, out string? canonical) ? Get(canonical) : null);
        }
    }

    /// <summary>Message and data together: what text rules search.</summary>
    internal string SearchText
    {
        get
        {
            string? message = Get("Message");
            string data = string.Join("\n", _data);
            return string.IsNullOrEmpty(message) ? data : data.Length == 0 ? message! : message + "\n" + data;
        }
    }

    private string? Get(string name) => _fields.TryGetValue(name, out string? value) ? value : null;

    private static string? HostName(string? machineName)
    {
        string? name = machineName?.Trim();
        if (string.IsNullOrEmpty(name) || System.Net.IPAddress.TryParse(name, out _))
        {
            return string.IsNullOrEmpty(name) ? null : name;
        }

        int dot = name!.IndexOf('.');
        return dot > 0 ? name.Substring(0, dot) : name;
    }

    private string ComposeRawText()
    {
        var text = new StringBuilder();
        text.Append(Get("LogName") ?? "?").Append(" | ")
            .Append(Get("ProviderName") ?? "?").Append(" | EventId ")
            .Append(Get("EventId") ?? "?").Append(" | Level ")
            .Append(Get("LevelDisplayName") ?? Get("Level") ?? "?").Append(" | ")
            .Append(Get("TimeCreated") ?? "?").Append(" | ")
            .Append(Get("MachineName") ?? "?").Append(" | ");
        string body = SearchText;
        text.Append(body.Length > MaxRawTextLength ? body.Substring(0, MaxRawTextLength) : body);
        return text.ToString();
    }
}
