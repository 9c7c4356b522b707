using System;
using System.Collections.Generic;
using System.Threading;

namespace HafniumTools.Logs.EventLogs;

/// <summary>
/// The local MSExchange Management event log (cmdlet log), read live through wevtutil when the local server is
/// scanned: Set-*VirtualDirectory with script in a URL (CVE-2021-27065). Not available where the log does not exist.
/// </summary>
internal sealed class ExchangeManagementEventLogSource : ILiveLogSource
{
    public LogKind Kind => LogKind.EventLogXml;

    public string Name => "EventLog/" + LiveEventLogSource.ManagementLog;

    public bool IsAvailable => LiveEventLogSource.LogExists(LiveEventLogSource.ManagementLog);

    public IEnumerable<ILogRow> Read(DateTime? since, DateTime? until, CancellationToken cancellationToken) =>
        LiveEventLogSource.ReadForHunt(LiveEventLogSource.ManagementLog, since, until, cancellationToken);
}
