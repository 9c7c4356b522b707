using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using HafniumTools.Core;
using HafniumTools.Logs;
using HafniumTools.Model;

namespace HafniumTools.Tests.Logs;

/// <summary>Runs the hunt the way the cmdlet does and collects what it reports.</summary>
internal static class LogTestSupport
{
    public static string FixturesRoot => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Logs");

    public static string Fixture(params string[] parts) => Path.Combine(new[] { FixturesRoot }.Concat(parts).ToArray());

    /// <summary>Hunts <paramref name="paths"/> with the module's rule sets and default settings.</summary>
    public static HuntResult Hunt(IReadOnlyList<string> paths) => Hunt(new LogHuntRequest { Paths = paths });

    public static HuntResult Hunt(LogHuntRequest request)
    {
        var result = new HuntResult();
        LogHunt.Run(request, result, CancellationToken.None);
        return result;
    }

    public static string Relative(string path) =>
        path.Substring(FixturesRoot.Length).TrimStart(Path.DirectorySeparatorChar, '/').Replace('\\', '/');

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ht-logs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A sink that keeps everything a hunt reports, as the per-server audit will.</summary>
    internal sealed class HuntResult : IScanSink
    {
        public List<Finding> Findings { get; } = [];

        public List<ScanCoverage> Coverage { get; } = [];

        public List<ScanProblem> Problems { get; } = [];

        public int ProgressReports { get; private set; }

        /// <summary>Called after every report (finding, coverage, problem, progress).</summary>
        public Action? OnReport { get; init; }

        /// <summary>The error-level problems.</summary>
        public IEnumerable<ScanProblem> Errors => Problems.Where(p => p.Level == ProblemLevel.Error);

        /// <summary>The exception of the error reported for <paramref name="path"/>, or null when it was read without one.</summary>
        public Exception? ErrorFor(string path) =>
            Errors.Where(p => p.Target as string == path).Select(p => p.Exception).SingleOrDefault();

        public void Found(Finding finding) => Report(() => Findings.Add(finding));

        public void Covered(ScanCoverage coverage) => Report(() => Coverage.Add(coverage));

        public void Problem(ScanProblem problem) => Report(() => Problems.Add(problem));

        public void Progress(ScanProgress progress) => Report(() => ProgressReports++);

        private void Report(Action keep)
        {
            keep();
            OnReport?.Invoke();
        }
    }
}

/// <summary>
/// A rule set as another branch would write one: it records every row it is
/// given so the tests can see what the engine hands over for ECP and OAB generator logs.
/// </summary>
internal sealed class RecordingEcpRules : ILogRowRules
{
    private static readonly DetectionRule Rule = new("TEST-ECP-001", FindingCategory.Ecp, Severity.Informational, Verdict.Context, "Recorded", "Test rule.", "tests");

    public IReadOnlyList<LogKind> Kinds => [LogKind.EcpServer];

    public IReadOnlyList<DetectionRule> Rules => [Rule];

    public void Evaluate(ILogRow row, ICollection<Finding> findings) =>
        findings.Add(new Finding(Rule, row.ComputerName) { Path = row.Path, LineNumber = row.LineNumber, Timestamp = row.Timestamp, Detail = row["EventData"], Operation = row["EventId"], RawText = row.RawText });
}

/// <summary>Records OABGeneratorLog rows (the whole line as <c>Message</c>).</summary>
internal sealed class RecordingOabRules : ILogRowRules
{
    private static readonly DetectionRule Rule = new("TEST-OAB-001", FindingCategory.Oab, Severity.Informational, Verdict.Context, "Recorded", "Test rule.", "tests");

    public IReadOnlyList<LogKind> Kinds => [LogKind.OabGenerator];

    public IReadOnlyList<DetectionRule> Rules => [Rule];

    public void Evaluate(ILogRow row, ICollection<Finding> findings) =>
        findings.Add(new Finding(Rule, row.ComputerName) { Path = row.Path, LineNumber = row.LineNumber, Timestamp = row.Timestamp, Detail = row["Message"] });
}

/// <summary>A plug-in file format: lines starting with "TESTFMT" are records with a Text field.</summary>
internal sealed class TestLineFormat : ILogFileFormat
{
    public LogKind Kind => LogKind.EventLogXml;

    public bool Recognizes(byte[] head, int count) =>
        count >= 7 && System.Text.Encoding.ASCII.GetString(head, 0, 7) == "TESTFMT";

    public IEnumerable<ILogRow> Read(Stream stream, string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        string? line;
        long number = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            yield return new TestRow(path, number, line);
        }
    }

    private sealed class TestRow(string path, long number, string text) : ILogRow
    {
        public LogKind Kind => LogKind.EventLogXml;

        public string Path => path;

        public long LineNumber => number;

        public string? ComputerName => "EVTHOST";

        public DateTime? Timestamp => new DateTime(2021, 3, 3, 0, 0, 0, DateTimeKind.Utc).AddHours(number);

        public string RawText => text;

        public string? this[string field] => field == "Text" ? text : null;
    }
}

/// <summary>Flags every plug-in record, to prove plug-in formats feed plug-in rule sets.</summary>
internal sealed class TestLineRules : ILogRowRules
{
    private static readonly DetectionRule Rule = new("TEST-EVT-001", FindingCategory.EventLog, Severity.Low, Verdict.Anomaly, "Recorded", "Test rule.", "tests", "CVE-2021-26857");

    public IReadOnlyList<LogKind> Kinds => [LogKind.EventLogXml];

    public IReadOnlyList<DetectionRule> Rules => [Rule];

    public void Evaluate(ILogRow row, ICollection<Finding> findings) =>
        findings.Add(new Finding(Rule, row.ComputerName) { Path = row.Path, LineNumber = row.LineNumber, Timestamp = row.Timestamp, Detail = row["Text"] });
}

/// <summary>A live source as the event-log branch would write one: three records, one outside the test window.</summary>
internal sealed class FakeLiveSource : ILiveLogSource
{
    public LogKind Kind => LogKind.EventLogXml;

    public string Name => "EventLog/Application";

    public bool IsAvailable => true;

    public IEnumerable<ILogRow> Read(DateTime? since, DateTime? until, CancellationToken cancellationToken)
    {
        var start = new DateTime(2021, 3, 3, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 3; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new LiveRow(i + 1, start.AddDays(i), "record " + (i + 1));
        }
    }

    private sealed class LiveRow(long number, DateTime time, string text) : ILogRow
    {
        public LogKind Kind => LogKind.EventLogXml;

        public string Path => "EventLog/Application";

        public long LineNumber => number;

        public string? ComputerName => "LIVEHOST";

        public DateTime? Timestamp => time;

        public string RawText => text;

        public string? this[string field] => field == "Text" ? text : null;
    }
}

/// <summary>A live source that is not there on this computer.</summary>
internal sealed class MissingLiveSource : ILiveLogSource
{
    public LogKind Kind => LogKind.EventLogXml;

    public string Name => "EventLog/Missing";

    public bool IsAvailable => false;

    public IEnumerable<ILogRow> Read(DateTime? since, DateTime? until, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("An unavailable source is never read.");
}
