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

    /// <summary>How many findings may wait for the end of the hunt (attempts and cmdlets, whole findings).</summary>
    public const int MaxHeld = 20_000;

    /// <summary>How many later steps and proxied sessions are remembered, each kind across clients and servers (a few hundred bytes each).</summary>
    public const int MaxSteps = 100_000;

    private const int MaxStepsPerClient = 64;
    private const int EvidenceLength = 160;
    private static readonly TimeSpan Before = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan After = TimeSpan.FromHours(24);

    private readonly List<Finding> _held = [];
    private readonly Dictionary<string, List<Step>> _steps = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<Step>> _sessions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Func<string, DetectionRule?> _ruleOf;
    private readonly Func<Finding, bool> _selects;
    private int _stepCount;
    private int _sessionCount;
    private bool _stepsDropped;
    private bool _sessionsDropped;

    /// <param name="rules">The hunt's rules: those that become another in a proxied session are held for it.</param>
    /// <param name="selects">
    /// What the hunt reports (null: everything). An attempt it does not report is not held: telling it would change
    /// neither its rule, CVEs nor campaign, so it would be dropped all the same.
    /// </param>
    public ClientStory(IEnumerable<DetectionRule> rules, Func<Finding, bool>? selects = null)
        : this(ById(rules), selects)
    {
    }

    /// <param name="ruleOf">A finding's rule from its id (<see cref="LogRegistry.RuleInUse"/>), null when unknown.</param>
    /// <param name="selects">What the hunt reports (null: everything); see the other constructor.</param>
    public ClientStory(Func<string, DetectionRule?> ruleOf, Func<Finding, bool>? selects = null)
    {
        _ruleOf = ruleOf ?? throw new ArgumentNullException(nameof(ruleOf));
        _selects = selects ?? (_ => true);
    }

    /// <summary>
    /// Remembers what <paramref name="finding"/> tells of its client and server; null when it is held back (an attempt,
    /// or a cmdlet whose meaning depends on the session it ran in; reported by <see cref="Told"/>), else the finding to
    /// report now (one past the bound says what it was not checked against).
    /// </summary>
    public Finding? Hold(Finding finding)
    {
        if (finding.Timestamp is null)
        {
            return finding;
        }

        if (Promoted(finding.RuleId) is not null)
        {
            return HoldBack(finding, "the proxied sessions of its server");
        }

        if (IsProxiedSession(finding))
        {
            Remember(_sessions, finding.ComputerName, finding, int.MaxValue, ref _sessionCount, ref _sessionsDropped);
        }

        if (string.IsNullOrWhiteSpace(finding.ClientIp))
        {
            return finding;
        }

        if (finding.Verdict is Verdict.Exploitation or Verdict.Compromise)
        {
            Remember(_steps, finding.ClientIp!, finding, MaxStepsPerClient, ref _stepCount, ref _stepsDropped);
            return finding;
        }

        return finding.Verdict == Verdict.Attempt && _selects(finding) ? HoldBack(finding, "what the same client did next") : finding;
    }

    /// <summary>The findings held back, in the order they came, each told with the rest of its story.</summary>
    public IEnumerable<Finding> Told()
    {
        foreach (var finding in _held)
        {
            yield return Promoted(finding.RuleId) is { } promoted ? InSession(finding, promoted) : Attempt(finding);
        }

        _held.Clear();
    }

    private static Func<string, DetectionRule?> ById(IEnumerable<DetectionRule> rules)
    {
        var byId = new Dictionary<string, DetectionRule>(StringComparer.Ordinal);
        foreach (var rule in rules ?? [])
        {
            byId[rule.Id] = rule;
        }

        return id => byId.TryGetValue(id, out var rule) ? rule : null;
    }

    // The rules a cmdlet's rule becomes in a proxied session, by campaign; null when it is what it is anywhere.
    private IReadOnlyDictionary<Campaign, DetectionRule>? Promoted(string ruleId) =>
        _ruleOf(ruleId)?.InProxiedSession is { Count: > 0 } promoted ? promoted : null;

    // A session that came through the SSRF: the PowerShell back end answered a forged token or a proxied client.
    private static bool IsProxiedSession(Finding finding) => finding.Verdict == Verdict.Exploitation && finding.Stage == AttackStage.Session;

    private Finding? HoldBack(Finding finding, string against)
    {
        if (_held.Count >= MaxHeld)
        {
            return NotChecked(finding, against, "more than " + MaxHeld.ToString("N0", CultureInfo.InvariantCulture) + " findings waited for it in this hunt");
        }

        _held.Add(finding);
        return null;
    }

    private static void Remember(Dictionary<string, List<Step>> by, string key, Finding finding, int perKey, ref int count, ref bool dropped)
    {
        if (!by.TryGetValue(key, out var list))
        {
            by[key] = list = [];
        }

        if (list.Count < perKey && count < MaxSteps)
        {
            list.Add(Step.Of(finding));
            count++;
        }
        else
        {
            dropped = true;
        }
    }

    private Finding Attempt(Finding attempt)
    {
        var next = !string.IsNullOrWhiteSpace(attempt.ClientIp) && _steps.TryGetValue(attempt.ClientIp!, out var steps)
            ? steps.Where(s => s.Timestamp >= attempt.Timestamp - Before && s.Timestamp <= attempt.Timestamp + After)
                .OrderBy(s => s.Timestamp).ToList()
            : [];
        if (next.Count == 0)
        {
            return _stepsDropped ? NotChecked(attempt, "what the same client did next", "more later steps than this hunt remembers") : attempt;
        }

        string followed = string.Join("; ", next.Take(5).Select(s => s.Text()));
        string more = next.Count > 5 ? " and " + (next.Count - 5).ToString(CultureInfo.InvariantCulture) + " more" : string.Empty;
        return attempt.WithDetail(
            (attempt.Detail ?? string.Empty).TrimEnd() + " The same client got further: " + followed + more + ". This attempt is a step of that attack, not the whole of it.");
    }

    private Finding InSession(Finding cmdlet, IReadOnlyDictionary<Campaign, DetectionRule> promoted)
    {
        var time = cmdlet.Timestamp!.Value;
        var candidates = _sessions.TryGetValue(cmdlet.ComputerName, out var sessions)
            ? sessions.Where(s => s.Timestamp >= time - SessionBefore && s.Timestamp <= time + SessionAfter && promoted.ContainsKey(s.Campaign))
                .OrderBy(s => (s.Timestamp - time).Duration()).ToList()
            : [];
        string detail = (cmdlet.Detail ?? string.Empty).TrimEnd();
        if (candidates.Count == 0)
        {
            return _sessionsDropped
                ? NotChecked(cmdlet, "the proxied sessions of its server", "more proxied sessions than this hunt remembers")
                : cmdlet.WithDetail(detail + string.Format(
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
            ? "; also " + string.Join("; ", candidates.Skip(1).Take(2).Select(s => s.Text())) + (candidates.Count > 3 ? " and " + (candidates.Count - 3).ToString(CultureInfo.InvariantCulture) + " more" : string.Empty)
            : string.Empty;
        return cmdlet.WithRule(
            promoted[session.Campaign],
            detail + " Run in a session that came through the " + session.Campaign + " SSRF: " + session.Text()
                + (string.IsNullOrEmpty(session.ClientIp) ? string.Empty : " from " + session.ClientIp)
                + (string.IsNullOrEmpty(session.UserAgent) ? string.Empty : ", client '" + session.UserAgent + "'") + others + ".");
    }

    private static Finding NotChecked(Finding finding, string against, string why) => finding.WithDetail(
        (finding.Detail ?? string.Empty).TrimEnd() + " Not checked against " + against + " (" + why
            + "): hunt this server's logs around this time with -Since/-Until, or fewer logs at once.");

    /// <summary>What a later step or a proxied session is remembered by.</summary>
    private sealed record Step(string RuleId, Verdict Verdict, Campaign Campaign, FindingCategory Category, DateTimeOffset Timestamp, string Evidence, string? ClientIp, string? UserAgent)
    {
        public static Step Of(Finding finding) => new(
            finding.RuleId,
            finding.Verdict,
            finding.Campaign,
            finding.Category,
            finding.Timestamp!.Value,
            ShortText.Cap(finding.Evidence, EvidenceLength),
            finding.ClientIp,
            finding.UserAgent is null ? null : ShortText.Cap(finding.UserAgent, EvidenceLength));

        public string Text() => string.Format(
            CultureInfo.InvariantCulture,
            "{0} {1} at {2:yyyy-MM-dd HH:mm:ss}Z ({3})",
            RuleId,
            Verdict,
            Timestamp.UtcDateTime,
            Evidence);
    }
}
