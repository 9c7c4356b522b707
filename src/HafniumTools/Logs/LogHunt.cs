using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// The log hunt, the one way into the log engine: Find-HafniumLogIndicator, the anomaly cmdlets' <c>-LogPath</c>, the
/// per-server audit and the benchmark all run exactly <see cref="Run"/>.
/// </summary>
internal static class LogHunt
{
    /// <summary>What the hunt's progress is titled.</summary>
    public const string Activity = "Hunting Exchange logs for ProxyLogon indicators";

    /// <summary>
    /// Finds the log files under <see cref="LogHuntRequest.Paths"/> (<see cref="LogFileDiscovery"/>), reads them in
    /// parallel (bounded by <see cref="LogHuntRequest.ThrottleLimit"/>, one <see cref="LogSourceReader"/> each) and
    /// then, when asked, this computer's live logs, through the rule sets of each log's kind. Everything is reported to
    /// <paramref name="sink"/>, on the calling thread only: each finding as it is found, progress, each per-item problem
    /// (a path gone, a folder or file unreadable, a file that is no log, rule failures) with its <see cref="ErrorIds"/>
    /// id, and at the end one <see cref="ScanCoverage"/> per server and log source. Throws only
    /// <see cref="OperationCanceledException"/>, when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static void Run(LogHuntRequest request, IScanSink sink, CancellationToken cancellationToken)
    {
        if (request is null || sink is null)
        {
            throw new ArgumentNullException(request is null ? nameof(request) : nameof(sink));
        }

        if (request.WindowIsEmpty)
        {
            sink.Problem(ScanProblem.Error(ErrorIds.TimeWindowEmpty, ProblemCategory.InvalidArgument, LogHuntRequest.EmptyWindowMessage, request.Since));
            return;
        }

        var files = new LogFileDiscovery(sink).Find(request.Paths, cancellationToken);
        var tally = new Tally(request, sink, files);
        int throttle = Math.Max(1, request.ThrottleLimit);
        ParallelPipeline.Run(
            files,
            throttle,
            (file, token) => ReadFile(file, request, token),
            report => report(tally),
            (file, error) => tally.Failed(file, file.Path, LogKind.Unknown, "Unknown", string.Empty, error),
            cancellationToken);
        if (request.ReadLiveSources)
        {
            tally.ReadingLiveSources();
            ParallelPipeline.Run(
                request.Registry.AllLiveSources.Where(s => request.WantsKind(s.Kind)),
                throttle,
                (source, token) => source.IsAvailable ? Read(LogSourceReader.ForLive(source, request, token), request, token) : [],
                report => report(tally),
                (source, error) => tally.Failed(null, source.Name, source.Kind, source.Name, request.DefaultComputerName ?? string.Empty, error),
                cancellationToken);
        }

        tally.ReportUnnamed();
        tally.ReportAttempts();
        tally.ReportCoverage();
    }

    // On a worker thread: every file is opened and read, whatever its modification time says (an attacker sets it);
    // -Since and -Until select rows by their own timestamps.
    private static IEnumerable<Action<Tally>> ReadFile(LogFileEntry file, LogHuntRequest request, CancellationToken cancellationToken) =>
        Read(LogSourceReader.ForFile(file, request, cancellationToken), request, cancellationToken);

    // On a worker thread: what reading one source gives, as reports the calling thread runs in order.
    private static IEnumerable<Action<Tally>> Read(LogSourceReader reader, LogHuntRequest request, CancellationToken cancellationToken)
    {
        using (reader)
        {
            var findings = new List<Finding>();
            long reported = 0;
            bool more = true;
            while (more)
            {
                cancellationToken.ThrowIfCancellationRequested();
                more = reader.Step(findings);
                // Every finding goes to the calling thread, selected or not: what one means can depend on another
                // (ClientStory), and the selection applies to what they mean once told.
                foreach (var finding in findings)
                {
                    yield return t => t.Found(finding, reader.File);
                }

                findings.Clear();
                long read = reader.BytesRead - reported;
                if (read > 0)
                {
                    reported = reader.BytesRead;
                    yield return t => t.Read(read);
                }
            }

            yield return t => t.Finished(reader);
        }
    }

