using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs.EventLogs;

/// <summary>The event log rules for <c>wevtutil</c> XML exports and the live reader's rows.</summary>
internal sealed class EventLogXmlRules : ILogRowRules
{
    public LogKind Kind => LogKind.EventLogXml;

    public IReadOnlyList<DetectionRule> Rules => EventLogRuleCatalog.All;

    public void Evaluate(ILogRow row, ICollection<Finding> findings) => EventLogEvaluator.Evaluate(row, findings);
}
