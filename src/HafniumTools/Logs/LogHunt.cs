using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>One thing a file scan hands back to the pipeline thread: a finding, bytes read, or the file's summary.</summary>
internal sealed class LogHuntEvent
{
    private LogHuntEvent(Finding? finding, LogFileSummary? summary, long bytes)
    {
        Finding = finding;
        Summary = summary;
        BytesRead = bytes;
    }

    public Finding? Finding { get; }

    public LogFileSummary? Summary { get; }

    /// <summary>Bytes read since the previous event of the same file.</summary>
    public long BytesRead { get; }

    internal static LogHuntEvent Found(Finding finding) => new(finding, null, 0);

    internal static LogHuntEvent Read(long bytes) => new(null, null, bytes);

    internal static LogHuntEvent Done(LogFileSummary summary) => new(null, summary, 0);
}

/// <summary>
/// The log hunt: reads files in parallel (bounded by <see cref="LogHuntOptions.ThrottleLimit"/>), runs every rule set
/// of each file's kind over its rows, and hands findings, progress and per-file summaries to callbacks on the
/// calling thread only (the cmdlet's pipeline thread). The cmdlet and the benchmark both run exactly this.
/// </summary>
internal static class LogHunt
{
    public static void Run(
        IEnumerable<LogFileEntry> files,
        LogHuntOptions options,
        Action<LogHuntEvent> onEvent,
        CancellationToken cancellationToken)
    {
        if (files is null || options is null || onEvent is null)
        {
            throw new ArgumentNullException(files is null ? nameof(files) : options is null ? nameof(options) : nameof(onEvent));
        }

        ParallelPipeline.Run(
            files,
            Math.Max(1, options.ThrottleLimit),
            (file, token) => ScanFile(file, options, token),
            onEvent,
            (file, error) => onEvent(LogHuntEvent.Done(new LogFileSummary(file, LogKind.Unknown, "Unknown", string.Empty) { Error = error })),
            cancellationToken);
    }

    /// <summary>
    /// Reads live sources (the local event logs) through the rule sets of their kinds, in parallel like files; each
    /// source ends with a summary whose file path is the source's name.
    /// </summary>
    public static void RunLive(
        IEnumerable<ILiveLogSource> sources,
        LogHuntOptions options,
        Action<LogHuntEvent> onEvent,
        CancellationToken cancellationToken)
    {
        if (sources is null || options is null || onEvent is null)
        {
            throw new ArgumentNullException(sources is null ? nameof(sources) : options is null ? nameof(options) : nameof(onEvent));
        }

        ParallelPipeline.Run(
            sources.Where(s => options.WantsKind(s.Kind)),
            Math.Max(1, options.ThrottleLimit),
            (source, token) => ScanLive(source, options, token),
            onEvent,
            (source, error) => onEvent(LogHuntEvent.Done(new LogFileSummary(LiveEntry(source), source.Kind, source.Name, options.DefaultComputerName ?? string.Empty) { Error = error })),
            cancellationToken);
    }

    /// <summary>Scans one file; findings and progress stream out as the file is read, the summary comes last.</summary>
    public static IEnumerable<LogHuntEvent> ScanFile(LogFileEntry file, LogHuntOptions options, CancellationToken cancellationToken)
    {
        if (options.Since is DateTime since && file.Length > 0 && file.LastWriteTimeUtc < since)
        {
            yield return LogHuntEvent.Done(new LogFileSummary(file, LogLocation.KindFromPath(file.Path), string.Empty, string.Empty) { SkippedByTime = true });
            yield break;
        }

        using var scan = new FileScan(file, options);
        var findings = new List<Finding>();
        bool more = scan.Start();
        while (more)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long before = scan.BytesRead;
            more = scan.Step(findings);
            foreach (var finding in findings)
            {
                if (options.WantsCve(finding.Cve))
                {
                    yield return LogHuntEvent.Found(finding);
                }
            }

            findings.Clear();
            if (scan.BytesRead > before)
            {
                yield return LogHuntEvent.Read(scan.BytesRead - before);
            }
        }