    /// <summary>The calling thread's side of a hunt: findings and problems passed to the sink, progress, coverage counted.</summary>
    private sealed class Tally(LogHuntRequest request, IScanSink sink, IReadOnlyList<LogFileEntry> files)
    {
        private readonly CoverageAccumulator _coverage = new();
        private readonly EvidenceRootNames _names = new(request.Paths, files, request.DefaultComputerName);
        private readonly long _totalBytes = files.Sum(f => f.Length);
        private long _bytesDone;
        private int _filesDone;
        private bool _live;

        private readonly ClientStory _story = new(request.Registry.RuleInUse, request.Selects);

        /// <summary>A finding of <paramref name="file"/> (null: a live log): held until its evidence root is named (bounded).</summary>
        public void Found(Finding finding, LogFileEntry? file) => Named(_names.Take(file, finding));

        /// <summary>Whatever a root still holds (a file that never reported its end), named with what is known.</summary>
        public void ReportUnnamed()
        {
            foreach (var finding in _names.Flush())
            {
                Report(finding);
            }
        }

        private void Report(Finding finding)
        {
            // An attempt waits for the end of the hunt, to be told with what the same client did next (any file); an admin
            // cmdlet, with the sessions its server's logs show before it.
            if (_story.Hold(finding) is not { } now)
            {
                return;
            }

            if (request.Selects(now))
            {
                sink.Found(now);
            }

            ReportProgress();
        }

        /// <summary>The attempts held back, each annotated with what followed from its client.</summary>
        public void ReportAttempts()
        {
            foreach (var finding in _story.Told())
            {
                if (request.Selects(finding))
                {
                    sink.Found(finding);
                }
            }
        }

        public void Read(long bytes)
        {
            _bytesDone += bytes;
            ReportProgress();
        }

        public void ReadingLiveSources() => _live = true;

        public void Finished(LogSourceReader reader)
        {
            var category = LogLocation.CategoryOf(reader.Kind);

            // What the coverage needs, copied: the counting below may wait for the root's other files, and must not keep
            // the reader (and its read buffer) alive meanwhile.
            string source = reader.Source, path = reader.Path, kind = reader.Kind.ToString();
            if (reader.Error is { } error)
            {
                Failed(reader.File, reader.Path, reader.Kind, reader.Source, reader.ComputerName, error, reader.BytesRead, reader.StatedComputerName);
                return;
            }

            Action<string> count = _ => { };
            if (reader.Kind == LogKind.Unknown && reader.UnjudgedReport is { } report)
            {
                sink.Problem(ScanProblem.Warning(
                    ErrorIds.TestProxyLogonReportNotJudged, "'" + reader.Path + "' was not judged: " + report, reader.Path));
            }
            else if (reader.Kind == LogKind.Unknown)
            {
                NotALog(reader, null);
            }
            else if (reader.Tentative && reader.Rows == 0)
            {
                NotALog(reader, "it is a " + reader.Kind + " file that holds no event record");
            }
            else if (!request.WantsKind(reader.Kind))
            {
                count = name => _coverage.Skipped(name, category, source, path, "not a selected -Kind");
            }
            else if (reader.File is { Length: > 0 } && reader.Rows == 0)
            {
                // Recognised, yet nothing came out: its evidence was not read, so it is not coverage.
                count = name => _coverage.Skipped(name, category, source, path, "recognised as " + kind + " but no row was read");
                sink.Problem(ScanProblem.Warning(
                    ErrorIds.LogFileYieldedNoRows,
                    "'" + reader.Path + "' looks like a " + reader.Kind + " log but no row could be read from it (" + reader.CoveredBytes.ToString("N0", CultureInfo.InvariantCulture)
                        + " bytes): it was not judged. Check that it is a complete log in its original format, or read it with the tool that wrote it.",
                    reader.Path));
            }
            else
            {
                var (bytes, rows, first, last) = (reader.CoveredBytes, reader.Rows, reader.FirstTimestamp, reader.LastTimestamp);
                var gaps = reader.Gaps.All.Select(gap => gap.Where() + " " + ShortText.Cap(gap.What, 200)).ToList();
                count = name =>
                {
                    _coverage.Read(name, category, source, bytes, rows, first, last);
                    foreach (var gap in gaps)
                    {
                        _coverage.ReadInPart(name, category, source, path, gap);
                    }
                };
                if (!reader.FromHeader)
                {
                    sink.Problem(ScanProblem.Verbose("No header in " + reader.Path + "; read as " + reader.Kind + " because of its folder or name.", reader.Path));
                }
            }

            foreach (var gap in reader.Gaps.All)
            {
                sink.Problem(ScanProblem.Warning(
                    gap.ErrorId,
                    "'" + reader.Path + "', " + gap.Where() + ": " + ShortText.Cap(gap.What, 400) + ". The rest of the file was read; the coverage (-CoverageVariable) lists it in SkippedPaths as read in part.",
                    reader.Path));
            }

            if (reader.FirstRuleFailure is { } failure)
            {
                sink.Problem(ScanProblem.Warning(
                    ErrorIds.RuleFailed,
                    string.Format(CultureInfo.InvariantCulture, "{0} rows of '{1}' could not be evaluated: {2}", reader.RuleFailures, reader.Path, failure.Message),
                    reader.Path));
            }

            Named(_names.Finished(reader.File, reader.StatedComputerName, reader.ComputerName, count));
            FileDone(reader.File is not null);
        }

