using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;

namespace HafniumTools.Logs.TestProxyLogon;

/// <summary>The lines of a plain list Test-ProxyLogon wrote (one path a line): each non-blank line, trimmed, with its number.</summary>
internal static class PlainListLines
{
    /// <summary>Reads <paramref name="stream"/> as UTF-8 (or the encoding its byte-order mark names), leaving it open.</summary>
    public static IEnumerable<(long Number, string Text)> Read(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 4096, leaveOpen: true);
        long number = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            number++;
            string trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                yield return (number, trimmed);
            }
        }
    }
}
