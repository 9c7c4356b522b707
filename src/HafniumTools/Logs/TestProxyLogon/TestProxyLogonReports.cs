using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace HafniumTools.Logs.TestProxyLogon;

/// <summary>
/// The reports Test-ProxyLogon wrote that hold nothing a log rule judges: <c>&lt;server&gt;-LogAgeDays.csv</c> (how far
/// back each log folder went) and <c>&lt;server&gt;-other.csv</c> (LSASS dumps under C:\root and Windows\Temp, archives
/// anywhere under ProgramData, listed without any judgement). They are named in a warning that says what they hold, so
/// nothing Test-ProxyLogon wrote is dropped silently; the files they list are judged by Find-HafniumWebShell on the
/// server or its triage copy.
/// </summary>
internal static class TestProxyLogonReports
{
    private const int MaxListed = 20;
    private const long MaxBytes = 1024 * 1024;

    /// <summary>What the report at <paramref name="path"/> holds, in one sentence or a short list, for the warning.</summary>
    public static string Describe(string path, Stream stream)
    {
        string name = Path.GetFileName(path.Replace('\\', '/'));
        try
        {
            stream.Position = 0;
            var records = ExportedCsv.Read(new BoundedStream(stream, MaxBytes), CancellationToken.None).Take(1000).ToList();
            if (name.EndsWith("-other.csv", StringComparison.OrdinalIgnoreCase))
            {
                var listed = records.Select(r => Value(r.Values, "Type") + " " + Value(r.Values, "Path")).ToList();
                return "Test-ProxyLogon's list of suspicious files (" + listed.Count + " listed"
                    + (listed.Count > 0 ? ": " + string.Join("; ", listed.Take(MaxListed)) + (listed.Count > MaxListed ? "; …" : string.Empty) : string.Empty)
                    + "). It only lists LSASS dumps and archives by name: judge them with Find-HafniumWebShell on the server or its triage copy (LSASS dumps and short-named archives in ProgramData are reported there).";
            }

            if (name.EndsWith("-LogAgeDays.csv", StringComparison.OrdinalIgnoreCase))
            {
                var ages = records.Take(1).SelectMany(r => r.Values.Select(v => v.Key + " " + v.Value)).ToList();
                return "Test-ProxyLogon's log ages in days (" + string.Join(", ", ages) + "): how far back its scan could see. No indicator is in it; the coverage of the logs themselves says what this scan read.";
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException)
        {
            return "A Test-ProxyLogon report in no form it writes (" + e.Message + ").";
        }

        return "A Test-ProxyLogon report in no form it writes.";
    }

    private static string Value(Dictionary<string, string?> values, string key) => values.TryGetValue(key, out var v) ? v ?? string.Empty : string.Empty;

    /// <summary>A read-only view of the first bytes of a stream.</summary>
    private sealed class BoundedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = inner.Read(buffer, offset, (int)Math.Min(count, limit - _read));
            _read += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
