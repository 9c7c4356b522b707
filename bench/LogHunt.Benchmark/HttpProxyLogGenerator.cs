using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace LogHunt.Benchmark;

/// <summary>
/// Writes large, realistic Exchange HttpProxy logs (the 74-column format with the plain CSV header line and the
/// # directives, one folder per protocol, hourly files) for a clean server and for a server under attack, where a
/// small share of rows are the ProxyLogon chain, failed attempts, scanner probes, web-shell hits and shell sweeps.
/// </summary>
internal sealed class HttpProxyLogGenerator
{
    private const long FileRollBytes = 48L * 1024 * 1024;

    private static readonly string[] Fields =
    [
        "DateTime", "RequestId", "MajorVersion", "MinorVersion", "BuildVersion", "RevisionVersion", "ClientRequestId", "Protocol", "UrlHost", "UrlStem",
        "ProtocolAction", "AuthenticationType", "IsAuthenticated", "AuthenticatedUser", "Organization", "AnchorMailbox", "UserAgent", "ClientIpAddress",
        "ServerHostName", "HttpStatus", "BackEndStatus", "ErrorCode", "Method", "ProxyAction", "TargetServer", "TargetServerVersion", "RoutingType",
        "RoutingHint", "BackEndCookie", "ServerLocatorHost", "ServerLocatorLatency", "RequestBytes", "ResponseBytes", "TargetOutstandingRequests",
        "AuthModulePerfContext", "HttpPipelineLatency", "CalculateTargetBackEndLatency", "GlsLatencyBreakup", "TotalGlsLatency",
        "AccountForestLatencyBreakup", "TotalAccountForestLatency", "ResourceForestLatencyBreakup", "TotalResourceForestLatency", "ADLatency",
        "SharedCacheLatencyBreakup", "TotalSharedCacheLatency", "ActivityContextLifeTime", "ModuleToHandlerSwitchingLatency", "ClientReqStreamLatency",
        "BackendReqInitLatency", "BackendReqStreamLatency", "BackendProcessingLatency", "BackendRespInitLatency", "BackendRespStreamLatency",
        "ClientRespStreamLatency", "KerberosAuthHeaderLatency", "HandlerCompletionLatency", "RequestHandlerLatency", "HandlerToModuleSwitchingLatency",
        "ProxyTime", "CoreLatency", "RoutingLatency", "HttpProxyOverhead", "TotalRequestTime", "RouteRefresherLatency", "UrlQuery", "BackEndGenericInfo",
        "GenericInfo", "GenericErrors", "EdgeTraceId", "DatabaseGuid", "UserADObjectGuid", "PartitionEndpointLookupLatency", "RoutingStatus",
    ];

    private static readonly (string Protocol, double Share)[] Protocols =
    [
        ("Ews", 0.30), ("Mapi", 0.25), ("Owa", 0.12), ("Autodiscover", 0.10), ("Eas", 0.10), ("Ecp", 0.04), ("RpcHttp", 0.04), ("PowerShell", 0.03), ("Oab", 0.02),
    ];

    private static readonly string[] Outlook =
    [
        "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.13801; Pro)",
        "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.13628; Pro)",
        "Outlook-iOS/2.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML  like Gecko) Chrome/88.0.4324.190 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML  like Gecko) Version/14.0.3 Safari/605.1.15",
        "Apple-iPhone12C1/1803.148",
        "ExchangeServicesClient/15.01.2176.002",
    ];

