using System;
using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Reporting;

/// <summary>One step of a server's attack timeline as the report shows it.</summary>
internal sealed class TimelineRow
{
    public DateTime? Time { get; init; }

    public DateTime? LastTime { get; init; }

    public AttackStage Stage { get; init; }

    public Verdict Verdict { get; init; }

    public Severity Severity { get; init; }

    public string Description { get; init; } = string.Empty;

    public IReadOnlyList<string> RuleIds { get; init; } = [];

    public string ClientIp { get; init; } = string.Empty;

    public long Count { get; init; }

    public string Evidence { get; init; } = string.Empty;

    public static TimelineRow Read(AuditRecord step) => new()
    {
        Time = step.Time(nameof(TimelineEvent.Time)),
        LastTime = step.Time(nameof(TimelineEvent.LastTime)),
        Stage = step.Member(nameof(TimelineEvent.Stage), AttackStage.None),
        Verdict = step.Member(nameof(TimelineEvent.Verdict), Verdict.Context),
        Severity = step.Member(nameof(TimelineEvent.Severity), Severity.Informational),
        Description = step.Text(nameof(TimelineEvent.Description)),
        RuleIds = step.Texts(nameof(TimelineEvent.RuleIds)),
        ClientIp = step.Text(nameof(TimelineEvent.ClientIp)),
        Count = step.Number(nameof(TimelineEvent.Count)) ?? 0,
        Evidence = step.Text(nameof(TimelineEvent.Evidence)),
    };
}
