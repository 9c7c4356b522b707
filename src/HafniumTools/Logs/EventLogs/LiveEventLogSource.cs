using System;
using System.Collections.Generic;
using System.Threading;

namespace HafniumTools.Logs.EventLogs;

/// <summary>
/// One local event log read live through <see cref="Wevtutil"/> when the local server is scanned: the records an
/// XPath filter on the log's System element selects, within the hunt's time window, between the oldest and newest
/// records of the whole log as coverage-only rows (so coverage says how far back the log reaches, not only when the
/// last suspicious event happened). <see cref="LogRegistry"/> lists one instance per log.
/// </summary>
internal sealed class LiveEventLogSource : ILiveLogSource
{
    private readonly string _systemFilter;
    private readonly bool _presentWherever;

    /// <param name="logName">The channel, e.g. <c>Application</c>.</param>
    /// <param name="systemFilter">The condition on the event's System element, e.g. <c>Provider[@Name='x'] and Level=2</c>.</param>
    /// <param name="purpose">What the query looks for.</param>
    /// <param name="presentOnEveryWindowsComputer">False for a log that only exists where a role installed it: its presence is checked first.</param>
    public LiveEventLogSource(string logName, string systemFilter, string purpose, bool presentOnEveryWindowsComputer)
    {
        LogName = logName ?? throw new ArgumentNullException(nameof(logName));
        _systemFilter = systemFilter ?? throw new ArgumentNullException(nameof(systemFilter));
        Purpose = purpose ?? throw new ArgumentNullException(nameof(purpose));
        _presentWherever = presentOnEveryWindowsComputer;
    }

    public string LogName { get; }

    public string Purpose { get; }

    public LogKind Kind => LogKind.EventLogXml;

    public string Name => "EventLog/" + LogName;

    public bool IsAvailable => _presentWherever ? Wevtutil.IsSupported : Wevtutil.LogExists(LogName);

    /// <summary>The query of this log, limited to [<paramref name="sinceUtc"/>, <paramref name="untilUtc"/>] when given.</summary>
    public LiveEventLogQuery Query(DateTime? sinceUtc, DateTime? untilUtc) =>
        new(LogName, "*[System[" + _systemFilter + Wevtutil.TimeWindow(sinceUtc, untilUtc) + "]]", Purpose);

    public IEnumerable<ILogRow> Read(DateTime? since, DateTime? until, CancellationToken cancellationToken)
    {
        foreach (var edge in Wevtutil.Edge(LogName, newest: false, cancellationToken))
        {
            yield return edge;
        }

        foreach (var row in Wevtutil.Query(LogName, Query(since, until).XPath, cancellationToken))
        {
            yield return row;
        }

        foreach (var edge in Wevtutil.Edge(LogName, newest: true, cancellationToken))
        {
            yield return edge;
        }
    }

    public override string ToString() => Name;
}
