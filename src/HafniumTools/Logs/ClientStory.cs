using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// What one finding means can depend on what other files tell, so some findings wait for the end of the hunt and are
/// told with the rest of their story, across files and log kinds. Two stories are told here:
/// <list type="bullet">
/// <item>One client address: an attempt (an autodiscover-only SSRF, a failed Set) is reported with what the same client
/// did within a day after it (the exploitation or compromise findings, with time and evidence), so "got no further" is
/// never said of a client that got further.</item>
/// <item>One server: an admin cmdlet that is only context alone (a rule with <see cref="DetectionRule.InProxiedSession"/>:
/// mail flow or certificates changed) becomes that rule's exploitation, in the session's campaign, when the same
/// server's evidence shows a session that came through the SSRF (an <see cref="AttackStage.Session"/> exploitation:
/// a proxied Rps_Http row, the PowerShell back end reached from the front end) from <see cref="SessionBefore"/> before
/// it to <see cref="SessionAfter"/> after it (the Rps_Http row is written when its request ends). The nearest session
/// decides, except that a proxied Rps_Http client that names no SSRF gives way to the front end's finding.</item>
/// </list>
/// Used on the hunt's calling thread only, on findings already named by their server; bounded.
/// </summary>
internal sealed class ClientStory
{
    /// <summary>How long before a cmdlet a proxied session counts as the one it ran in.</summary>
    public static readonly TimeSpan SessionBefore = TimeSpan.FromMinutes(30);

    /// <summary>How long after a cmdlet the row of its proxied request may be written.</summary>
    public static readonly TimeSpan SessionAfter = TimeSpan.FromMinutes(5);

    private const int MaxHeld = 100_000;
    private const int MaxStepsPerClient = 64;
    private const int MaxSessionsPerServer = 20_000;
    private static readonly TimeSpan Before = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan After = TimeSpan.FromHours(24);

    private readonly List<Finding> _held = [];
    private readonly Dictionary<string, List<Finding>> _steps = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<Finding>> _sessions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IReadOnlyDictionary<Campaign, DetectionRule>> _inSession = new(StringComparer.Ordinal);

    /// <param name="rules">The hunt's rules: those that become another in a proxied session are held for it.</param>
    public ClientStory(IEnumerable<DetectionRule> rules)
    {
        foreach (var rule in rules ?? [])
        {
            if (rule.InProxiedSession is { Count: > 0 } promoted)
            {
                _inSession[rule.Id] = promoted;
            }
        }
    }

    /// <summary>
    /// Remembers what <paramref name="finding"/> tells of its client and server; true when it is held back (an attempt,
    /// or a cmdlet whose meaning depends on the session it ran in; reported by <see cref="Told"/>), false when it is to
    /// be reported now.
    /// </summary>
    public bool Hold(Finding finding)
    {
        if (finding.Timestamp is null)
        {
            return false;
        }

        if (_inSession.ContainsKey(finding.RuleId) && _held.Count < MaxHeld)
        {
            _held.Add(finding);
            return true;
        }

        if (IsProxiedSession(finding))
        {
            if (!_sessions.TryGetValue(finding.ComputerName, out var sessions))
            {
                _sessions[finding.ComputerName] = sessions = [];
            }

            if (sessions.Count < MaxSessionsPerServer)
            {
                sessions.Add(finding);
            }
        }

        if (string.IsNullOrWhiteSpace(finding.ClientIp))
        {
            return false;
        }

        if (finding.Verdict is Verdict.Exploitation or Verdict.Compromise)
        {
            if (!_steps.TryGetValue(finding.ClientIp!, out var steps))
            {
                _steps[finding.ClientIp!] = steps = [];
            }

            if (steps.Count < MaxStepsPerClient)
            {
                steps.Add(finding);
            }

            return false;
        }

        if (finding.Verdict != Verdict.Attempt || _held.Count >= MaxHeld)
        {
            return false;
        }

        _held.Add(finding);
        return true;
    }

