namespace HafniumTools.Logs.EventLogs;

/// <summary>One query of a live event log: the log (channel) name and an event XPath filter.</summary>
internal sealed class LiveEventLogQuery
{
    public LiveEventLogQuery(string logName, string xpath, string purpose)
    {
        LogName = logName;
        XPath = xpath;
        Purpose = purpose;
    }

    /// <summary>The channel, e.g. <c>Application</c> or <c>MSExchange Management</c>.</summary>
    public string LogName { get; }

    /// <summary>The event XPath filter passed to <c>wevtutil qe /q:</c>.</summary>
    public string XPath { get; }

    /// <summary>What the query looks for, for progress and error messages.</summary>
    public string Purpose { get; }
}
