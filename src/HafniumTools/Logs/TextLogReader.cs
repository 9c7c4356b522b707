using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// Streams one Exchange text log (CSV with a plain header line or <c>#Fields:</c>, W3C, or plain lines) through a
/// <see cref="RowEvaluator"/> with bounded memory: one fixed buffer, lines found with vectorised byte searches, and
/// fields parsed only for the lines the prefilter lets through. It starts where <see cref="LogFormatDetector"/> found
/// the data to start, with the columns the header named. Tolerates a UTF-8 BOM, LF, CR LF or CR line ends, and a
/// truncated last line. A line longer than the buffer is skipped to its end (never held) and a row with more values
/// than its header names is still judged (<see cref="LogFieldMap.WidenedTo"/>); both are kept in <see cref="Gaps"/>
/// for the hunt to report. Throws <see cref="InvalidDataException"/> for binary content.
/// </summary>
internal sealed class TextLogReader
{
    /// <summary>The buffer size, which is also the longest line read (longer ones are skipped and reported).</summary>
    public const int DefaultBufferSize = 1024 * 1024;

    private readonly Stream _stream;
    private readonly RowEvaluator _evaluator;
    /// <summary>How many data rows are looked at for the server's name when the first ones leave it empty.</summary>
    private const long ComputerSearchRows = 256;

    private readonly LinePrefilter? _prefilter;
    private readonly TextLogRow _row;
    private readonly List<int> _matches = [];
    private readonly byte[] _buffer;
    private int _filled;
    private bool _eof;
    private bool _done;
    private bool _atFileStart;
    private bool _firstBuffer = true;
    private bool _sawData;
    private bool _pendingCr;
    private bool _skippingLine;

