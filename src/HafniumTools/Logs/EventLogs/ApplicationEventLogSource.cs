using System;
using System.Collections.Generic;
using System.Threading;

namespace HafniumTools.Logs.EventLogs;

/// <summary>
/// The local Application event log, read live through wevtutil when the local server is scanned: Unified Messaging
/// errors and Watson reports (CVE-2021-26857) and Control Panel request errors (CVE-2021-26855).
/// </summary>
internal sealed class ApplicationEventLogSource : ILiveLogSource
{
    public LogKind Kind => LogKind.EventLogXml;

    public string Name => "EventLog/" + LiveEventLogSource.ApplicationLog;

    public bool IsAvailable => LiveEventLogSource.IsSupported;

    public IEnumerable<ILogRow> Read(DateTime? since, DateTime? until, CancellationToken cancellationToken) =>
        LiveEventLogSource.ReadForHunt(LiveEventLogSource.ApplicationLog, since, until, cancellationToken);
}
