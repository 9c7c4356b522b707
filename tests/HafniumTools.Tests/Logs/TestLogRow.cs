using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using HafniumTools.Logs;

namespace HafniumTools.Tests.Logs;

/// <summary>A dictionary-backed <see cref="ILogRow"/> for testing rules without the log engine.</summary>
internal sealed class TestLogRow : ILogRow
{
    private readonly Dictionary<string, string?> _fields;

    public TestLogRow(LogKind kind, string path, long lineNumber, string rawText, IDictionary<string, string?> fields, DateTime? timestamp = null, string? computerName = null)
    {
        Kind = kind;
        Path = path;
        LineNumber = lineNumber;
        RawText = rawText;
        Timestamp = timestamp;
        ComputerName = computerName;
        _fields = new Dictionary<string, string?>(fields, StringComparer.OrdinalIgnoreCase);
    }

    public LogKind Kind { get; }

    public string Path { get; }

    public long LineNumber { get; }

    public string? ComputerName { get; }

    public DateTime? Timestamp { get; }

    public string RawText { get; }

    public string? this[string field] => _fields.TryGetValue(field, out var value) ? value : null;

    public static string FixturePath(params string[] parts) =>
        System.IO.Path.Combine(new[] { AppContext.BaseDirectory, "Fixtures", "Logs" }.Concat(parts).ToArray());

    /// <summary>Rows of a '#Fields:' CSV log, split the way a CSV reader does (quotes, doubled quotes).</summary>
    public static List<TestLogRow> ReadCsvLog(string path, LogKind kind)
    {
        var rows = new List<TestLogRow>();
        string[]? fields = null;
        long lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.StartsWith("#Fields:", StringComparison.Ordinal))
            {
                fields = line.Substring(8).Trim().Split(',');
                continue;
            }

            if (line.StartsWith('#') || line.Length == 0 || fields is null)
            {
                continue;
            }

            var values = SplitCsv(line);
            var map = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < fields.Length; i++)
            {
                map[fields[i]] = i < values.Count ? values[i] : null;
            }

            rows.Add(new TestLogRow(kind, path, lineNumber, line, map));
        }

        return rows;
    }

    /// <summary>Rows of a plain-text log: each line's field "Message" is the whole line.</summary>
    public static List<TestLogRow> ReadTextLog(string path, LogKind kind) =>
        File.ReadLines(path)
            .Select((line, index) => new TestLogRow(kind, path, index + 1, line, new Dictionary<string, string?> { ["Message"] = line }))
            .ToList();

    public static TestLogRow Ecp(string eventData, long lineNumber = 1, string path = "ECPServer20210303-1.LOG", DateTime? timestamp = null) =>
        new(LogKind.EcpServer, path, lineNumber, eventData, new Dictionary<string, string?>
        {
            ["TimeStamp"] = (timestamp ?? new DateTime(2021, 3, 3, 4, 17, 33, DateTimeKind.Utc)).ToString("o"),
            ["ServerName"] = "EXCH01",
            ["EventId"] = "ECP.Request",
            ["EventData"] = eventData,
        });

    public static List<string> SplitCsv(string line)
    {
        var values = new List<string>();
        var value = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    value.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    value.Append(c);
                }
            }
            else if (c == '"' && value.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                values.Add(value.ToString());
                value.Clear();
            }
            else
            {
                value.Append(c);
            }
        }

        values.Add(value.ToString());
        return values;
    }
}