    private readonly Random _random;
    private readonly string _server;
    private readonly bool _attacked;
    private readonly StringBuilder _line = new(2048);
    private readonly string[] _values = new string[Fields.Length];
    private DateTime _clock = new(2021, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    public HttpProxyLogGenerator(string server, bool attacked, int seed)
    {
        _server = server;
        _attacked = attacked;
        _random = new Random(seed);
    }

    public long MaliciousRows { get; private set; }

    public long Rows { get; private set; }

    /// <summary>Writes about <paramref name="bytes"/> of logs under <c>root/&lt;server&gt;/Logging/HttpProxy/&lt;protocol&gt;</c>.</summary>
    public void Write(string root, long bytes)
    {
        foreach (var (protocol, share) in Protocols)
        {
            string folder = Path.Combine(root, _server, "Logging", "HttpProxy", protocol);
            Directory.CreateDirectory(folder);
            long budget = (long)(bytes * share);
            int fileIndex = 0;
            _clock = new DateTime(2021, 3, 1, 0, 0, 0, DateTimeKind.Utc);
            while (budget > 0)
            {
                string path = Path.Combine(folder, string.Format(CultureInfo.InvariantCulture, "HttpProxy_{0:yyyyMMddHH}-{1}.LOG", _clock, ++fileIndex));
                long written = WriteFile(path, protocol, Math.Min(budget, FileRollBytes));
                budget -= written;
            }
        }
    }

    private long WriteFile(string path, string protocol, long target)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 20) { NewLine = "\r\n" };
        writer.WriteLine(string.Join(",", Fields));
        writer.WriteLine("#Software: Microsoft Exchange Server");
        writer.WriteLine("#Version: 15.01.2176.002");
        writer.WriteLine("#Log-type: HttpProxy Logs");
        writer.WriteLine("#Date: " + _clock.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        writer.WriteLine("#Fields: " + string.Join(",", Fields));
        long written = 0;
        while (written < target)
        {
            _clock = _clock.AddMilliseconds(_random.Next(1, 900));
            string line = _attacked && _random.NextDouble() < 0.002 ? Malicious(protocol) : Clean(protocol);
            writer.WriteLine(line);
            written += line.Length + 2;
            Rows++;
        }

        return written;
    }

    private string Clean(string protocol)
    {
        Reset(protocol);
        string user = "user" + _random.Next(1, 4000).ToString(CultureInfo.InvariantCulture);
        Set("IsAuthenticated", "True");
        Set("AuthenticatedUser", user + "@contoso.com");
        Set("AnchorMailbox", _random.Next(3) == 0 ? "Sid~S-1-5-21-3623811015-3361044348-30300820-" + _random.Next(1000, 9999) : "SMTP:" + user + "@contoso.com");
        Set("AuthenticationType", _random.Next(2) == 0 ? "Negotiate" : "Basic");
        Set("UserAgent", Outlook[_random.Next(Outlook.Length)]);
        switch (protocol)
        {
            case "Ews":
                Stem("/EWS/Exchange.asmx", "POST");
                Set("GenericInfo", "SoapAction=GetItem;ItemCount=" + _random.Next(1, 40) + ";ServerVersion=V2017_07_11;");
                break;
            case "Mapi":
                Stem(_random.Next(4) == 0 ? "/mapi/nspi/" : "/mapi/emsmdb/", "POST");
                Set("UrlQuery", "?MailboxId=" + Guid() + "@contoso.com");
                Set("ProtocolAction", _random.Next(2) == 0 ? "Execute" : "NotificationWait");
                break;
            case "Owa":
                OwaRow();
                break;
            case "Autodiscover":
                Stem("/Autodiscover/Autodiscover.xml", "POST");
                break;
            case "Eas":
                Stem("/Microsoft-Server-ActiveSync/default.eas", "POST");
                Set("UrlQuery", "?Cmd=Sync&User=" + user + "&DeviceId=" + Hex(16) + "&DeviceType=iPhone");
                Set("ProtocolAction", "Sync");
                break;
            case "Ecp":
                string[] ecp = ["/ecp/default.aspx", "/ecp/DDI/DDIService.svc/GetList", "/ecp/PersonalSettings/HomePage.aspx", "/ecp/RulesEditor/InboxRules.svc/GetList", "/ecp/Organize/DeliveryReports.slab"];
                Stem(ecp[_random.Next(ecp.Length)], _random.Next(2) == 0 ? "GET" : "POST");
                Set("UrlQuery", "?msExchEcpCanary=" + Hex(40));
                break;
            case "RpcHttp":
                Stem("/rpc/rpcproxy.dll", "RPC_OUT_DATA");
                Set("UrlQuery", "?exch" + _random.Next(1, 9) + ".contoso.com:6001");
                break;
            case "PowerShell":
                Stem("/powershell", "POST");
                Set("UrlQuery", "?serializationLevel=Full;ExchClientVer=15.1.2176.2;clientApplication=ManagementShell;TargetServer=;PSVersion=5.1.17763.1");
                Set("UserAgent", "Microsoft WinRM Client");
                Set("AuthenticationType", "Kerberos");
                break;
            default:
                Stem("/OAB/" + Guid() + "/oab.xml", "GET");
                break;
        }

        return Join();
    }

