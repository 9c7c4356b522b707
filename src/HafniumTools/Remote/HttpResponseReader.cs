using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HafniumTools.Remote;

/// <summary>
/// Reads HTTP/1.x responses from a stream within hard caps, as a hostile server cannot be trusted to end them: the
/// status line plus headers may not exceed the header cap (an answer that does not start with <c>HTTP/</c> is refused
/// at its fifth byte), and at most the body cap of the body is read (Content-Length, chunked or until close); the rest
/// is left unread and the connection marked not reusable. Interim 1xx responses are skipped. Bytes after a response
/// are kept for the next one: with pipelined requests they are the next response. Time limits are the
/// caller's: it aborts the stream when a deadline passes.
/// </summary>
internal sealed class HttpResponseReader
{
    private const int MaxInterimResponses = 5;
    private const int MaxChunkLineBytes = 1024;
    private const int InitialBufferBytes = 8 * 1024;
    private const int InitialBodyBytes = 64 * 1024;
    private static readonly byte[] HttpPrefix = Encoding.ASCII.GetBytes("HTTP/");

    // ISO-8859-1: every byte is the character of the same number, so header bytes come back exactly.
    private static readonly Encoding Latin1Encoding = Encoding.GetEncoding(28591);

    // Header names and values that nearly every response carries, and the usual reason phrases.
    private static readonly string[] KnownTexts =
    [
        "Content-Length", "Content-Type", "Date", "Server", "Connection", "Location", "Cache-Control", "Set-Cookie",
        "X-Powered-By", "X-AspNet-Version", "X-FEServer", "X-CalculatedBETarget", "Request-Id", "Transfer-Encoding",
        "WWW-Authenticate", "X-OWA-Version", "keep-alive", "close", "chunked", "ASP.NET", "Microsoft-IIS/10.0",
        "Microsoft-IIS/8.5", "text/html", "text/html; charset=utf-8", "private", "OK", "Found", "Not Found",
        "Unauthorized", "Moved Permanently", "Internal Server Error",
    ];

    private readonly Stream _stream;
    private readonly int _maxHeaderBytes;
    private readonly int _maxBodyBytes;
    private byte[] _buffer = new byte[InitialBufferBytes];
    private int _start;
    private int _end;
    private long _responseBytes;
    private Action? _onFirstByte;

