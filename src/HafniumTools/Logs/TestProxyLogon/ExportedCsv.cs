using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;

namespace HafniumTools.Logs.TestProxyLogon;

/// <summary>
/// The CSV that PowerShell's <c>Export-Csv</c> writes: an optional <c>#TYPE</c> line, a header line, then records whose
/// values are double-quoted (<c>""</c> inside), a value possibly spanning lines (an event message does).
/// </summary>
internal static class ExportedCsv
{
    /// <summary>The header names of a head of such a file (after a BOM and a <c>#TYPE</c> line); empty when there is none.</summary>
    public static string[] HeaderOf(byte[] head, int count)
    {
        string text = Encoding.UTF8.GetString(head, 0, Math.Min(count, head.Length)).TrimStart('\uFEFF');
        using var reader = new StringReader(text);
        string? line = reader.ReadLine();
        if (line is not null && line.StartsWith("#TYPE", StringComparison.OrdinalIgnoreCase))
        {
            line = reader.ReadLine();
        }

        return line is null || line.IndexOf(',') < 0 ? [] : LogFieldMap.SplitHeader(line);
    }

    /// <summary>
    /// The records of the file, each with the line it starts on and its text as written; the header maps names to
    /// values (case-insensitive). Throws <see cref="InvalidDataException"/> when there is no header.
    /// </summary>
    public static IEnumerable<(long Line, string Raw, Dictionary<string, string?> Values)> Read(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 64 * 1024, leaveOpen: true);
        long line = 1;
        var first = NextRecord(reader, ref line);
        if (first is { } typeLine && typeLine.Fields.Count >= 1 && typeLine.Fields[0].StartsWith("#TYPE", StringComparison.OrdinalIgnoreCase))
        {
            first = NextRecord(reader, ref line);
        }

        if (first is null || first.Value.Fields.Count < 2)
        {
            throw new InvalidDataException("No CSV header line.");
        }

        var names = first.Value.Fields;
        while (NextRecord(reader, ref line) is { } record)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (record.Fields.Count == 1 && record.Fields[0].Length == 0)
            {
                continue;
            }

            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < names.Count && i < record.Fields.Count; i++)
            {
                values[names[i]] = record.Fields[i];
            }

            yield return (record.Line, record.Raw, values);
        }
    }

    private static (long Line, string Raw, List<string> Fields)? NextRecord(StreamReader reader, ref long line)
    {
        if (reader.Peek() < 0)
        {
            return null;
        }

        long start = line;
        var fields = new List<string>();
        var field = new StringBuilder();
        var raw = new StringBuilder();
        bool quoted = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            char ch = (char)c;
            if (quoted)
            {
                if (ch == '"' && reader.Peek() == '"')
                {
                    raw.Append(ch).Append((char)reader.Read());
                    field.Append('"');
                    continue;
                }

                if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                    if (ch == '\n')
                    {
                        line++;
                    }
                }

                raw.Append(ch);
                continue;
            }

            if (ch == '\n')
            {
                line++;
                break;
            }

            if (ch == '\r')
            {
                continue;
            }

            raw.Append(ch);
            if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        fields.Add(field.ToString());
        return (start, raw.ToString(), fields);
    }
}