    private void OwaRow()
    {
        int pick = _random.Next(100);
        if (pick < 4)
        {
            Stem("/owa/auth/logon.aspx", "GET");
            Set("UrlQuery", "?url=https%3a%2f%2fmail.contoso.com%2fowa%2f&reason=0");
            Anonymous();
        }
        else if (pick < 8)
        {
            Stem("/owa/auth/15.1.2176/themes/resources/" + (new[] { "segoeui-regular.ttf", "owa_logo.png", "favicon.ico", "logon.css" })[_random.Next(4)], "GET");
            Anonymous();
        }
        else if (pick < 10)
        {
            Stem("/owa/", "GET");
            Set("UserAgent", "AMProbe/Local/ClientAccess");
            Set("AuthenticatedUser", "HealthMailbox" + Hex(5) + "@contoso.com");
        }
        else
        {
            Stem("/owa/service.svc", "POST");
            string[] actions = ["GetFolderChangeDigest", "FindItem", "GetItem", "GetConversationItems", "SubscribeToNotification"];
            Set("UrlQuery", "?action=" + actions[_random.Next(actions.Length)] + "&app=Mail&n=" + _random.Next(1, 99));
        }
    }

    private string Malicious(string protocol)
    {
        MaliciousRows++;
        Reset(protocol);
        Anonymous();
        Set("ClientIpAddress", "86.105.18." + _random.Next(1, 254));
        string backEnd = "exch01.contoso.com:444";
        int pick = _random.Next(10);
        switch (pick)
        {
            case 0:
            case 1:
                Ssrf("/ecp/y.js", "a]@" + backEnd + "/autodiscover/autodiscover.xml?#", "ExchangeServicesClient/0.0.0.0", "200");
                break;
            case 2:
                Ssrf("/ecp/y.js", "a]@" + backEnd + "/mapi/emsmdb/?#", "python-requests/2.25.1", "200");
                break;
            case 3:
                Ssrf("/ecp/y.js", "a]@" + backEnd + "/ecp/proxyLogon.ecp?#", "python-requests/2.25.1", "241");
                break;
            case 4:
                Ssrf("/ecp/y.js", "a]@" + backEnd + "/ecp/DDI/DDIService.svc/SetObject?schema=" + (_random.Next(2) == 0 ? "OABVirtualDirectory" : "ResetOABVirtualDirectory") + "&msExchEcpCanary=" + Hex(20) + "&a=~1942062522#", "python-requests/2.25.1", _random.Next(3) == 0 ? "500" : "200");
                break;
            case 5:
                Ssrf("/owa/auth/Current/themes/resources/logon.css", "a]@" + backEnd + "/EWS/Exchange.asmx?#", "python-requests/2.19.1", "200");
                break;
            case 6:
                Ssrf("/owa/auth/x.js", "localhost/ecp/default.flt?", "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)", "500");
                Set("RoutingHint", "X-AnonResource-Backend-Cookie");
                break;
            case 7:
                Stem("/owa/auth/RedirSuiteServerProxy.aspx", "POST");
                Set("UserAgent", "antSword/v2.1");
                break;
            default:
                Stem("/owa/auth/" + Hex(8) + ".aspx", "GET");
                Set("HttpStatus", "302");
                break;
        }

        return Join();
    }

    private void Ssrf(string stem, string target, string userAgent, string status)
    {
        Stem(stem, "POST");
        Set("AnchorMailbox", "ServerInfo~" + target);
        Set("UserAgent", userAgent);
        Set("HttpStatus", status);
        Set("BackEndStatus", status);
        Set("RoutingHint", "X-BEResource-Cookie");
        Set("RoutingType", "BEResource");
    }

    private void Anonymous()
    {
        Set("IsAuthenticated", "False");
        Set("AuthenticatedUser", string.Empty);
        Set("AnchorMailbox", string.Empty);
        Set("AuthenticationType", string.Empty);
    }

