using System;
using System.IO;

namespace HafniumTools.Logs.EventLogs;

/// <summary>A read-only stream that gives back bytes already read from another stream, then the rest of it.</summary>
internal sealed class PrefixedStream(byte[] prefix, int prefixCount, Stream inner) : Stream
{
    private int _prefixPosition;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_prefixPosition < prefixCount)
        {
            int n = Math.Min(count, prefixCount - _prefixPosition);
            Array.Copy(prefix, _prefixPosition, buffer, offset, n);
            _prefixPosition += n;
            return n;
        }

        return inner.Read(buffer, offset, count);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
