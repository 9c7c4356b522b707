using System;
using System.Text;

namespace HafniumTools.Logs;

/// <summary>
/// A row of a text log (CSV, W3C or a plain line), read straight from the reader's buffer. Fields are split and
/// decoded only when a rule asks for them. The row is only valid during the rule evaluation it is passed to;
/// rules copy what they keep (a <see cref="Model.Finding"/> holds strings, not the row).
/// </summary>
internal sealed class TextLogRow : ILogRow
{
    private static readonly UTF8Encoding Utf8 = new(false, false);
    private readonly CsvLine _line = new();
    private byte[] _buffer = Array.Empty<byte>();
    private int _start;
    private int _end;
    private bool _split;
    private string?[] _decoded = new string?[80];
    private bool[] _isDecoded = new bool[80];
    private string? _raw;
    private DateTime? _timestamp;
    private bool _timestampParsed;

    public TextLogRow(LogKind kind, string path, LogFieldMap map, string? defaultComputerName)
    {
        Kind = kind;
        Path = path;
        Map = map;
        DefaultComputerName = defaultComputerName;
    }

    public LogKind Kind { get; }

    public string Path { get; }

    public LogFieldMap Map { get; set; }

    public string? DefaultComputerName { get; set; }

    public long LineNumber { get; private set; }

    public string? ComputerName
    {
        get
        {
            string? own = Map.ComputerIndex >= 0 ? Field(Map.ComputerIndex) : null;
            return string.IsNullOrWhiteSpace(own) ? DefaultComputerName : own;
        }
    }

    public DateTime? Timestamp
    {
        get
        {
            if (!_timestampParsed)
            {
                _timestampParsed = true;
                _timestamp = ParseTimestamp();
            }

            return _timestamp;
        }
    }

    public string RawText => _raw ??= Utf8.GetString(_buffer, _start, _end - _start);

    public string? this[string field]
    {
        get
        {
            int index = Map.IndexOf(field);
            return index < 0 ? null : Field(index) ?? string.Empty;
        }
    }

    /// <summary>How many values the line holds (1 for a line read whole).</summary>
    public int FieldCount
    {
        get
        {
            if (Map.WholeLine)
            {
                return 1;
            }

            EnsureSplit();
            return _line.Count;
        }
    }

    /// <summary>Points the row at a new line of the buffer.</summary>
    public void Reset(byte[] buffer, int start, int end, long lineNumber)
    {
        _buffer = buffer;
        _start = start;
        _end = end;
        LineNumber = lineNumber;
        _split = false;
        _raw = null;
        _timestampParsed = false;
        if (_isDecoded.Length < Map.Names.Length)
        {
            _decoded = new string?[Map.Names.Length];
            _isDecoded = new bool[Map.Names.Length];
        }
        else
        {
            Array.Clear(_isDecoded, 0, _isDecoded.Length);
        }
    }

    /// <summary>Field by column index (null when the line is short).</summary>
    public string? Field(int index)
    {
        if (index < 0)
        {
            return null;
        }

        if (Map.WholeLine)
        {
            return index == 0 ? RawText : null;
        }

        EnsureSplit();
        if (index < _isDecoded.Length)
        {
            if (!_isDecoded[index])
            {
                _decoded[index] = _line.Get(_buffer, index);
                _isDecoded[index] = true;
            }

            return _decoded[index];
        }

        return _line.Get(_buffer, index);
    }

    private void EnsureSplit()
    {
        if (!_split)
        {
            _line.Split(_buffer, _start, _end, Map.Separator, Map.Quoted);
            _split = true;
        }
    }

    private DateTime? ParseTimestamp()
    {
        if (Map.TimestampIndex >= 0)
        {
            return LogTimestamp.Parse(Field(Map.TimestampIndex));
        }

        if (Map.DateIndex >= 0)
        {
            return LogTimestamp.Parse(Field(Map.DateIndex), Field(Map.TimeIndex));
        }

        if (Map.WholeLine)
        {
            return LeadingTimestamp(RawText);
        }

        return null;
    }

    // A plain text line that starts with a timestamp ("2021-03-03T04:05:06.789Z ..." or "2021-03-03 04:05:06,...").
    private static DateTime? LeadingTimestamp(string line)
    {
        if (line.Length < 19 || !char.IsDigit(line[0]))
        {
            return null;
        }

        int end = 19;
        while (end < line.Length && end < 40 && line[end] != ',' && line[end] != ' ' && line[end] != '\t' && line[end] != ']')
        {
            end++;
        }

        return LogTimestamp.Parse(line.Substring(0, end)) ?? LogTimestamp.Parse(line.Substring(0, 19));
    }
}
