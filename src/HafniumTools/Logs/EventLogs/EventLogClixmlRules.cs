using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs.EventLogs;

/// <summary>The event log rules for <c>Get-WinEvent | Export-Clixml</c> files.</summary>
internal sealed class EventLogClixmlRules : ILogRowRules
{
    public LogKind Kind => LogKind.EventLogClixml;

    public IReadOnlyList<DetectionRule> Rules => EventLogRuleCatalog.All;

    public void Evaluate(ILogRow row, ICollection<Finding> findings) => EventLogEvaluator.Evaluate(row, findings);
}
