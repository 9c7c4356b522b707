using System;
using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// Runs records that arrive as <see cref="ILogRow"/> objects (plug-in file formats, live sources) through the rule
/// sets of their kind, a batch per step, applying the time window and keeping what coverage needs.
/// </summary>
internal sealed class RowStream(IEnumerator<ILogRow> rows, IReadOnlyList<ILogRowRules> ruleSets, DateTime? since, DateTime? until)
{
    private const int RowsPerStep = 4096;

    public long Rows { get; private set; }

    public DateTime? FirstTimestamp { get; private set; }

    public DateTime? LastTimestamp { get; private set; }

    public string? ComputerName { get; private set; }

    public int RuleFailures { get; private set; }

    public Exception? FirstRuleFailure { get; private set; }

    /// <summary>Evaluates the next batch; false once the records are exhausted.</summary>
    public bool Step(ICollection<Finding> findings)
    {
        for (int i = 0; i < RowsPerStep; i++)
        {
            if (!rows.MoveNext())
            {
                return false;
            }

            var row = rows.Current;
            Rows++;
            ComputerName ??= string.IsNullOrWhiteSpace(row.ComputerName) ? null : row.ComputerName;
            if (row.Timestamp is DateTime t)
            {
                FirstTimestamp = FirstTimestamp is null || t < FirstTimestamp ? t : FirstTimestamp;
                LastTimestamp = LastTimestamp is null || t > LastTimestamp ? t : LastTimestamp;
                if ((since is DateTime s && t < s) || (until is DateTime u && t > u))
                {
                    continue;
                }
            }

            foreach (var rules in ruleSets)
            {
                try
                {
                    rules.Evaluate(row, findings);
                }
#pragma warning disable CA1031 // Counted and reported; one bad record does not lose the rest.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    RuleFailures++;
                    FirstRuleFailure ??= new InvalidOperationException(rules.GetType().Name + " failed on record " + row.LineNumber + ": " + e.Message, e);
                }
            }
        }

        return true;
    }
}
