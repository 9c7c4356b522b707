using System;
using System.Collections.Generic;
using System.Linq;

namespace HafniumTools.Logs;

/// <summary>
/// The columns of a text log, as its header (the <c>#Fields:</c> directive or a plain header line) names them,
/// with the columns the engine itself needs (time, server) located once. Also the rules that say which lines are
/// header lines, used by <see cref="LogFormatDetector"/> for the header at the head of a file and by
/// <see cref="TextLogReader"/> for any header further down (IIS writes a new one after a restart).
/// </summary>
internal sealed class LogFieldMap
{
    internal static readonly string[] HttpProxyFields =
    [
        "DateTime", "RequestId", "MajorVersion", "MinorVersion", "BuildVersion", "RevisionVersion", "ClientRequestId", "Protocol",
        "UrlHost", "UrlStem", "ProtocolAction", "AuthenticationType", "IsAuthenticated", "AuthenticatedUser", "Organization",
        "AnchorMailbox", "UserAgent", "ClientIpAddress", "ServerHostName", "HttpStatus", "BackEndStatus", "ErrorCode", "Method",
        "ProxyAction", "TargetServer", "TargetServerVersion", "RoutingType", "RoutingHint", "BackEndCookie", "ServerLocatorHost",
        "ServerLocatorLatency", "RequestBytes", "ResponseBytes", "TargetOutstandingRequests", "AuthModulePerfContext",
        "HttpPipelineLatency", "CalculateTargetBackEndLatency", "GlsLatencyBreakup", "TotalGlsLatency", "AccountForestLatencyBreakup",
        "TotalAccountForestLatency", "ResourceForestLatencyBreakup", "TotalResourceForestLatency", "ADLatency",
        "SharedCacheLatencyBreakup", "TotalSharedCacheLatency", "ActivityContextLifeTime", "ModuleToHandlerSwitchingLatency",
        "ClientReqStreamLatency", "BackendReqInitLatency", "BackendReqStreamLatency", "BackendProcessingLatency",
        "BackendRespInitLatency", "BackendRespStreamLatency", "ClientRespStreamLatency", "KerberosAuthHeaderLatency",
        "HandlerCompletionLatency", "RequestHandlerLatency", "HandlerToModuleSwitchingLatency", "ProxyTime", "CoreLatency",
        "RoutingLatency", "HttpProxyOverhead", "TotalRequestTime", "RouteRefresherLatency", "UrlQuery", "BackEndGenericInfo",
        "GenericInfo", "GenericErrors", "EdgeTraceId", "DatabaseGuid", "UserADObjectGuid", "PartitionEndpointLookupLatency",
        "RoutingStatus",
    ];

    internal static readonly string[] RpsHttpFields =
    [
        "DateTime", "StartTime", "RequestId", "MajorVersion", "MinorVersion", "BuildVersion", "RevisionVersion", "ClientRequestId", "UrlHost",
        "UrlStem", "AuthenticationType", "IsAuthenticated", "AuthenticatedUser", "Organization", "ManagedOrganization", "ClientIpAddress",
        "ServerHostName", "FrontEndServer", "HttpStatus", "SubStatus", "ErrorCode", "Action", "CommandId", "CommandName", "SessionId", "ShellId",
        "FailFast", "ContributeToFailFast", "RequestBytes", "ClientInfo", "CPU", "Memory", "ActivityContextLifeTime", "TotalTime", "UrlQuery",
        "GenericLatency", "GenericInfo", "GenericErrors",
    ];

    internal static readonly string[] RpsCmdletFields =
    [
        "DateTime", "StartTime", "RequestId", "ClientRequestId", "MajorVersion", "MinorVersion", "BuildVersion", "RevisionVersion", "ServerHostName",
        "ProcessId", "ProcessName", "ThreadId", "CultureInfo", "Organization", "AuthenticatedUser", "ExecutingUserSid", "EffectiveOrganization",
        "UserServicePlan", "IsAdmin", "ClientApplication", "Cmdlet", "Parameters", "CmdletUniqueId", "UserBudgetOnStart", "ContributeToFailFast",
        "RunspaceSettingsCreationHint", "ADViewEntireForest", "ADRecipientViewRoot", "ADConfigurationDomainControllers", "ADPreferredGlobalCatalogs",
        "ADPreferredDomainControllers", "ADUserConfigurationDomainController", "ADUserPreferredGlobalCatalog", "ADuserPreferredDomainControllers",
        "ThrottlingInfo", "DelayInfo", "ThrottlingDelay", "IsOutputObjectRedacted", "CmdletProxyStage", "CmdletProxyRemoteServer",
        "CmdletProxyRemoteServerVersion", "CmdletProxyMethod", "ProxiedObjectCount", "CmdletProxyLatency", "OutputObjectCount", "ParameterBinding",
        "BeginProcessing", "ProcessRecord", "EndProcessing", "StopProcessing", "BizLogic", "PowerShellLatency", "UserInteractionLatency",
        "ProvisioningLayerLatency", "ActivityContextLifeTime", "TotalTime", "ErrorType", "ExecutionResult", "CacheHitCount", "CacheMissCount",
        "GenericLatency", "GenericInfo", "GenericErrors", "ObjectGuid", "ExternalDirectoryOrganizationId", "ExternalDirectoryObjectId", "NonPiiParameters",
    ];

    internal static readonly string[] EcpFields = ["TimeStamp", "ServerName", "EventId", "EventData"];

    internal static readonly string[] IisDefaultFields =
    [
        "date", "time", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port", "cs-username", "c-ip", "cs(User-Agent)",
        "cs(Referer)", "sc-status", "sc-substatus", "sc-win32-status", "time-taken",
    ];

