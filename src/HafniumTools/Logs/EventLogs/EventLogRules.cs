using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs.EventLogs;

/// <summary>
/// The event log rules, for both export forms (<c>wevtutil</c> XML, which the live reader also produces, and
/// <c>Get-WinEvent | Export-Clixml</c>): both give rows with the same event fields.
/// </summary>
internal sealed class EventLogRules : ILogRowRules
{
    public IReadOnlyList<LogKind> Kinds { get; } = [LogKind.EventLogXml, LogKind.EventLogClixml];

    public IReadOnlyList<DetectionRule> Rules => EventLogRuleCatalog.All;

    public void Evaluate(ILogRow row, ICollection<Finding> findings) => EventLogEvaluator.Evaluate(row, findings);
}
