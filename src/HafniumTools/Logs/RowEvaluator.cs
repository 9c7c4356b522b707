using System;
using System.Collections.Generic;
using System.Globalization;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// The one place where a log's rows meet its rules: the time window (rows outside [since, until] are not judged),
/// the first and last row times seen (what coverage reports), and the rule sets of the log's kind, a failure of
/// which on one row is counted and kept rather than losing the rest of the log. Every reader (text logs, event-log
/// exports, live logs) hands its rows here.
/// </summary>
internal sealed class RowEvaluator(IReadOnlyList<ILogRowRules> ruleSets, DateTime? since, DateTime? until, IReadOnlyList<LinePrefilter?>? gates = null)
{
    public bool HasRules => ruleSets.Count > 0;

    /// <summary>The earliest row time seen, UTC.</summary>
    public DateTime? FirstTimestamp { get; private set; }

    /// <summary>The latest row time seen, UTC.</summary>
    public DateTime? LastTimestamp { get; private set; }

    /// <summary>Rows a rule set threw on (counted, not fatal), and the first such failure.</summary>
    public int RuleFailures { get; private set; }

    public Exception? FirstRuleFailure { get; private set; }

    /// <summary>Widens the span of times seen (readers that keep rows in time order may tell only the first and last).</summary>
    public void Saw(DateTime? time)
    {
        if (time is not DateTime t)
        {
            return;
        }

        if (FirstTimestamp is null || t < FirstTimestamp)
        {
            FirstTimestamp = t;
        }

        if (LastTimestamp is null || t > LastTimestamp)
        {
            LastTimestamp = t;
        }
    }

    // The paths the judged rows carried (one per file; a live log's name), for the end of the source.
    private readonly List<string> _paths = [];

    /// <summary>
    /// Runs every rule set over a row whose time (if it has one) is in the window; given the row's raw bytes
    /// (<paramref name="line"/> [<paramref name="start"/>, <paramref name="end"/>)), only the sets whose substrings it
    /// holds (<see cref="LogRegistry.GatesFor"/>).
    /// </summary>
    public void Evaluate(ILogRow row, ICollection<Finding> findings, byte[]? line = null, int start = 0, int end = 0)
    {
        // The row's time is parsed only when there is a window: most rows judged make no finding.
        if ((since is not null || until is not null) && row.Timestamp is DateTime t && ((since is DateTime s && t < s) || (until is DateTime u && t > u)))
        {
            return;
        }

        if (_paths.Count == 0 || !string.Equals(_paths[_paths.Count - 1], row.Path, StringComparison.Ordinal))
        {
            if (!_paths.Contains(row.Path))
            {
                _paths.Add(row.Path);
            }
        }

        for (int i = 0; i < ruleSets.Count; i++)
        {
            var rules = ruleSets[i];
            if (line is not null && gates is not null && i < gates.Count && gates[i] is { } gate && !gate.Matches(line, start, end))
            {
                continue;
            }

            try
            {
                rules.Evaluate(row, findings);
            }
#pragma warning disable CA1031 // A rule set failing on one row must not lose the rest of the log; it is counted and reported.
            catch (Exception e)
#pragma warning restore CA1031
            {
                RuleFailures++;
                FirstRuleFailure ??= new InvalidOperationException(
                    string.Format(CultureInfo.InvariantCulture, "{0} failed on line {1}: {2}", rules.GetType().Name, row.LineNumber, e.Message), e);
            }
        }
    }

    /// <summary>The source has no more rows: rule sets that judge sequences report what is still open (once).</summary>
    public void End(ICollection<Finding> findings)
    {
        foreach (var rules in ruleSets)
        {
            if (rules is not ILogSourceEnd sequences)
            {
                continue;
            }

            foreach (string path in _paths)
            {
                try
                {
                    sequences.SourceEnded(path, findings);
                }
#pragma warning disable CA1031 // As for a row: a failing rule set is counted, the other findings are kept.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    RuleFailures++;
                    FirstRuleFailure ??= new InvalidOperationException(
                        string.Format(CultureInfo.InvariantCulture, "{0} failed at the end of {1}: {2}", rules.GetType().Name, path, e.Message), e);
                }
            }
        }

        _paths.Clear();
    }
}
