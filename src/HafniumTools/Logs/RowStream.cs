using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// Runs records that arrive as <see cref="ILogRow"/> objects (event-log exports, live logs) through a
/// <see cref="RowEvaluator"/>, a batch per step, keeping the row count, the computer the records name and the records
/// kept only in part.
/// </summary>
internal sealed class RowStream(IEnumerator<ILogRow> rows, RowEvaluator evaluator)
{
    private const int RowsPerStep = 4096;

    public long Rows { get; private set; }

    /// <summary>Records the reader kept only in part (<see cref="IPartialRow"/>).</summary>
    public ReadGaps Gaps { get; } = new();

    /// <summary>The computer the first record naming one names.</summary>
    public string? ComputerName { get; private set; }

    /// <summary>That computer as the record states it: an event's full <c>MachineName</c> (its FQDN) where it gives one.</summary>
    public string? StatedComputerName { get; private set; }

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
            if (ComputerName is null && !string.IsNullOrWhiteSpace(row.ComputerName))
            {
                ComputerName = row.ComputerName;
                string? full = row["MachineName"]?.Trim();
                StatedComputerName = full is not null && full.StartsWith(ComputerName + ".", System.StringComparison.OrdinalIgnoreCase) ? full : ComputerName;
            }
            evaluator.Saw(row.Timestamp);
            if (row is IPartialRow { LeftOut: { } leftOut } partial)
            {
                Gaps.Add(partial.GapErrorId, "event record", row.LineNumber, leftOut);
            }

            evaluator.Evaluate(row, findings);
        }

        return true;
    }
}
