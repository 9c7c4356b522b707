using System;
using System.Collections.Generic;

namespace HafniumTools.Logs.Ecp;

/// <summary>
/// Ties ECP virtual directory resets to earlier Set-*VirtualDirectory commands that put script in a URL, within one
/// log file (the attack runs both within seconds, in one session). Rows of a file arrive in order; a row numbered
/// at or before one already seen means the file is being read again (a new scan by the same process), which starts
/// its state afresh, so every scan of a file gives the same findings whatever was read before. Should a reset be
/// seen before its Set (rows out of time order), the Set upgrades it when it arrives. Thread-safe; bounded.
/// </summary>
internal sealed class EcpResetCorrelation
{
    /// <summary>Longest gap between the Set carrying script and the reset that writes it.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    // One reset workflow logs several commands (read, remove, create) within seconds; they make one reset.
    private static readonly TimeSpan SameReset = TimeSpan.FromMinutes(10);

    private const int MaxScopes = 4096;
    private const int MaxEventsPerScope = 256;

    private readonly object _gate = new();
    private readonly Dictionary<string, Scope> _scopes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records a Set carrying script; returns the resets already seen that it explains (each only once).</summary>
    public IReadOnlyList<EcpEvent> AddScriptSet(string scope, EcpEvent set)
    {
        lock (_gate)
        {
            var entry = GetScope(scope, set.LineNumber);
            Bounded(entry.ScriptSets).Add(set);
            var explained = new List<EcpEvent>();
            foreach (var reset in entry.Resets)
            {
                if (!reset.Correlated && Follows(set, reset))
                {
                    reset.Correlated = true;
                    reset.CorrelatedWith = set;
                    explained.Add(reset);
                }
            }

            return explained;
        }
    }

    /// <summary>
    /// Records a reset row. Returns null when the row belongs to a reset already recorded (same file and user, minutes
    /// apart); otherwise the reset, with <see cref="EcpEvent.CorrelatedWith"/> set when a Set carrying script explains it.
    /// </summary>
    public EcpEvent? AddReset(string scope, EcpEvent reset)
    {
        lock (_gate)
        {
            var entry = GetScope(scope, reset.LineNumber);
            foreach (var known in entry.Resets)
            {
                if (known.IsSameResetAs(reset))
                {
                    return null;
                }
            }

            EcpEvent? cause = null;
            foreach (var set in entry.ScriptSets)
            {
                if (Follows(set, reset) && (cause is null || IsCloser(set, cause, reset)))
                {
                    cause = set;
                }
            }

            reset.Correlated = cause is not null;
            reset.CorrelatedWith = cause;
            Bounded(entry.Resets).Add(reset);
            return reset;
        }
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

        public List<EcpEvent> Resets { get; } = [];
    }
}