    public HttpResponseReader(Stream stream, int maxHeaderBytes, int maxBodyBytes)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _maxHeaderBytes = Math.Max(256, maxHeaderBytes);
        _maxBodyBytes = Math.Max(0, maxBodyBytes);
    }

    /// <summary>Bytes of the current response received so far (0 means the server has not answered at all).</summary>
    public long ResponseBytes => _responseBytes;

    /// <summary>
    /// Reads one response. <paramref name="onFirstByte"/> runs when its first byte is available (the caller stops its
    /// first-byte timer there).
    /// </summary>
    /// <exception cref="ProbeException">No response, not HTTP, headers over the cap or malformed, closed mid-headers.</exception>
    public async Task<ProbeResponse> ReadAsync(bool headRequest, Action? onFirstByte, CancellationToken cancellationToken)
    {
        _onFirstByte = onFirstByte;
        _responseBytes = _end - _start;
        if (_responseBytes > 0)
        {
            FirstByteSeen();
        }

        for (int interim = 0; ; interim++)
        {
            var head = await ReadHeadAsync(cancellationToken).ConfigureAwait(false);
            if (head.Status is >= 100 and < 200 && head.Status != 101)
            {
                if (interim >= MaxInterimResponses)
                {
                    throw new ProbeException(ProbeFailureKind.BadHeaders, "more than " + MaxInterimResponses + " interim (1xx) responses");
                }

                continue;
            }

            return await ReadBodyAsync(head, headRequest, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Head> ReadHeadAsync(CancellationToken cancellationToken)
    {
        int scanned = 0; // bytes after _start already searched (a fill may move the data in the buffer)
        while (true)
        {
            int available = _end - _start;
            CheckPrefix(available);
            int terminator = FindHeadEnd(_start + scanned, out int terminatorLength);
            if (terminator >= 0)
            {
                var head = ParseHead(_start, terminator - _start);
                _start = terminator + terminatorLength;
                return head;
            }

            if (available >= _maxHeaderBytes)
            {
                throw new ProbeException(ProbeFailureKind.BadHeaders, $"the status line and headers are larger than the {_maxHeaderBytes / 1024} KiB cap");
            }

            scanned = Math.Max(0, available - 3);
            if (!await FillAsync(_maxHeaderBytes + 4, cancellationToken).ConfigureAwait(false))
            {
                if (_responseBytes == 0)
                {
                    throw new ProbeException(ProbeFailureKind.NoResponse, "the connection closed without a response");
                }

                throw new ProbeException(ProbeFailureKind.ClosedMidResponse, string.Format(CultureInfo.InvariantCulture, "the connection closed after {0} bytes, before the headers ended", _end - _start));
            }
        }
    }

    private void CheckPrefix(int available)
    {
        int n = Math.Min(available, HttpPrefix.Length);
        for (int i = 0; i < n; i++)
        {
            if (_buffer[_start + i] != HttpPrefix[i])
            {
                throw new ProbeException(ProbeFailureKind.NotHttp, "the answer is not HTTP: it starts with " + Printable(_buffer, _start, Math.Min(available, 32)));
            }
        }
    }

    private int FindHeadEnd(int from, out int length)
    {
        for (int i = Math.Max(from, _start); i < _end; i++)
        {
            if (_buffer[i] != (byte)'\n')
            {
                continue;
            }

            if (i + 1 < _end && _buffer[i + 1] == (byte)'\n')
            {
                length = 2;
                return i;
            }

            if (i + 2 < _end && _buffer[i + 1] == (byte)'\r' && _buffer[i + 2] == (byte)'\n')
            {
                length = 3;
                return i;
            }
        }

        length = 0;
        return -1;
    }

    private Head ParseHead(int offset, int count)
    {
        // Parsed from the bytes, line by line: one string per header name and value (the usual names shared).
        int end = offset + count;
        int lineEnd = LineEnd(offset, end);
        int statusEnd = TrimCr(offset, lineEnd);
        int firstSpace = Array.IndexOf(_buffer, (byte)' ', offset, statusEnd - offset);
        int versionEnd = firstSpace > offset ? firstSpace : statusEnd;
        int rest = firstSpace > offset ? firstSpace + 1 : statusEnd;
        int restLength = statusEnd - rest;
        int status = restLength >= 3 ? Digit(rest) * 100 + Digit(rest + 1) * 10 + Digit(rest + 2) : -1;
        if (!StartsWith(offset, versionEnd, "HTTP/1.") || restLength < 3 || status < 100 || (restLength > 3 && _buffer[rest + 3] != (byte)' '))
        {
            throw new ProbeException(ProbeFailureKind.BadHeaders, "malformed status line " + Printable(_buffer, offset, Math.Min(count, 64)));
        }

        string version = versionEnd - offset == 8 && _buffer[offset + 7] == (byte)'1' ? "HTTP/1.1"
            : versionEnd - offset == 8 && _buffer[offset + 7] == (byte)'0' ? "HTTP/1.0"
            : Latin1(_buffer, offset, versionEnd - offset);
        string reason = restLength > 4 ? KnownOr(rest + 4, statusEnd, trim: true) : string.Empty;

        var headers = new List<KeyValuePair<string, string>>(12);
        for (int line = lineEnd + 1; line < end; line = lineEnd + 1)
        {
            lineEnd = LineEnd(line, end);
            int stop = TrimCr(line, lineEnd);
            if (stop == line)
            {
                continue;
            }

            if ((_buffer[line] == (byte)' ' || _buffer[line] == (byte)'\t') && headers.Count > 0)
            {
                // Obsolete line folding: the line continues the previous header's value.
                var last = headers[headers.Count - 1];
                headers[headers.Count - 1] = new KeyValuePair<string, string>(last.Key, last.Value + " " + Latin1(_buffer, line, stop - line).Trim());
                continue;
            }

            int colon = Array.IndexOf(_buffer, (byte)':', line, stop - line);
            if (colon <= line || Array.IndexOf(_buffer, (byte)' ', line, colon - line) >= 0 || Array.IndexOf(_buffer, (byte)'\t', line, colon - line) >= 0)
            {
                continue; // not a header line; tolerated as browsers do
            }

            headers.Add(new KeyValuePair<string, string>(KnownOr(line, colon, trim: false), KnownOr(colon + 1, stop, trim: true)));
        }

        return new Head(version, status, reason, headers);
    }

    private int LineEnd(int from, int end)
    {
        int at = Array.IndexOf(_buffer, (byte)'\n', from, end - from);
        return at < 0 ? end : at;
    }

    private int TrimCr(int start, int end)
    {
        while (end > start && _buffer[end - 1] == (byte)'\r')
        {
            end--;
        }

        return end;
    }

    private int Digit(int at) => _buffer[at] is >= (byte)'0' and <= (byte)'9' ? _buffer[at] - '0' : -1000;

    private bool StartsWith(int start, int end, string prefix)
    {
        if (end - start < prefix.Length)
        {
            return false;
        }

        for (int i = 0; i < prefix.Length; i++)
        {
            if (_buffer[start + i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    // The text of bytes [start, end) read as Latin-1, trimmed of white space when asked; a header name or value that every
    // response repeats is the shared string instead of a new one.
    private string KnownOr(int start, int end, bool trim)
    {
        if (trim)
        {
            while (start < end && char.IsWhiteSpace((char)_buffer[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace((char)_buffer[end - 1]))
            {
                end--;
            }
        }

        int length = end - start;
        if (length == 0)
        {
            return string.Empty;
        }

        foreach (string known in KnownTexts)
        {
            if (known.Length == length && StartsWith(start, end, known))
            {
                return known;
            }
        }

        return Latin1(_buffer, start, length);
    }

    private async Task<ProbeResponse> ReadBodyAsync(Head head, bool headRequest, CancellationToken cancellationToken)
    {
        bool keepAlive = KeepAlive(head);
        if (headRequest || head.Status is 204 or 304)
        {
            return Response(head, [], false, keepAlive);
        }

        string? transferEncoding = Find(head.Headers, "Transfer-Encoding");
        if (transferEncoding is not null && transferEncoding.TrimEnd().EndsWith("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadChunkedAsync(head, keepAlive, cancellationToken).ConfigureAwait(false);
        }

        if (ContentLength(head.Headers) is long length)
        {
            long kept = Math.Min(length, _maxBodyBytes);
            if (_end - _start >= kept)
            {
                // The whole body is already buffered (the usual case for a short answer): one copy, no stream.
                byte[] buffered = kept == 0 ? [] : new byte[kept];
                Buffer.BlockCopy(_buffer, _start, buffered, 0, (int)kept);
                _start += (int)kept;
                return Response(head, buffered, length > kept, keepAlive && length == kept);
            }

            // The rest of the body goes straight from the stream into an array of its size (up to 64 KiB at first,
            // growing as bytes arrive: a Content-Length alone reserves no more than that).
            int have = _end - _start;
            byte[] bodyBytes = new byte[Math.Max(have, (int)Math.Min(kept, InitialBodyBytes))];
            Buffer.BlockCopy(_buffer, _start, bodyBytes, 0, have);
            _start = _end;
            bool ended = false;
            while (have < kept)
            {
                if (have == bodyBytes.Length)
                {
                    Array.Resize(ref bodyBytes, (int)Math.Min(kept, bodyBytes.Length * 2L));
                }

                int read = await _stream.ReadAsync(bodyBytes, have, bodyBytes.Length - have, cancellationToken).ConfigureAwait(false);
                if (read <= 0)
                {
                    ended = true;
                    break;
                }

                have += read;
                _responseBytes += read;
            }

            if (have != bodyBytes.Length)
            {
                Array.Resize(ref bodyBytes, have);
            }

            bool cut = ended || length > kept;
            return Response(head, bodyBytes, cut, keepAlive && !cut);
        }

        // No length: the body runs until the server closes the connection.
        // Reaching the cap counts as truncated: one more read to look for the end could wait on an endless body.
        var rest = new MemoryStream();
        bool truncated = await CopyAsync(rest, _maxBodyBytes, cancellationToken).ConfigureAwait(false);
        return Response(head, rest.ToArray(), truncated, false);
    }

    private async Task<ProbeResponse> ReadChunkedAsync(Head head, bool keepAlive, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        while (true)
        {
            string? line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            int semicolon = line?.IndexOf(';') ?? -1;
            string sizeText = (semicolon >= 0 ? line!.Substring(0, semicolon) : line ?? string.Empty).Trim();
            if (line is null || sizeText.Length is 0 or > 15
                || !long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long size) || size < 0)
            {
                return Response(head, body.ToArray(), true, false); // broken framing: keep what came, drop the connection
            }

            if (size == 0)
            {
                // Trailers, up to the empty line.
                int trailerBytes = 0;
                while (true)
                {
                    string? trailer = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                    if (trailer is null || (trailerBytes += trailer.Length) > _maxHeaderBytes)
                    {
                        return Response(head, body.ToArray(), false, false);
                    }

                    if (trailer.Length == 0)
                    {
                        return Response(head, body.ToArray(), false, keepAlive);
                    }
                }
            }

            long room = _maxBodyBytes - body.Length;
            if (size > room)
            {
                await CopyAsync(body, room, cancellationToken).ConfigureAwait(false);
                return Response(head, body.ToArray(), true, false);
            }

            if (!await CopyAsync(body, size, cancellationToken).ConfigureAwait(false)
                || await ReadLineAsync(cancellationToken).ConfigureAwait(false) is not { Length: 0 })
            {
                return Response(head, body.ToArray(), true, false);
            }
        }
    }

    // Copies up to count bytes of the stream (buffered bytes first) into target; false when the stream ended first.
    private async Task<bool> CopyAsync(MemoryStream target, long count, CancellationToken cancellationToken)
    {
        long left = count;
        while (left > 0)
        {
            if (_end == _start && !await FillAsync(InitialBufferBytes, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            int n = (int)Math.Min(left, _end - _start);
            target.Write(_buffer, _start, n);
            _start += n;
            left -= n;
        }

        return true;
    }

    // A CRLF- or LF-terminated line of at most MaxChunkLineBytes, without its terminator; null at end of stream or when too long.
    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        int scanned = 0; // bytes after _start already searched
        while (true)
        {
            for (int i = _start + scanned; i < _end; i++)
            {
                if (_buffer[i] == (byte)'\n')
                {
                    string line = Latin1(_buffer, _start, i - _start).TrimEnd('\r');
                    _start = i + 1;
                    return line;
                }
            }

            if (_end - _start > MaxChunkLineBytes)
            {
                return null;
            }

            scanned = _end - _start;
            if (!await FillAsync(MaxChunkLineBytes + 2, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
    }

    // Reads more bytes after _end, growing the buffer up to limit bytes of pending data; false at end of stream.
    private async Task<bool> FillAsync(int limit, CancellationToken cancellationToken)
    {
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length, Math.Min(_buffer.Length * 2, Math.Max(limit, InitialBufferBytes))));
                if (_end == _buffer.Length)
                {
                    return true; // at the limit: the caller's cap check decides
                }
            }
        }

        int read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
        if (read <= 0)
        {
            return false;
        }

        _end += read;
        if (_responseBytes == 0)
        {
            FirstByteSeen();
        }

        _responseBytes += read;
        return true;
    }

    private void FirstByteSeen()
    {
        var callback = _onFirstByte;
        _onFirstByte = null;
        callback?.Invoke();
    }

    private static ProbeResponse Response(Head head, byte[] body, bool truncated, bool reusable) =>
        new(head.Status, head.Reason, head.Version, head.Headers, body, truncated, reusable);

    private static bool KeepAlive(Head head)
    {
        bool close = false, keepAlive = false;
        foreach (var header in head.Headers)
        {
            if (string.Equals(header.Key, "Connection", StringComparison.OrdinalIgnoreCase))
            {
                close |= HasToken(header.Value, "close");
                keepAlive |= HasToken(header.Value, "keep-alive");
            }
        }

        return head.Version == "HTTP/1.1" ? !close : keepAlive;
    }

    private static long? ContentLength(List<KeyValuePair<string, string>> headers)
    {
        long? length = null;
        foreach (var header in headers)
        {
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string value = header.Value;
            if (!long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long parsed) || (length is long seen && seen != parsed))
            {
                throw new ProbeException(ProbeFailureKind.BadHeaders, "invalid or conflicting Content-Length '" + Printable(value, 40) + "'");
            }

            length = parsed;
        }

        return length;
    }

    private static bool HasToken(string list, string token)
    {
        if (string.Equals(list, token, StringComparison.OrdinalIgnoreCase))
        {
            return true; // the usual single-token value, without splitting
        }

        foreach (string part in list.Split(','))
        {
            if (string.Equals(part.Trim(), token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Find(List<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    private static string Latin1(byte[] bytes, int offset, int count) => Latin1Encoding.GetString(bytes, offset, count);

    /// <summary>Bytes as quoted text with control and non-ASCII bytes escaped, for messages.</summary>
    internal static string Printable(byte[] bytes, int offset, int count) => Printable(Latin1(bytes, offset, count), count);

    internal static string Printable(string text, int max)
    {
        var builder = new StringBuilder("'");
        foreach (char c in text.Length > max ? text.Substring(0, max) : text)
        {
            builder.Append(c is >= ' ' and < (char)127 ? c.ToString() : "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture));
        }

        return builder.Append(text.Length > max ? "'..." : "'").ToString();
    }

    private sealed class Head(string version, int status, string reason, List<KeyValuePair<string, string>> headers)
    {
        public string Version { get; } = version;

        public int Status { get; } = status;

        public string Reason { get; } = reason;

        public List<KeyValuePair<string, string>> Headers { get; } = headers;
    }
}
