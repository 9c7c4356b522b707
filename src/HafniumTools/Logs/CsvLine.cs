using System;
using System.Runtime.CompilerServices;
using HafniumTools.Core;
using System.Text;

namespace HafniumTools.Logs;

/// <summary>
/// Splits one line of raw bytes into field boundaries without allocating strings; fields are decoded only when
/// asked for. CSV quoting follows RFC 4180 within a line: a quoted field may hold the separator and <c>""</c>.
/// </summary>
internal sealed class CsvLine
{
    private static readonly UTF8Encoding Utf8 = new(false, false);
    private int[] _starts = new int[80];
    private int[] _ends = new int[80];
    private bool[] _quoted = new bool[80];

    public int Count { get; private set; }

    /// <summary>Splits [start, end) of <paramref name="buffer"/>; stops after <paramref name="maxFields"/> fields.</summary>
    [MethodImpl(HotPath.Optimize)]
    public void Split(byte[] buffer, int start, int end, byte separator, bool quoting, int maxFields = int.MaxValue)
    {
        Count = 0;
        int pos = start;
        while (Count < maxFields)
        {
            EnsureCapacity(Count + 1);
            if (quoting && pos < end && buffer[pos] == '"')
            {
                pos = SplitQuoted(buffer, pos, end, separator);
            }
            else
            {
                int sep = pos < end ? Array.IndexOf(buffer, separator, pos, end - pos) : -1;
                int fieldEnd = sep < 0 ? end : sep;
                _starts[Count] = pos;
                _ends[Count] = fieldEnd;
                _quoted[Count] = false;
                Count++;
                if (sep < 0)
                {
                    return;
                }

                pos = sep + 1;
                continue;
            }

            if (pos >= end)
            {
                return;
            }

            pos++; // past the separator
        }
    }

    /// <summary>The decoded text of field <paramref name="index"/>, or null when the line has fewer fields.</summary>
    public string? Get(byte[] buffer, int index)
    {
        if (index < 0 || index >= Count)
        {
            return null;
        }

        int length = _ends[index] - _starts[index];
        if (length == 0)
        {
            return string.Empty;
        }

        string text = Utf8.GetString(buffer, _starts[index], length);
        return _quoted[index] && text.IndexOf('"') >= 0 ? text.Replace("\"\"", "\"") : text;
    }

    /// <summary>True when field <paramref name="index"/> is exactly the ASCII text <paramref name="value"/> (ignoring case).</summary>
    public bool FieldEquals(byte[] buffer, int index, string value)
    {
        if (index < 0 || index >= Count || _ends[index] - _starts[index] != value.Length)
        {
            return false;
        }

        for (int i = 0; i < value.Length; i++)
        {
            int a = buffer[_starts[index] + i] | 0x20;
            if (a != (value[i] | 0x20))
            {
                return false;
            }
        }

        return true;
    }

    public int Start(int index) => _starts[index];

    public int End(int index) => _ends[index];

    // Returns the position of the separator after the quoted field (or end).
    [MethodImpl(HotPath.Optimize)]
    private int SplitQuoted(byte[] buffer, int pos, int end, byte separator)
    {
        int contentStart = pos + 1;
        int i = contentStart;
        int contentEnd = end;
        while (i < end)
        {
            int quote = Array.IndexOf(buffer, (byte)'"', i, end - i);
            if (quote < 0)
            {
                break; // unterminated (a truncated line): the field runs to the end
            }

            if (quote + 1 < end && buffer[quote + 1] == '"')
            {
                i = quote + 2;
                continue;
            }

            contentEnd = quote;
            break;
        }

        _starts[Count] = contentStart;
        _ends[Count] = contentEnd;
        _quoted[Count] = true;
        Count++;
        if (contentEnd >= end)
        {
            return end;
        }

        // Anything between the closing quote and the separator is malformed; skip it.
        int sep = Array.IndexOf(buffer, separator, contentEnd + 1, end - contentEnd - 1);
        return sep < 0 ? end : sep;
    }

    private void EnsureCapacity(int count)
    {
        if (count <= _starts.Length)
        {
            return;
        }

        int size = _starts.Length * 2;
        Array.Resize(ref _starts, size);
        Array.Resize(ref _ends, size);
        Array.Resize(ref _quoted, size);
    }
}
