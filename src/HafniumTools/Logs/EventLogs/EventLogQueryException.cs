using System;

namespace HafniumTools.Logs.EventLogs;

/// <summary>A live event log query failed (wevtutil's exit code and message).</summary>
internal sealed class EventLogQueryException : InvalidOperationException
{
    // ERROR_EVT_CHANNEL_NOT_FOUND: the log does not exist on this machine (no Exchange management tools, for example).
    private const int ChannelNotFoundCode = 15007;

    public EventLogQueryException(string logName, int exitCode, string message)
        : base(message)
    {
        LogName = logName;
        ExitCode = exitCode;
    }

    public string LogName { get; }

    public int ExitCode { get; }

    /// <summary>True when the log does not exist here, which for the Exchange logs means there is nothing to read.</summary>
    public bool ChannelNotFound => ExitCode == ChannelNotFoundCode;
}
