using System.Collections.Generic;
using System.Globalization;
using HafniumTools.Logs.Ecp;
using HafniumTools.Model;

namespace HafniumTools.Logs.EventLogs;

/// <summary>
/// The event log rules, for both export forms (<c>wevtutil</c> XML, which the live reader also produces, and
/// <c>Get-WinEvent | Export-Clixml</c>): both give rows with the same event fields.
/// </summary>
internal sealed class EventLogRules : ILogRowRules, ILogSourceEnd
{
    // The cmdlet log's Set carrying script, then Remove- and New-*VirtualDirectory: the reset that writes the shell.
    private readonly EcpResetCorrelation _resets = new();

    public IReadOnlyList<LogKind> Kinds { get; } = [LogKind.EventLogXml, LogKind.EventLogClixml];

    public IReadOnlyList<DetectionRule> Rules => EventLogRuleCatalog.All;

    public void Evaluate(ILogRow row, ICollection<Finding> findings)
    {
        EventLogEvaluator.Evaluate(row, findings);
        if (EventLogEvaluator.SucceededCmdlet(row) is not { } entry)
        {
            return;
        }

        var step = new EcpEvent(row.Path, row.LineNumber, row.Timestamp, row["UserId"] ?? row["Data2"], entry.Cmdlet, EventLogEvaluator.ScriptUrl(entry), row.RawText, row.ComputerName ?? row["MachineName"]);
        if (VirtualDirectorySettings.IsSetCommand(entry.Cmdlet) && step.Url is not null)
        {
            Report(_resets.AddScriptSet(row.Path, step), findings);
        }
        else if (ResetWorkflow.IsRemoveOrNew(entry.Cmdlet))
        {
            Report(_resets.AddStep(row.Path, step, null), findings);
        }
    }

    public void SourceEnded(string path, ICollection<Finding> findings)
    {
        if (path is not null && findings is not null)
        {
            Report(_resets.End(path), findings);
        }
    }

    // Only a reset that follows a Set carrying script is a finding here; a plain reset in the cmdlet log is administration.
    private static void Report(IReadOnlyList<ResetWorkflow> resets, ICollection<Finding> findings)
    {
        foreach (var reset in resets)
        {
            if (reset.Cause is not { } set || reset.Reported)
            {
                continue;
            }

            reset.Reported = true;
            findings.Add(reset.ToFinding(
                EventLogRuleCatalog.ResetAfterScriptUrl,
                set.Url,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} (records {1}) ran after {2} stored script in a URL (record {3}, value '{4}'): the reset wrote that value into a file the caller chose; look for a new .aspx in the web folders.",
                    reset.Operation,
                    reset.Lines,
                    set.Operation,
                    set.LineNumber,
                    set.Url)));
        }
    }
}
