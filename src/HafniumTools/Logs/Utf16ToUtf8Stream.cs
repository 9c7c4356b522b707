using System;
using System.IO;
using HafniumTools.Core;
using System.Text;

namespace HafniumTools.Logs;

/// <summary>
/// A read-only stream of the UTF-8 bytes of UTF-16 text read from another stream, converted a chunk at a time (bounded
/// memory), so that the byte readers read a UTF-16 log as they read a UTF-8 one. Invalid UTF-16 becomes U+FFFD.
/// The inner stream is not disposed with it.
/// </summary>
internal sealed class Utf16ToUtf8Stream : ReadOnlyForwardStream
{
    private const int ChunkBytes = 64 * 1024;

    private readonly Stream _inner;
    private readonly Decoder _decoder;
    private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
    private readonly byte[] _raw = new byte[ChunkBytes];
    private readonly char[] _chars = new char[(ChunkBytes / 2) + 2];
    private readonly byte[] _out = new byte[(((ChunkBytes / 2) + 2) * 3) + 4];
    private int _outPosition;
    private int _outLength;
    private bool _eof;

    /// <param name="inner">Positioned after any byte order mark.</param>
    public Utf16ToUtf8Stream(Stream inner, Encoding utf16)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _decoder = (utf16 ?? throw new ArgumentNullException(nameof(utf16))).GetDecoder();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        while (_outPosition == _outLength)
        {
            if (_eof)
            {
                return 0;
            }

            Convert();
        }

        int n = Math.Min(count, _outLength - _outPosition);
        Buffer.BlockCopy(_out, _outPosition, buffer, offset, n);
        _outPosition += n;
        return n;
    }

    private void Convert()
    {
        int read = _inner.Read(_raw, 0, _raw.Length);
        bool last = read <= 0;
        _eof = last;
        int chars = _decoder.GetChars(_raw, 0, Math.Max(0, read), _chars, 0, last);
        _outLength = _encoder.GetBytes(_chars, 0, chars, _out, 0, last);
        _outPosition = 0;
    }
}