    private void Reset(string protocol)
    {
        Array.Fill(_values, string.Empty);
        Set("DateTime", _clock.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        Set("RequestId", Guid());
        Set("MajorVersion", "15");
        Set("MinorVersion", "1");
        Set("BuildVersion", "2176");
        Set("RevisionVersion", "2");
        Set("ClientRequestId", _random.Next(2) == 0 ? Guid() : string.Empty);
        Set("Protocol", protocol);
        Set("UrlHost", "mail.contoso.com");
        Set("ClientIpAddress", "10.20." + _random.Next(0, 255) + "." + _random.Next(1, 254));
        Set("ServerHostName", _server);
        Set("HttpStatus", _random.Next(50) == 0 ? "401" : "200");
        Set("BackEndStatus", "200");
        Set("ProxyAction", "Proxy");
        Set("TargetServer", "exch0" + _random.Next(1, 4) + ".contoso.com");
        Set("TargetServerVersion", "Version 15.1 (Build 2176.2)");
        Set("RoutingType", "Anchor");
        Set("ServerLocatorHost", "exch0" + _random.Next(1, 4) + ".contoso.com");
        Set("ServerLocatorLatency", _random.Next(0, 3).ToString(CultureInfo.InvariantCulture));
        Set("RequestBytes", _random.Next(0, 9000).ToString(CultureInfo.InvariantCulture));
        Set("ResponseBytes", _random.Next(200, 90000).ToString(CultureInfo.InvariantCulture));
        Set("TargetOutstandingRequests", "0");
        Set("AuthModulePerfContext", "UAC=" + _random.Next(0, 3) + ";UGS=" + _random.Next(0, 3) + ";");
        Set("HttpPipelineLatency", _random.Next(0, 9).ToString(CultureInfo.InvariantCulture));
        Set("CalculateTargetBackEndLatency", "1");
        Set("GlsLatencyBreakup", string.Empty);
        Set("TotalGlsLatency", "0");
        Set("ADLatency", _random.Next(0, 9).ToString(CultureInfo.InvariantCulture));
        Set("SharedCacheLatencyBreakup", "SDFMBE=" + _random.Next(0, 3) + ";");
        Set("TotalSharedCacheLatency", "0");
        Set("ActivityContextLifeTime", _random.Next(5, 900).ToString(CultureInfo.InvariantCulture));
        foreach (var name in new[] { "ModuleToHandlerSwitchingLatency", "ClientReqStreamLatency", "BackendReqInitLatency", "BackendReqStreamLatency", "BackendRespInitLatency", "BackendRespStreamLatency", "ClientRespStreamLatency", "HandlerCompletionLatency", "HandlerToModuleSwitchingLatency" })
        {
            Set(name, _random.Next(0, 4).ToString(CultureInfo.InvariantCulture));
        }

        Set("BackendProcessingLatency", _random.Next(2, 800).ToString(CultureInfo.InvariantCulture));
        Set("RequestHandlerLatency", _random.Next(0, 20).ToString(CultureInfo.InvariantCulture));
        Set("ProxyTime", _random.Next(2, 50).ToString(CultureInfo.InvariantCulture));
        Set("CoreLatency", _random.Next(2, 50).ToString(CultureInfo.InvariantCulture));
        Set("RoutingLatency", _random.Next(0, 5).ToString(CultureInfo.InvariantCulture));
        Set("HttpProxyOverhead", _random.Next(2, 40).ToString(CultureInfo.InvariantCulture));
        Set("TotalRequestTime", _random.Next(5, 900).ToString(CultureInfo.InvariantCulture));
        Set("BackEndGenericInfo", string.Empty);
        Set("GenericInfo", "FEAuth=BEVersion-1942061056;");
        Set("DatabaseGuid", Guid());
        Set("UserADObjectGuid", Guid());
    }

    private void Stem(string stem, string method)
    {
        Set("UrlStem", stem);
        Set("Method", method);
    }

    private static readonly Dictionary<string, int> Column = Fields.Select((f, i) => (f, i)).ToDictionary(p => p.f, p => p.i, StringComparer.Ordinal);

    private void Set(string field, string value) => _values[Column[field]] = value;

    private string Join()
    {
        _line.Clear();
        for (int i = 0; i < _values.Length; i++)
        {
            if (i > 0)
            {
                _line.Append(',');
            }

            string v = _values[i];
            if (v.IndexOf(',') >= 0 || v.IndexOf('"') >= 0)
            {
                _line.Append('"').Append(v.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                _line.Append(v);
            }
        }

        return _line.ToString();
    }

    private string Guid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new System.Guid(bytes).ToString();
    }

    private string Hex(int length)
    {
        const string digits = "0123456789abcdef";
        return string.Create(length, _random, (span, r) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = digits[r.Next(16)];
            }
        });
    }
}