        yield return LogHuntEvent.Done(scan.Summary());
    }

    private static IEnumerable<LogHuntEvent> ScanLive(ILiveLogSource source, LogHuntOptions options, CancellationToken cancellationToken)
    {
        if (!source.IsAvailable)
        {
            yield break;
        }

        using var rows = source.Read(options.Since, options.Until, cancellationToken).GetEnumerator();
        var stream = new RowStream(rows, options.Plugins.RulesFor(source.Kind), options.Since, options.Until);
        var findings = new List<Finding>();
        Exception? error = null;
        bool more = true;
        while (more)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                more = stream.Step(findings);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error = e;
                more = false;
            }

            foreach (var finding in findings.Where(f => options.WantsCve(f.Cve)))
            {
                yield return LogHuntEvent.Found(finding);
            }

            findings.Clear();
        }

        yield return LogHuntEvent.Done(new LogFileSummary(LiveEntry(source), source.Kind, source.Name, stream.ComputerName ?? options.DefaultComputerName ?? string.Empty)
        {
            Lines = stream.Rows,
            FirstTimestamp = stream.FirstTimestamp,
            LastTimestamp = stream.LastTimestamp,
            RecognizedFromHeader = true,
            Error = error,
            RuleFailures = stream.RuleFailures,
            FirstRuleFailure = stream.FirstRuleFailure,
        });
    }

    private static LogFileEntry LiveEntry(ILiveLogSource source) => new(source.Name, 0, DateTime.MinValue, explicitlyNamed: false);

    /// <summary>One file's scan as a resumable state machine, so that failures are caught where no result is being yielded.</summary>
    private sealed class FileScan(LogFileEntry file, LogHuntOptions options) : IDisposable
    {
        private Stream? _stream;
        private DetectedFormat? _format;
        private TextLogReader? _reader;
        private IEnumerator<ILogRow>? _pluginRows;
        private RowStream? _plugin;
        private IReadOnlyList<ILogRowRules> _ruleSets = Array.Empty<ILogRowRules>();
        private Exception? _error;
        private readonly string? _pathComputer = LogLocation.ComputerNameFromPath(file.Path);

        public long BytesRead => _reader?.BytesRead ?? SafePosition();

        public bool Start()
        {
            try
            {
                _stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
                var head = new byte[LogFormatDetector.HeadSize];
                int count = ReadHead(_stream, head);
                _format = LogFormatDetector.Detect(head, count, file.Path, options.Plugins.Formats);
                if (_format.Kind == LogKind.Unknown || !options.WantsKind(_format.Kind))
                {
                    return false;
                }

                _stream.Position = 0;
                _ruleSets = options.Plugins.RulesFor(_format.Kind);
                if (_format.Plugin is { } plugin)
                {
                    _pluginRows = plugin.Read(_stream, file.Path, CancellationToken.None).GetEnumerator();
                    _plugin = new RowStream(_pluginRows, _ruleSets, options.Since, options.Until);
                }
                else
                {
                    options.Plugins.Prefilters.TryGetValue(_format.Kind, out var prefilter);
                    _reader = new TextLogReader(
                        _stream, file.Path, _format.Kind, _ruleSets, prefilter, options.Since, options.Until,
                        _pathComputer ?? options.DefaultComputerName, options.BufferSize);
                }

                return true;
            }
#pragma warning disable CA1031 // Any failure to open or recognise one file is that file's error; the hunt goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _error = e;
                return false;
            }
        }

        public bool Step(List<Finding> findings)
        {
            try
            {
                return _reader is not null ? _reader.Step(findings) : _plugin!.Step(findings);
            }
#pragma warning disable CA1031 // Garbage or an I/O failure ends this file only.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _error = e;
                return false;
            }
        }

        public LogFileSummary Summary()
        {
            var kind = _format?.Kind ?? LogLocation.KindFromPath(file.Path);
            string? rowComputer = _reader?.RowComputerName ?? _plugin?.ComputerName;
            string computer = rowComputer ?? _pathComputer ?? options.DefaultComputerName ?? string.Empty;
            return new LogFileSummary(file, kind, LogLocation.SourceName(kind, file.Path, _reader?.Protocol), computer)
            {
                Bytes = Math.Max(BytesRead, _error is null && _format?.Kind is not null and not LogKind.Unknown ? file.Length : 0),
                Lines = _reader?.Rows ?? _plugin?.Rows ?? 0,
                FirstTimestamp = _reader?.FirstTimestamp ?? _plugin?.FirstTimestamp,
                LastTimestamp = _reader?.LastTimestamp ?? _plugin?.LastTimestamp,
                RecognizedFromHeader = _format?.FromHeader ?? false,
                Error = _error,
                RuleFailures = _reader?.RuleFailures ?? _plugin?.RuleFailures ?? 0,
                FirstRuleFailure = _reader?.FirstRuleFailure ?? _plugin?.FirstRuleFailure,
            };
        }

        public void Dispose()
        {
            _pluginRows?.Dispose();
            _stream?.Dispose();
        }

        private long SafePosition()
        {
            try
            {
                return _stream is { CanSeek: true } s ? s.Position : 0;
            }
            catch (ObjectDisposedException)
            {
                return 0;
            }
        }

        private static int ReadHead(Stream stream, byte[] head)
        {
            int count = 0;
            while (count < head.Length)
            {
                int read = stream.Read(head, count, head.Length - count);
                if (read <= 0)
                {
                    break;
                }

                count += read;
            }

            return count;
        }
    }
}
