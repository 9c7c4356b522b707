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
internal sealed class RowEvaluator(IReadOnlyList<ILogRowRules> ruleSets, DateTime? since, DateTime? until)
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

    /// <summary>Runs every rule set over a row whose time (if it has one) is in the window.</summary>
    public void Evaluate(ILogRow row, ICollection<Finding> findings)
    {
        if (row.Timestamp is DateTime t && ((since is DateTime s && t < s) || (until is DateTime u && t > u)))
        {
            return;
        }

        foreach (var rules in ruleSets)
        {
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
}
