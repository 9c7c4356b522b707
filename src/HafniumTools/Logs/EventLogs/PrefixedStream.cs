using System;
using System.IO;
using HafniumTools.Core;

namespace HafniumTools.Logs.EventLogs;

/// <summary>A read-only stream that gives back bytes already read from another stream, then the rest of it.</summary>
internal sealed class PrefixedStream(byte[] prefix, int prefixCount, Stream inner) : ReadOnlyForwardStream
{
    private int _prefixPosition;

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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
