using System;
using System.Collections.Generic;

namespace HafniumTools.Logs.Ecp;

/// <summary>
/// Ties virtual directory resets to earlier Set-*VirtualDirectory commands that put script in a URL, within one log
/// (the attack runs both within seconds, in one session). The rows of one reset make one <see cref="ResetWorkflow"/>,
/// closed when the directory is created again, when a row of another reset or user comes, or when the log ends
/// (<see cref="End"/>); a closed reset is judged once. Rows of a file arrive in order; a row numbered at or before one
/// already seen means the file is being read again (a new scan by the same process), which starts its state afresh,
/// so every scan of a file gives the same findings. Should a reset be closed before its Set arrives (rows out of time
/// order), <see cref="AddScriptSet"/> returns it for an upgrade. Thread-safe; bounded.
/// </summary>
internal sealed class EcpResetCorrelation
{
    /// <summary>Longest gap between the Set carrying script and the reset that writes it.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    // One reset workflow logs several commands (read, remove, create) within seconds; minutes apart they are two.
    private static readonly TimeSpan SameReset = TimeSpan.FromMinutes(10);

    private const int MaxScopes = 4096;
    private const int MaxEventsPerScope = 256;

    private readonly object _gate = new();
    private readonly Dictionary<string, Scope> _scopes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records a Set carrying script; returns the resets already closed without a cause that it explains.</summary>
    public IReadOnlyList<ResetWorkflow> AddScriptSet(string scope, EcpEvent set)
    {
        lock (_gate)
        {
            var entry = GetScope(scope, set.LineNumber);
            Bounded(entry.ScriptSets).Add(set);
            var explained = new List<ResetWorkflow>();
            foreach (var reset in entry.Closed)
            {
                if (reset.Cause is null && Follows(set, reset.First))
                {
                    reset.Cause = set;
                    explained.Add(reset);
                }
            }

            return explained;
        }
    }

    /// <summary>
    /// Records a row of a reset: a row under a reset workflow URL (<paramref name="schema"/>) or a Remove-/New-
    /// *VirtualDirectory. Returns the resets this row closes (the one it completes, or the one before it), each
    /// with its <see cref="ResetWorkflow.Cause"/> set when a Set carrying script explains it.
    /// </summary>
    public IReadOnlyList<ResetWorkflow> AddStep(string scope, EcpEvent row, string? schema)
    {
        lock (_gate)
        {
            var entry = GetScope(scope, row.LineNumber);
            var closed = new List<ResetWorkflow>();
            if (entry.Pending is { } pending && !pending.Takes(row, SameReset))
            {
                Close(entry, closed);
            }

            if (entry.Pending is null && entry.LastClosed is { } last && last.Takes(row, SameReset))
            {
                // A late row of a reset already judged (its last read, a follow-up Set): part of that story.
                last.Add(row, schema);
                return closed;
            }

            var workflow = entry.Pending ??= new ResetWorkflow(row);
            workflow.Add(row, schema);
            if (workflow.Complete)
            {
                Close(entry, closed);
            }

            return closed;
        }
    }

    /// <summary>The log ended: the reset still open in it is closed and returned.</summary>
    public IReadOnlyList<ResetWorkflow> End(string scope)
    {
        lock (_gate)
        {
            var closed = new List<ResetWorkflow>();
            if (_scopes.TryGetValue(scope, out var entry))
            {
                Close(entry, closed);
            }

            return closed;
        }
    }

    private static void Close(Scope entry, List<ResetWorkflow> closed)
    {
        if (entry.Pending is not { } workflow)
        {
            return;
        }

        entry.Pending = null;
        if (!workflow.IsReset)
        {
            // A directory removed (or created) alone is administration, not a reset.
            return;
        }

        EcpEvent? cause = null;
        foreach (var set in entry.ScriptSets)
        {
            if (Follows(set, workflow.First) && (cause is null || IsCloser(set, cause, workflow.First)))
            {
                cause = set;
            }
        }

        workflow.Cause = cause;
        entry.LastClosed = workflow;
        if (entry.Closed.Count >= MaxEventsPerScope)
        {
            entry.Closed.RemoveAt(0);
        }

        entry.Closed.Add(workflow);
        closed.Add(workflow);
    }

    private static bool Follows(EcpEvent set, EcpEvent reset)
    {
        if (set.Timestamp is not DateTime setTime || reset.Timestamp is not DateTime resetTime)
        {
            // Without times only the order of one file can tell.
            return string.Equals(set.Path, reset.Path, StringComparison.OrdinalIgnoreCase) && set.LineNumber < reset.LineNumber;
        }

        return resetTime >= setTime.AddMinutes(-1) && resetTime - setTime <= Window;
    }

    private static bool IsCloser(EcpEvent candidate, EcpEvent current, EcpEvent reset) =>
        candidate.Timestamp is DateTime a && current.Timestamp is DateTime b && reset.Timestamp is DateTime r
            ? (r - a).Duration() < (r - b).Duration()
            : candidate.LineNumber > current.LineNumber;

    private Scope GetScope(string scope, long lineNumber)
    {
        if (!_scopes.TryGetValue(scope, out var entry) || (lineNumber > 0 && lineNumber <= entry.LastLine))
        {
            if (entry is null && _scopes.Count >= MaxScopes)
            {
                _scopes.Clear();
            }

            entry = new Scope();
            _scopes[scope] = entry;
        }

        entry.LastLine = Math.Max(entry.LastLine, lineNumber);
        return entry;
    }

    private static List<EcpEvent> Bounded(List<EcpEvent> list)
    {
        if (list.Count >= MaxEventsPerScope)
        {
            list.RemoveAt(0);
        }

        return list;
    }

    private sealed class Scope
    {
        /// <summary>The highest line recorded: a lower or equal one starts a new reading of the file.</summary>
        public long LastLine { get; set; }

        public List<EcpEvent> ScriptSets { get; } = [];

        public ResetWorkflow? Pending { get; set; }

        public ResetWorkflow? LastClosed { get; set; }

        public List<ResetWorkflow> Closed { get; } = [];
    }
}