    /// <summary>The findings held back, in the order they came, each told with the rest of its story.</summary>
    public IEnumerable<Finding> Told()
    {
        foreach (var finding in _held)
        {
            yield return _inSession.TryGetValue(finding.RuleId, out var promoted) ? InSession(finding, promoted) : Attempt(finding);
        }

        _held.Clear();
    }

    // A session that came through the SSRF: the PowerShell back end answered a forged token or a proxied client.
    private static bool IsProxiedSession(Finding finding) => finding.Verdict == Verdict.Exploitation && finding.Stage == AttackStage.Session;

    private Finding Attempt(Finding attempt)
    {
        var next = !string.IsNullOrWhiteSpace(attempt.ClientIp) && _steps.TryGetValue(attempt.ClientIp!, out var steps)
            ? steps.Where(s => s.Timestamp >= attempt.Timestamp - Before && s.Timestamp <= attempt.Timestamp + After)
                .OrderBy(s => s.Timestamp).ToList()
            : [];
        if (next.Count == 0)
        {
            return attempt;
        }

        string followed = string.Join("; ", next.Take(5).Select(Step));
        string more = next.Count > 5 ? " and " + (next.Count - 5).ToString(CultureInfo.InvariantCulture) + " more" : string.Empty;
        return attempt.WithDetail(
            (attempt.Detail ?? string.Empty).TrimEnd() + " The same client got further: " + followed + more + ". This attempt is a step of that attack, not the whole of it.");
    }

    private Finding InSession(Finding cmdlet, IReadOnlyDictionary<Campaign, DetectionRule> promoted)
    {
        var time = cmdlet.Timestamp!.Value;
        var candidates = _sessions.TryGetValue(cmdlet.ComputerName, out var sessions)
            ? sessions.Where(s => s.Timestamp >= time - SessionBefore && s.Timestamp <= time + SessionAfter && promoted.ContainsKey(s.Campaign))
                .OrderBy(s => (s.Timestamp!.Value - time).Duration()).ToList()
            : [];
        string detail = (cmdlet.Detail ?? string.Empty).TrimEnd();
        if (candidates.Count == 0)
        {
            return cmdlet.WithDetail(detail + string.Format(
                CultureInfo.InvariantCulture,
                " Routine for an admin: no log read shows a session that came through the SSRF on this server from {0:0} minutes before it to {1:0} after (the Remote PowerShell Http log, Rps_Http, tells).",
                SessionBefore.TotalMinutes,
                SessionAfter.TotalMinutes));
        }

        var session = candidates[0];

        // A Remote PowerShell row without a token or the exploit's client (a proxied client, ProxyNotShell by default)
        // does not say which SSRF it came through; the front end's finding of the same minutes does (OWASSRF's /owa path).
        if (session.Category == FindingCategory.RemotePowerShell && session.Campaign == Campaign.ProxyNotShell
            && candidates.FirstOrDefault(c => c.Category is FindingCategory.Iis or FindingCategory.HttpProxy) is { } frontEnd)
        {
            session = frontEnd;
        }
        string others = candidates.Count > 1
            ? "; also " + string.Join("; ", candidates.Skip(1).Take(2).Select(Step)) + (candidates.Count > 3 ? " and " + (candidates.Count - 3).ToString(CultureInfo.InvariantCulture) + " more" : string.Empty)
            : string.Empty;
        return cmdlet.WithRule(
            promoted[session.Campaign],
            detail + " Run in a session that came through the " + session.Campaign + " SSRF: " + Step(session)
                + (string.IsNullOrEmpty(session.ClientIp) ? string.Empty : " from " + session.ClientIp)
                + (string.IsNullOrEmpty(session.UserAgent) ? string.Empty : ", client '" + session.UserAgent + "'") + others + ".");
    }

    private static string Step(Finding step) => string.Format(
        CultureInfo.InvariantCulture,
        "{0} {1} at {2:yyyy-MM-dd HH:mm:ss}Z ({3})",
        step.RuleId,
        step.Verdict,
        step.Timestamp!.Value.UtcDateTime,
        step.Evidence);
}
