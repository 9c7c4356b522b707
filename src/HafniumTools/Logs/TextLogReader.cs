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
/// the data to start, with the columns the header named. Tolerates a UTF-8 BOM, CRLF or LF, and a truncated last
/// line; throws <see cref="InvalidDataException"/> for binary content or an absurdly long line.
/// </summary>
internal sealed class TextLogReader
{
    /// <summary>The buffer size, which is also the longest line accepted.</summary>
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

        int regionEnd;
        if (_eof)
        {
            regionEnd = _filled;
        }
        else
        {
            int lastNewLine = Array.LastIndexOf(_buffer, (byte)'\n', _filled - 1, _filled - start);
            if (lastNewLine < start)
            {
                throw new InvalidDataException(string.Format(
                    CultureInfo.InvariantCulture,
                    "Line {0} is longer than {1:N0} bytes; this is not a log line (binary or corrupted content).",
                    LineNumber + 1,
                    _buffer.Length));
            }

            regionEnd = lastNewLine + 1;
        }

        // Binary content shows in the first buffer of a file that is not text; later buffers are only checked line by
        // line where a line is parsed, which spares a whole pass over every buffer.
        if (_firstBuffer)
        {
            _firstBuffer = false;
            int nul = Array.IndexOf(_buffer, (byte)0, start, regionEnd - start);
            if (nul >= 0)
            {
                throw BinaryContent(LineNumber + CountLines(start, nul));
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
        int pos = start;
        while (pos < end)
        {
            int newLine = Array.IndexOf(_buffer, (byte)'\n', pos, end - pos);
            int next = newLine < 0 ? end : newLine + 1;
            int contentEnd = newLine < 0 ? end : newLine;
            if (contentEnd > pos && _buffer[contentEnd - 1] == '\r')
            {
                contentEnd--;
            }

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

            pos = next;
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

        _row.Reset(_buffer, start, end, LineNumber);
        _evaluator.Evaluate(_row, findings);
    }

    private void FirstDataRow(int start, int end)
    {
        _row.Reset(_buffer, start, end, LineNumber);
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

    [MethodImpl(HotPath.Optimize)]
    private long CountLines(int start, int end)
    {
        long count = 1;
        int pos = start;
        while (pos < end)
        {
            int nl = Array.IndexOf(_buffer, (byte)'\n', pos, end - pos);
            if (nl < 0)
            {
                break;
            }

            count++;
            pos = nl + 1;
        }

        return count;
    }
}
