using System;
using System.Collections.Generic;
using System.Threading;

namespace HafniumTools.Logs;

/// <summary>
/// A log read live from the local computer rather than from a file (the Windows event logs), listed in
/// <see cref="LogRegistry"/>. Live sources are read only when a hunt asks for them (the local server scanned without
/// -Path); their rows go through the rule sets of their <see cref="Kind"/>, and each source gets its own coverage.
/// </summary>
internal interface ILiveLogSource
{
    LogKind Kind { get; }

    /// <summary>The source as coverage names it, e.g. <c>EventLog/Application</c>.</summary>
    string Name { get; }

    /// <summary>False when this computer has no such log (another OS, Exchange role not installed).</summary>
    bool IsAvailable { get; }

    /// <summary>The records, oldest first where possible, narrowed to the window when the source can do it cheaply.</summary>
    IEnumerable<ILogRow> Read(DateTime? since, DateTime? until, CancellationToken cancellationToken);
}
