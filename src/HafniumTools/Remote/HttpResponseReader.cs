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
    private static readonly byte[] HttpPrefix = Encoding.ASCII.GetBytes("HTTP/");

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
        string text = Latin1(_buffer, offset, count);
        string[] lines = text.Split('\n');
        string statusLine = lines[0].TrimEnd('\r');
        int firstSpace = statusLine.IndexOf(' ');
        string version = firstSpace > 0 ? statusLine.Substring(0, firstSpace) : statusLine;
        string rest = firstSpace > 0 ? statusLine.Substring(firstSpace + 1) : string.Empty;
        if (!version.StartsWith("HTTP/1.", StringComparison.Ordinal) || rest.Length < 3
            || !int.TryParse(rest.Substring(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out int status)
            || status < 100 || (rest.Length > 3 && rest[3] != ' '))
        {
            throw new ProbeException(ProbeFailureKind.BadHeaders, "malformed status line " + Printable(_buffer, offset, Math.Min(count, 64)));
        }

        var headers = new List<KeyValuePair<string, string>>();
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if ((line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                // Obsolete line folding: the line continues the previous header's value.
                var last = headers[headers.Count - 1];
                headers[headers.Count - 1] = new KeyValuePair<string, string>(last.Key, last.Value + " " + line.Trim());
                continue;
            }

            int colon = line.IndexOf(':');
            if (colon <= 0 || line.Substring(0, colon).IndexOfAny([' ', '\t']) >= 0)
            {
                continue; // not a header line; tolerated as browsers do
            }

            headers.Add(new KeyValuePair<string, string>(line.Substring(0, colon), line.Substring(colon + 1).Trim()));
        }

        return new Head(version, status, rest.Length > 4 ? rest.Substring(4).Trim() : string.Empty, headers);
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
            var body = new MemoryStream((int)Math.Min(length, Math.Min(_maxBodyBytes, 64 * 1024)));
            long kept = Math.Min(length, _maxBodyBytes);
            bool complete = await CopyAsync(body, kept, cancellationToken).ConfigureAwait(false);
            bool cut = !complete || length > kept;
            return Response(head, body.ToArray(), cut, keepAlive && !cut);
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
        string connection = string.Join(",", FindAll(head.Headers, "Connection"));
        bool close = HasToken(connection, "close");
        return head.Version == "HTTP/1.1" ? !close : HasToken(connection, "keep-alive");
    }

    private static long? ContentLength(List<KeyValuePair<string, string>> headers)
    {
        long? length = null;
        foreach (string value in FindAll(headers, "Content-Length"))
        {
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

    private static IEnumerable<string> FindAll(List<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                yield return header.Value;
            }
        }
    }

    private static string Latin1(byte[] bytes, int offset, int count)
    {
        var chars = new char[count];
        for (int i = 0; i < count; i++)
        {
            chars[i] = (char)bytes[offset + i];
        }

        return new string(chars);
    }

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