        /// <summary>A source that could not be read (in full): counted as unreadable, and an error naming it.</summary>
        public void Failed(LogFileEntry? file, string path, LogKind kind, string source, string computer, Exception error, long bytesRead = 0, string? statedComputer = null)
        {
            Named(_names.Finished(file, statedComputer, computer, name => _coverage.Unreadable(name, LogLocation.CategoryOf(kind), source, path, bytesRead)));
            var (id, category) = error switch
            {
                Files.NotARegularFileException => (ErrorIds.NotARegularFile, ProblemCategory.InvalidArgument),
                InvalidDataException => (ErrorIds.LogFileInvalid, ProblemCategory.InvalidData),
                UnauthorizedAccessException => (ErrorIds.FileUnreadable, ProblemCategory.PermissionDenied),
                FileNotFoundException or DirectoryNotFoundException => (ErrorIds.FileUnreadable, ProblemCategory.ObjectNotFound),
                _ => (ErrorIds.FileUnreadable, ProblemCategory.ReadError),
            };
            sink.Problem(ScanProblem.Error(
                id,
                category,
                "Cannot read log '" + path + "': " + ShortText.Cap(error.Message, ShortText.MessageLength) + " The rest of the scan goes on without it.",
                path,
                error,
                "Check that the file is a complete Exchange log and readable by this account; the coverage (-CoverageVariable) lists it in UnreadablePaths."));
            FileDone(!_live);
        }

        private void Named(IReadOnlyList<Finding> findings)
        {
            foreach (var finding in findings)
            {
                Report(finding);
            }
        }

        public void ReportCoverage()
        {
            foreach (var coverage in _coverage.Build())
            {
                sink.Covered(coverage);
            }
        }

        // A file the user named that is no log the module reads is an error (a .log file, or one that looked like an event
        // export); one found in a folder is only mentioned.
        private void NotALog(LogSourceReader reader, string? why)
        {
            if (reader.File is { ExplicitlyNamed: true } && (why is not null || reader.Path.EndsWith(".log", StringComparison.OrdinalIgnoreCase)))
            {
                sink.Problem(ScanProblem.Error(
                    ErrorIds.LogFormatNotRecognized,
                    ProblemCategory.InvalidData,
                    "'" + reader.Path + "' is not a log this command understands: " + (why ?? "its header names no HttpProxy, ECP, OAB generator, IIS or exported event-log format") + ".",
                    reader.Path,
                    recommendedAction: "Pass Exchange HttpProxy, ECP, OABGeneratorLog or IIS logs, or exported event logs."));
            }
            else
            {
                sink.Problem(ScanProblem.Verbose("Not a log this command reads: " + reader.Path + (why is null ? string.Empty : " (" + why + ")"), reader.Path));
            }
        }

        private void FileDone(bool isFile = true)
        {
            if (isFile)
            {
                _filesDone++;
            }

            ReportProgress();
        }

        private void ReportProgress() => sink.Progress(new ScanProgress(
            _bytesDone,
            _totalBytes,
            _live
                ? "Reading the local event logs"
                : string.Format(CultureInfo.InvariantCulture, "{0} of {1} files, {2:N0} of {3:N0} MB", _filesDone, files.Count, _bytesDone / 1048576.0, _totalBytes / 1048576.0)));
    }
}
