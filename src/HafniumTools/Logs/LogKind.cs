namespace HafniumTools.Logs;

/// <summary>The kinds of log the hunt understands, recognised from a file's own header.</summary>
public enum LogKind
{
    Unknown,
    HttpProxy,
    /// <summary>ECP Server log: fields TimeStamp, ServerName, EventId, EventData (as the file's header says).</summary>
    EcpServer,
    EcpActivity,
    /// <summary>
    /// OABGeneratorLog text. No public source shows a <c>#Fields</c> header for it, so the engine hands each line
    /// over as a row with the single field <c>Message</c> holding the whole line text.
    /// </summary>
    OabGenerator,
    IisW3c,
    EventLogXml,
    EventLogClixml,

    /// <summary>Exchange Remote PowerShell HTTP log (<c>Logging\CmdletInfra\...\Rps_Http_*.LOG</c>, <c>#Log-type: Rps Http Logs</c>).</summary>
    RpsHttp,

    /// <summary>Exchange Remote PowerShell cmdlet log (<c>Rps_Cmdlet_*.LOG</c>, <c>#Log-type: Rps Cmdlet Logs</c>).</summary>
    RpsCmdlet,
}
