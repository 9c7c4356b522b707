using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// How far back the evidence goes for one server and one log source: the time span the scanned rows cover,
/// how much was read, and which files could not be read. A clean result only means something over this window.
/// </summary>
public sealed class LogCoverage
{
    public LogCoverage(string computerName, LogKind kind, string source)
    {
        ComputerName = computerName ?? string.Empty;
        Kind = kind;
        Source = source ?? string.Empty;
    }

    public string ComputerName { get; init; }

    public LogKind Kind { get; init; }

    /// <summary>The log source, e.g. <c>HttpProxy/Owa</c>, <c>ECP/Server</c>, <c>OABGeneratorLog</c>.</summary>
    public string Source { get; init; }

    /// <summary>The earliest row time seen, UTC.</summary>
    public DateTimeOffset? FirstTimestamp { get; init => field = value?.ToUniversalTime(); }

    /// <summary>The latest row time seen, UTC.</summary>
    public DateTimeOffset? LastTimestamp { get; init => field = value?.ToUniversalTime(); }

    /// <summary>Whole days between the first and last row (0 when unknown).</summary>
    public double Days => FirstTimestamp is DateTimeOffset f && LastTimestamp is DateTimeOffset l ? Math.Round((l - f).TotalDays, 1) : 0;

    /// <summary>Files read (including the unreadable ones).</summary>
    public int Files { get; init; }

    public long Bytes { get; init; }

    /// <summary>Data rows read.</summary>
    public long Lines { get; init; }

    public int UnreadableFiles { get; init; }

    /// <summary>The files that could not be read; one comma-separated line in CSV.</summary>
    public TextList UnreadablePaths { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "{0} {1}: {2:yyyy-MM-dd HH:mm} .. {3:yyyy-MM-dd HH:mm} UTC, {4} files, {5} unreadable",
        ComputerName,
        Source,
        FirstTimestamp,
        LastTimestamp,
        Files,
        UnreadableFiles);
}

/// <summary>Adds file summaries up into one <see cref="LogCoverage"/> per server and source.</summary>
public sealed class LogCoverageBuilder
{
    private readonly Dictionary<string, Accumulator> _groups = new(StringComparer.OrdinalIgnoreCase);

    public void Add(LogFileSummary summary)
    {
        if (summary is null || summary.SkippedByTime || (summary.Kind == LogKind.Unknown && summary.Error is null))
        {
            return;
        }

        string key = summary.ComputerName + "\u0001" + summary.Kind + "\u0001" + summary.Source;
        if (!_groups.TryGetValue(key, out var group))
        {
            _groups[key] = group = new Accumulator(summary.ComputerName, summary.Kind, summary.Source);
        }

        group.Files++;
        group.Bytes += summary.Bytes;
        group.Lines += summary.Lines;
        if (summary.FirstTimestamp is DateTime f && (group.First is null || f < group.First))
        {
            group.First = f;
        }

        if (summary.LastTimestamp is DateTime l && (group.Last is null || l > group.Last))
        {
            group.Last = l;
        }

        if (summary.Error is not null)
        {
            group.Unreadable.Add(summary.File.Path);
        }
    }

    public IEnumerable<LogCoverage> Build() =>
        _groups.Values
            .OrderBy(g => g.ComputerName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(g => g.Kind)
            .ThenBy(g => g.Source, StringComparer.OrdinalIgnoreCase)
            .Select(g => new LogCoverage(g.ComputerName, g.Kind, g.Source)
            {
                FirstTimestamp = g.First,
                LastTimestamp = g.Last,
                Files = g.Files,
                Bytes = g.Bytes,
                Lines = g.Lines,
                UnreadableFiles = g.Unreadable.Count,
                UnreadablePaths = new TextList(g.Unreadable.OrderBy(p => p, StringComparer.OrdinalIgnoreCase)),
            });

    private sealed class Accumulator(string computerName, LogKind kind, string source)
    {
        public string ComputerName { get; } = computerName;

        public LogKind Kind { get; } = kind;

        public string Source { get; } = source;

        public int Files { get; set; }

        public long Bytes { get; set; }

        public long Lines { get; set; }

        public DateTime? First { get; set; }

        public DateTime? Last { get; set; }

        public List<string> Unreadable { get; } = [];
    }
}