    /// <param name="stream">The file, positioned at <see cref="DetectedFormat.DataStart"/>.</param>
    public TextLogReader(
        Stream stream, string path, DetectedFormat format, RowEvaluator evaluator, LinePrefilter? prefilter,
        string? defaultComputerName, int bufferSize = DefaultBufferSize)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        Kind = format.Kind;
        _evaluator = evaluator;
        _prefilter = prefilter;
        _buffer = new byte[Math.Max(256, bufferSize)];
        _row = new TextLogRow(Kind, path, format.Fields, defaultComputerName);
        BytesRead = format.DataStart;
        LineNumber = format.HeaderLines;
        _atFileStart = format.DataStart == 0;
    }

    public LogKind Kind { get; }

    public long BytesRead { get; private set; }

    /// <summary>Data rows seen (header and directive lines not counted).</summary>
    public long Rows { get; private set; }

    /// <summary>Lines seen, including headers; the number of the last line read.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The server the first data row naming one names (ServerHostName, ServerName; among the first rows), if any.</summary>
    public string? RowComputerName { get; private set; }

    /// <summary>The HttpProxy protocol the first data row names.</summary>
    public string? Protocol { get; private set; }

    /// <summary>Lines left out (too long to hold) and rows wider than their header, for the hunt to report.</summary>
    public ReadGaps Gaps { get; } = new();

    /// <summary>Reads and evaluates the next buffer-full; false once the file is done.</summary>
    [MethodImpl(HotPath.Optimize)]
    public bool Step(ICollection<Finding> findings)
    {
        if (_done)
        {
            return false;
        }

        Fill();
        int start = 0;
        if (_atFileStart)
        {
            _atFileStart = false;
            if (_filled >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
            {
                start = 3;
            }
        }

        // Binary content shows in the first buffer of a file that is not text; later buffers are only checked line by
        // line where a line is parsed, which spares a whole pass over every buffer.
        if (_firstBuffer)
        {
            _firstBuffer = false;
            int nul = Array.IndexOf(_buffer, (byte)0, start, _filled - start);
            if (nul >= 0)
            {
                throw BinaryContent(LineNumber + CountLines(start, nul));
            }
        }

        if (_pendingCr)
        {
            // The last buffer ended with a CR: an LF starting this one completes that line end.
            _pendingCr = false;
            if (start < _filled && _buffer[start] == '\n')
            {
                start++;
            }
        }

        if (_skippingLine)
        {
            start = SkipRestOfLongLine(start);
        }

        int regionEnd;
        if (_eof)
        {
            regionEnd = _filled;
        }
        else
        {
            int lastLineEnd = LineSplitter.LastLineEnd(_buffer, start, _filled);
            if (lastLineEnd >= start)
            {
                regionEnd = lastLineEnd + 1;
                _pendingCr = _buffer[lastLineEnd] == '\r' && regionEnd == _filled;
            }
            else if (start == 0 && _filled == _buffer.Length)
            {
                // A line longer than the buffer: not held in memory, but skipped to its end, and reported.
                LineNumber++;
                Gaps.Add(ErrorIds.LogLineSkipped, "line", LineNumber, string.Format(CultureInfo.InvariantCulture, "longer than {0:N0} bytes, so it was skipped", _buffer.Length));
                _skippingLine = true;
                regionEnd = _filled;
                start = _filled;
            }
            else
            {
                regionEnd = start;
            }
        }

        ProcessLines(start, regionEnd, findings);
        int carry = _filled - regionEnd;
        if (carry > 0)
        {
            Buffer.BlockCopy(_buffer, regionEnd, _buffer, 0, carry);
        }

        _filled = carry;
        _done = _eof && carry == 0;
        return !_done;
    }

    // In a line too long to hold: drops bytes up to its end; returns where the next line starts (the buffer's end while
    // the long line goes on).
    private int SkipRestOfLongLine(int start)
    {
        int lineEnd = LineSplitter.FirstLineEnd(_buffer, start, _filled);
        if (lineEnd < 0)
        {
            return _filled;
        }

        _skippingLine = false;
        int next = lineEnd + 1;
        if (_buffer[lineEnd] == '\r')
        {
            if (next < _filled && _buffer[next] == '\n')
            {
                next++;
            }
            else if (next == _filled && !_eof)
            {
                _pendingCr = true;
            }
        }

        return next;
    }

    private void Fill()
    {
        while (_filled < _buffer.Length && !_eof)
        {
            int read = _stream.Read(_buffer, _filled, _buffer.Length - _filled);
            if (read <= 0)
            {
                _eof = true;
            }
            else
            {
                _filled += read;
                BytesRead += read;
            }
        }
    }

    [MethodImpl(HotPath.Optimize)]
    private void ProcessLines(int start, int end, ICollection<Finding> findings)
    {
        int nextMatch = 0;
        if (_prefilter is not null)
        {
            _prefilter.FindMatches(_buffer, start, end, _matches);
        }

        int lastDataStart = -1, lastDataEnd = -1;
        long lastDataLine = 0;
        var lines = new LineSplitter(_buffer, start, end);
        while (lines.Next(out int pos, out int contentEnd, out _))
        {
            int next = lines.Position;
            LineNumber++;
            if (contentEnd > pos)
            {
                if (_buffer[pos] == '#')
                {
                    Directive(pos, contentEnd);
                }
                else if (!_sawData && LogFieldMap.IsPlainHeader(_buffer, pos, contentEnd, Kind, _row.Map))
                {
                    _row.Map = LogFieldMap.ForCsv(LogFieldMap.SplitHeader(Decode(pos, contentEnd)));
                }
                else
                {
                    Rows++;
                    if (!_sawData)
                    {
                        _sawData = true;
                        FirstDataRow(pos, contentEnd);
                    }
                    else if (RowComputerName is null && Rows <= ComputerSearchRows && _row.Map.ComputerIndex >= 0)
                    {
                        // Some rows leave the server empty (HttpProxy's failed requests): a later one may name it.
                        _row.Reset(_buffer, pos, contentEnd, LineNumber);
                        RowComputerName = _row.Field(_row.Map.ComputerIndex) is { Length: > 0 } name ? name : null;
                    }

                    lastDataStart = pos;
                    lastDataEnd = contentEnd;
                    lastDataLine = LineNumber;
                    bool candidate = true;
                    if (_prefilter is not null)
                    {
                        while (nextMatch < _matches.Count && _matches[nextMatch] < pos)
                        {
                            nextMatch++;
                        }

                        candidate = nextMatch < _matches.Count && _matches[nextMatch] < next;
                    }

                    if (candidate && _evaluator.HasRules)
                    {
                        Evaluate(pos, contentEnd, findings);
                    }
                }
            }
        }

        if (lastDataStart >= 0)
        {
            _row.Reset(_buffer, lastDataStart, lastDataEnd, lastDataLine);
            _evaluator.Saw(_row.Timestamp);
        }
    }

    private void Evaluate(int start, int end, ICollection<Finding> findings)
    {
        if (Array.IndexOf(_buffer, (byte)0, start, end - start) >= 0)
        {
            throw BinaryContent(LineNumber);
        }

        ResetRow(start, end);
        _evaluator.Evaluate(_row, findings, _buffer, start, end);
    }

    // Points the row at a line; a row with more values than the columns named gets the columns widened first.
    private void ResetRow(int start, int end)
    {
        _row.Reset(_buffer, start, end, LineNumber);
        int values = _row.FieldCount;
        var map = _row.Map;
        if (values <= map.Names.Length)
        {
            return;
        }

        _row.Map = map.WidenedTo(Kind, values, out bool named);
        _row.Reset(_buffer, start, end, LineNumber);
        Gaps.Add(
            ErrorIds.LogFieldsMismatch,
            "line",
            LineNumber,
            string.Format(
                CultureInfo.InvariantCulture,
                "rows have {0} values from this line on, but the header names {1} columns: {2}",
                values,
                map.Names.Length,
                named
                    ? "the header is the start of the usual " + Kind + " columns, so the values past it were read as those columns"
                    : "the values past the header match no column name, so rules saw only the columns it names"));
    }

    private void FirstDataRow(int start, int end)
    {
        ResetRow(start, end);
        _evaluator.Saw(_row.Timestamp);
        int computer = _row.Map.ComputerIndex;
        RowComputerName = computer >= 0 && _row.Field(computer) is { Length: > 0 } name ? name : null;
        int protocol = _row.Map.IndexOf("Protocol");
        Protocol = protocol >= 0 && _row.Field(protocol) is { Length: > 0 } p ? p : null;
    }

    private void Directive(int start, int end)
    {
        const string Fields = "#Fields:";
        if (end - start > Fields.Length && StartsWithAscii(start, end, Fields)
            && LogFieldMap.FromFieldsDirective(Decode(start + Fields.Length, end), Kind) is { } map)
        {
            _row.Map = map;
        }
    }

    private bool StartsWithAscii(int start, int end, string prefix)
    {
        if (end - start < prefix.Length)
        {
            return false;
        }

        for (int i = 0; i < prefix.Length; i++)
        {
            if ((_buffer[start + i] | 0x20) != (prefix[i] | 0x20))
            {
                return false;
            }
        }

        return true;
    }

    private static InvalidDataException BinaryContent(long line) => new(string.Format(
        CultureInfo.InvariantCulture,
        "Binary content (a NUL byte) at line {0}; the file is not a text log or is damaged.",
        line));

    private string Decode(int start, int end) => System.Text.Encoding.UTF8.GetString(_buffer, start, end - start);

    private long CountLines(int start, int end)
    {
        long count = 0;
        var lines = new LineSplitter(_buffer, start, end);
        while (lines.Next(out _, out _, out _))
        {
            count++;
        }

        return Math.Max(1, count);
    }
}