    internal static readonly string[] MessageOnly = ["Message"];

    private static readonly string[] TimestampNames = ["DateTime", "TimeStamp", "date-time"];
    private static readonly string[] ComputerNames = ["ServerHostName", "ServerName", "s-computername", "ComputerName"];
    private readonly Dictionary<string, int> _index;

    public LogFieldMap(IReadOnlyList<string> names, byte separator, bool quoted)
    {
        Names = names.ToArray();
        Separator = separator;
        Quoted = quoted;
        _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < Names.Length; i++)
        {
            if (!_index.ContainsKey(Names[i]))
            {
                _index[Names[i]] = i;
            }
        }

        TimestampIndex = FirstFound(TimestampNames);
        DateIndex = IndexOf("date");
        TimeIndex = IndexOf("time");
        ComputerIndex = FirstFound(ComputerNames);
        WholeLine = Names.Length == 1 && string.Equals(Names[0], "Message", StringComparison.Ordinal);
    }

    public string[] Names { get; }

    public byte Separator { get; }

    public bool Quoted { get; }

    /// <summary>The line is not split: the single field is the whole line.</summary>
    public bool WholeLine { get; }

    public int TimestampIndex { get; }

    /// <summary>W3C logs keep date and time in two columns.</summary>
    public int DateIndex { get; }

    public int TimeIndex { get; }

    public int ComputerIndex { get; }

    /// <summary>The highest column index the engine needs for time and server.</summary>
    public int LastEngineColumn => Math.Max(Math.Max(TimestampIndex, ComputerIndex), Math.Max(DateIndex, TimeIndex));

    public static LogFieldMap ForCsv(IReadOnlyList<string> names) => new(names, (byte)',', true);

    public static LogFieldMap ForW3c(IReadOnlyList<string> names) => new(names, (byte)' ', false);

    /// <summary>The columns a log of this kind has when its file carries no header.</summary>
    public static LogFieldMap DefaultFor(LogKind kind) => kind switch
    {
        LogKind.HttpProxy => ForCsv(HttpProxyFields),
        LogKind.EcpServer or LogKind.EcpActivity => ForCsv(EcpFields),
        LogKind.IisW3c => ForW3c(IisDefaultFields),
        LogKind.RpsHttp => ForCsv(RpsHttpFields),
        LogKind.RpsCmdlet => ForCsv(RpsCmdletFields),
        _ => new LogFieldMap(MessageOnly, (byte)'\n', false),
    };

    /// <summary>
    /// The columns a <c>#Fields:</c> directive names (<paramref name="names"/> is the text after the colon), as a
    /// log of <paramref name="kind"/> reads them; null for an OABGeneratorLog, whose rows are whole lines
    /// (field <c>Message</c>) whatever a header says: that is the contract its rules rely on.
    /// </summary>
    public static LogFieldMap? FromFieldsDirective(string names, LogKind kind)
    {
        names = names.Trim();
        return FromFieldsDirective(SplitHeader(names), names.IndexOf(',') >= 0, kind);
    }

    /// <summary>The same for names already split (<see cref="SplitHeader"/>) from a line with or without commas.</summary>
    public static LogFieldMap? FromFieldsDirective(string[] names, bool commaSeparated, LogKind kind) =>
        kind == LogKind.OabGenerator ? null
        : kind == LogKind.IisW3c && !commaSeparated ? ForW3c(names)
        : ForCsv(names);

    /// <summary>
    /// True when [start, end) of <paramref name="line"/>, met before any data row, is a plain CSV header line
    /// (HttpProxy files start with one before the directives): a letter or quote first, and a separator.
    /// </summary>
    public static bool IsPlainHeader(byte[] line, int start, int end, LogKind kind, LogFieldMap current)
    {
        if (current.WholeLine || kind == LogKind.IisW3c)
        {
            return false;
        }

        // A name starts with a letter, quoted or not; a quoted data row (Export-Csv quotes every value) starts with a digit.
        int name = line[start] == '"' && end - start > 1 ? start + 1 : start;
        byte first = line[name];
        bool letter = (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z');
        return letter && Array.IndexOf(line, (byte)',', start, end - start) > 0;
    }

    /// <summary>Header names: comma-separated (quotes trimmed) when the line has a comma, else space-separated.</summary>
    public static string[] SplitHeader(string line) =>
        line.IndexOf(',') >= 0
            ? line.Split(',').Select(f => f.Trim().Trim('"')).ToArray()
            : line.Split([' '], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// These columns widened to <paramref name="count"/> values, for rows with more values than the header names
    /// (a header cut short, by damage or on purpose). When the header is the start of the usual columns of
    /// <paramref name="kind"/>, the positions past it take the usual names (<paramref name="named"/> true); otherwise
    /// they stay unnamed, and rules see only the columns the header names.
    /// </summary>
    public LogFieldMap WidenedTo(LogKind kind, int count, out bool named)
    {
        var usual = DefaultFor(kind);
        named = !usual.WholeLine && usual.Names.Length > Names.Length
            && Names.Select((n, i) => string.Equals(n, usual.Names[i], StringComparison.OrdinalIgnoreCase)).All(same => same);
        var names = new List<string>(Names);
        for (int i = Names.Length; i < count; i++)
        {
            names.Add(named && i < usual.Names.Length ? usual.Names[i] : string.Empty);
        }

        return new LogFieldMap(names, Separator, Quoted);
    }

    public int IndexOf(string name) => _index.TryGetValue(name, out int i) ? i : -1;

    public bool Has(string name) => _index.ContainsKey(name);

    private int FirstFound(string[] names)
    {
        foreach (var name in names)
        {
            int i = IndexOf(name);
            if (i >= 0)
            {
                return i;
            }
        }

        return -1;
    }
}
