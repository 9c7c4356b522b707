using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// The findings of one client address tell one story, across files and log kinds: an attempt (an autodiscover-only
/// SSRF, a failed Set) is held until the hunt ends, then reported with what the same client did within a day after it
/// (the exploitation or compromise findings, with time and evidence), so "got no further" is never said of a client
/// that got further. Used on the hunt's calling thread only; bounded.
/// </summary>
internal sealed class ClientStory
{
    /// <summary>How many attempts may wait for the end of the hunt (whole findings).</summary>
    public const int MaxHeld = 20_000;

    /// <summary>How many later steps are remembered, across clients (a few hundred bytes each).</summary>
    public const int MaxSteps = 100_000;

    private const int MaxStepsPerClient = 64;
    private const int StepEvidenceLength = 160;
    private static readonly TimeSpan Before = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan After = TimeSpan.FromHours(24);

    private readonly List<Finding> _held = [];
    private readonly Dictionary<string, List<Step>> _steps = new(StringComparer.OrdinalIgnoreCase);
    private int _stepCount;
    private bool _stepsDropped;

    /// <summary>
    /// Remembers what <paramref name="finding"/> tells of its client; null when it is an attempt that is held back
    /// (reported by <see cref="Told"/>), else the finding to report now (an attempt past the bound says it was not
    /// checked against what followed).
    /// </summary>
    public Finding? Hold(Finding finding)
    {
        if (string.IsNullOrWhiteSpace(finding.ClientIp) || finding.Timestamp is null)
        {
            return finding;
        }

        if (finding.Verdict is Verdict.Exploitation or Verdict.Compromise)
        {
            if (!_steps.TryGetValue(finding.ClientIp!, out var steps))
            {
                _steps[finding.ClientIp!] = steps = [];
            }

            if (steps.Count < MaxStepsPerClient && _stepCount < MaxSteps)
            {
                steps.Add(new Step(finding.RuleId, finding.Verdict, finding.Timestamp.Value, ShortText.Cap(finding.Evidence, StepEvidenceLength)));
                _stepCount++;
            }
            else
            {
                _stepsDropped = true;
            }

            return finding;
        }

        if (finding.Verdict != Verdict.Attempt)
        {
            return finding;
        }

        if (_held.Count >= MaxHeld)
        {
            return Unchecked(finding, "more than " + MaxHeld.ToString("N0", CultureInfo.InvariantCulture) + " attempts in this hunt");
        }

        _held.Add(finding);
        return null;
    }

    /// <summary>The attempts held back, in the order they came, each annotated with what followed from its client.</summary>
    public IEnumerable<Finding> Told()
    {
        foreach (var attempt in _held)
        {
            var next = _steps.TryGetValue(attempt.ClientIp!, out var steps)
                ? steps.Where(s => s.Timestamp >= attempt.Timestamp - Before && s.Timestamp <= attempt.Timestamp + After)
                    .OrderBy(s => s.Timestamp).ToList()
                : [];
            if (next.Count == 0)
            {
                yield return _stepsDropped ? Unchecked(attempt, "more later steps than this hunt remembers") : attempt;
                continue;
            }

            string followed = string.Join("; ", next.Take(5).Select(s => string.Format(
                CultureInfo.InvariantCulture,
                "{0} {1} at {2:yyyy-MM-dd HH:mm:ss}Z ({3})",
                s.RuleId,
                s.Verdict,
                s.Timestamp.UtcDateTime,
                s.Evidence)));
            string more = next.Count > 5 ? " and " + (next.Count - 5).ToString(CultureInfo.InvariantCulture) + " more" : string.Empty;
            yield return attempt.WithDetail(
                (attempt.Detail ?? string.Empty).TrimEnd() + " The same client got further: " + followed + more + ". This attempt is a step of that attack, not the whole of it.");
        }

        _held.Clear();
    }

    private static Finding Unchecked(Finding attempt, string why) => attempt.WithDetail(
        (attempt.Detail ?? string.Empty).TrimEnd() + " Not checked against what the same client did next (" + why
            + "): hunt the client's address with -Since/-Until around this time, or fewer logs at once.");

    /// <summary>What a later step of a client is remembered by.</summary>
    private readonly record struct Step(string RuleId, Verdict Verdict, DateTimeOffset Timestamp, string Evidence);
}
