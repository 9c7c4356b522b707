namespace HafniumTools.Logs;

/// <summary>The kinds of log the hunt understands, recognised from a file's own header.</summary>
public enum LogKind
{
    Unknown,
    HttpProxy,
    EcpServer,
    EcpActivity,
    OabGenerator,
    IisW3c,
    EventLogXml,
    EventLogClixml,
}
