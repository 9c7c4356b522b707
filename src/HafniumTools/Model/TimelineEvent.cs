using System;
using System.Globalization;

namespace HafniumTools.Model;

/// <summary>
/// One step of a server's attack timeline: the findings of one stage from one client (or about one file), folded
/// together, with when it started and ended and the evidence to look at first.
/// </summary>
public sealed class TimelineEvent
{
    /// <summary>When the step was first seen (UTC); null when the evidence has no time.</summary>
    public DateTimeOffset? Time { get; init => field = value?.ToUniversalTime(); }

    /// <summary>When the step was last seen (UTC).</summary>
    public DateTimeOffset? LastTime { get; init => field = value?.ToUniversalTime(); }

    public AttackStage Stage { get; init; }

    /// <summary>The strongest verdict among the findings folded into this step.</summary>
    public Verdict Verdict { get; init; }

    public Severity Severity { get; init; }

    /// <summary>What happened, in one line (the title of the strongest finding).</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The rules behind the step, in id order.</summary>
    public TextList RuleIds { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>The client address, where the evidence is a request.</summary>
    public string? ClientIp { get; init; }

    /// <summary>How many findings the step folds together.</summary>
    public int Count { get; init; }

    /// <summary>The evidence of the first finding (file and line, path or URL).</summary>
    public string Evidence { get; init; } = string.Empty;

    public override string ToString() => DisplayText.Escape(string.Format(
        CultureInfo.InvariantCulture,
        "{0} {1} {2}{3}",
        Time is DateTimeOffset t ? t.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "(no time)",
        Stage,
        Description,
        ClientIp is null ? string.Empty : " from " + ClientIp))!;
}
