using System;
using System.Runtime.CompilerServices;
using HafniumTools.Core;

namespace HafniumTools.Logs;

/// <summary>
/// Splits raw bytes into lines ended by LF, CR LF or a CR alone (old Mac style, or a file an attacker rewrote), in
/// one linear pass: where the runtime searches two values at once (<see cref="ByteSearch"/>) each line end is one search
/// for an LF or a CR; otherwise the next LF is searched once and remembered, and each line's content is searched once
/// more for a CR. Used by <see cref="LogFormatDetector"/> for the head of a file and by <see cref="TextLogReader"/> for
/// the rest, so both agree on what a line is.
/// </summary>
internal struct LineSplitter
{
    private const byte Lf = (byte)'\n';
    private const byte Cr = (byte)'\r';

    private readonly byte[] _buffer;
    private readonly int _end;
    private readonly bool _oneSearch;
    private int _nextLf;

    /// <summary>Splits [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="buffer"/>.</summary>
    public LineSplitter(byte[] buffer, int start, int end)
        : this(buffer, start, end, ByteSearch.IsVectorized)
    {
    }

    /// <summary>As above, choosing how line ends are searched (both give the same lines; tests run each).</summary>
    internal LineSplitter(byte[] buffer, int start, int end, bool oneSearchPerLine)
    {
        _buffer = buffer;
        _end = end;
        _oneSearch = oneSearchPerLine;
        _nextLf = start - 1;
        Position = start;
    }

    /// <summary>The start of the next line.</summary>
    public int Position { get; private set; }

    /// <summary>
    /// The next line: its content [<paramref name="start"/>, <paramref name="contentEnd"/>) without the line end, and
    /// whether a line end was found (false for a last line cut off by the end of the range). False when none is left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Next(out int start, out int contentEnd, out bool terminated)
    {
        start = Position;
        if (start >= _end)
        {
            contentEnd = start;
            terminated = false;
            return false;
        }

        if (_oneSearch)
        {
            int lineEnd = ByteSearch.IndexOfAny(_buffer, Lf, Cr, start, _end - start);
            if (lineEnd < 0)
            {
                contentEnd = _end;
                Position = _end;
                terminated = false;
            }
            else
            {
                contentEnd = lineEnd;
                Position = _buffer[lineEnd] == Cr && lineEnd + 1 < _end && _buffer[lineEnd + 1] == Lf ? lineEnd + 2 : lineEnd + 1;
                terminated = true;
            }

            return true;
        }

        if (_nextLf < start)
        {
            int lf = Array.IndexOf(_buffer, Lf, start, _end - start);
            _nextLf = lf < 0 ? _end : lf;
        }

        int cr = _nextLf > start ? Array.IndexOf(_buffer, Cr, start, _nextLf - start) : -1;
        if (cr >= 0)
        {
            contentEnd = cr;
            Position = cr + 1 < _end && _buffer[cr + 1] == Lf ? cr + 2 : cr + 1;
            terminated = true;
        }
        else if (_nextLf < _end)
        {
            contentEnd = _nextLf;
            Position = _nextLf + 1;
            terminated = true;
        }
        else
        {
            contentEnd = _end;
            Position = _end;
            terminated = false;
        }

        return true;
    }

    /// <summary>The index of the last line end (CR or LF) in [start, end), or -1.</summary>
    public static int LastLineEnd(byte[] buffer, int start, int end)
    {
        if (end <= start)
        {
            return -1;
        }

        // A CR only matters after the last LF: searched there alone, so an LF-only buffer is not searched twice.
        int lf = Array.LastIndexOf(buffer, Lf, end - 1, end - start);
        int from = lf < 0 ? start : lf + 1;
        int cr = from < end ? Array.LastIndexOf(buffer, Cr, end - 1, end - from) : -1;
        return Math.Max(lf, cr);
    }

    /// <summary>The index of the first line end (CR or LF) in [start, end), or -1.</summary>
    public static int FirstLineEnd(byte[] buffer, int start, int end)
    {
        if (end <= start)
        {
            return -1;
        }

        int lf = Array.IndexOf(buffer, Lf, start, end - start);
        int cr = Array.IndexOf(buffer, Cr, start, (lf < 0 ? end : lf) - start);
        return cr >= 0 ? cr : lf;
    }
}
