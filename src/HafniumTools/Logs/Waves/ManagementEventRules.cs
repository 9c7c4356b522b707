using System.Collections.Generic;
using HafniumTools.Logs.EventLogs;
using HafniumTools.Model;

namespace HafniumTools.Logs.Waves;

/// <summary>
/// The ProxyShell cmdlets in <c>MSExchange Management</c> events (provider <c>MSExchange CmdletLogs</c>, event 1
/// succeeded, 6 failed), both export forms: the same judge as the Remote PowerShell cmdlet log
/// (<see cref="ExchangeCmdletJudge"/>), on the cmdlet and parameters <see cref="CmdletLogEntry"/> reads.
/// </summary>
internal sealed class ManagementEventRules : ILogRowRules
{
    public IReadOnlyList<LogKind> Kinds { get; } = [LogKind.EventLogXml, LogKind.EventLogClixml];

    public IReadOnlyList<DetectionRule> Rules => ExchangeCmdletRules.ManagementEvents.All;

    public void Evaluate(ILogRow row, ICollection<Finding> findings)
    {
        if (row is null || findings is null)
        {
            return;
        }

        string? eventId = row["EventId"]?.Trim();
        bool cmdletLog = string.Equals(row["ProviderName"], "MSExchange CmdletLogs", System.StringComparison.OrdinalIgnoreCase)
            || string.Equals(row["LogName"], "MSExchange Management", System.StringComparison.OrdinalIgnoreCase);
        if (!cmdletLog || (eventId != "1" && eventId != "6") || CmdletLogEntry.FromRow(row) is not { } entry)
        {
            return;
        }

        if (ExchangeCmdletJudge.Judge(ExchangeCmdletRules.ManagementEvents, entry.Cmdlet, entry.Parameters, eventId == "1") is not { } hit)
        {
            return;
        }

        string caller = row["Data2"] is { Length: > 0 } who ? " Caller: " + who + "." : string.Empty;
        findings.Add(new Finding(hit.Rule, row.ComputerName ?? row["MachineName"])
        {
            Path = row.Path,
            LineNumber = row.LineNumber,
            Timestamp = row.Timestamp ?? UtcTimestamp.Parse(row["TimeCreated"]),
            Operation = entry.Cmdlet,
            RawText = row.RawText,
            Detail = hit.Detail + " (event " + eventId + ", record " + (row["RecordId"] ?? "?") + ")." + caller,
        });
    }
}
