using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HafniumTools.Logs;
using HafniumTools.Model;
using HafniumTools.Tests.Logs;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Waves;

/// <summary>
/// The OWASSRF needle (<c>owershell</c>) is searched for only where an HttpProxy row can hold the shape: the Owa and
/// OwaCalendar protocol folders and any file in no protocol's folder; IIS logs are searched as before. In the other
/// protocols' folders (PowerShell, where every row names /powershell, Ews, Mapi...) it is left out, and what those
/// files hold is judged exactly as without any prefilter.
/// </summary>
public class OwassrfPrefilterTests
{
    private const string OwassrfStem = "/owa/mastermailbox%40outlook.com/powershell";
    private const string ChromePoc = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/105.0.5195.54 Safari/537.36";

    [Theory]
    [InlineData("EXCH31/Logging/HttpProxy/Owa")]
    [InlineData("EXCH31/Logging/HttpProxy/OWA")]
    [InlineData("EXCH31/Logging/HttpProxy/OwaCalendar")]
    [InlineData("EXCH31/Logging/HttpProxy/collected")]
    [InlineData("EXCH31/HttpProxy")]
    [InlineData("EXCH31")]
    public void An_owassrf_row_is_found_where_httpproxy_can_log_it_and_in_files_of_no_protocol_folder(string folder)
    {
        string dir = TempDir();
        try
        {
            WriteHttpProxy(Path.Combine(dir, folder, "HttpProxy_2022122011-1.LOG"), Row("2022-12-20T11:00:01.100Z", OwassrfStem, "", "POST", "200", ChromePoc));
            var found = Assert.Single(Hunt([dir]).Findings);
            Assert.Equal("HT-OWS-101", found.RuleId);
            Assert.Equal(Campaign.OWASSRF, found.Campaign);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void An_owassrf_request_in_the_iis_front_end_log_is_still_found()
    {
        string dir = TempDir();
        try
        {
            string log = Path.Combine(dir, "EXCH31", "inetpub", "logs", "LogFiles", "W3SVC1", "u_ex221220.log");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            File.WriteAllText(
                log,
                "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2022-12-20 11:00:00\r\n"
                + "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n"
                + "2022-12-20 11:00:01 10.0.0.8 POST " + OwassrfStem + " - 443 jdoe@contoso.com 203.0.113.20 " + ChromePoc.Replace(' ', '+') + " - 200 0 0 120\r\n");
            Assert.Equal("HT-OWS-001", Assert.Single(Hunt([dir]).Findings).RuleId);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void The_needle_is_left_out_only_in_other_protocols_folders()
    {
        var registry = LogRegistry.Module;
        Assert.Contains("owershell", registry.PrefilterFor(LogKind.HttpProxy)!.Needles);
        Assert.Contains("owershell", registry.PrefilterFor(LogKind.HttpProxy, "/case/EXCH31/Logging/HttpProxy/Owa/HttpProxy_1.LOG")!.Needles);
        Assert.Contains("owershell", registry.PrefilterFor(LogKind.HttpProxy, @"C:\case\HttpProxy_1.LOG")!.Needles);
        Assert.Contains("owershell", registry.PrefilterFor(LogKind.HttpProxy, "/case/EXCH31/Logging/HttpProxy/copied/HttpProxy_1.LOG")!.Needles);
        foreach (string protocol in new[] { "PowerShell", "Ews", "Mapi", "Eas", "Ecp", "RpcHttp", "Oab" })
        {
            var filter = registry.PrefilterFor(LogKind.HttpProxy, @"D:\case\EXCH31\Logging\HttpProxy\" + protocol + @"\HttpProxy_1.LOG")!;
            Assert.DoesNotContain("owershell", filter.Needles);
            Assert.DoesNotContain("autodiscover.json", filter.Needles);
            Assert.Contains("ServerInfo~", filter.Needles);
        }

        var autodiscover = registry.PrefilterFor(LogKind.HttpProxy, @"D:\case\EXCH31\Logging\HttpProxy\Autodiscover\HttpProxy_1.LOG")!;
        Assert.Contains("autodiscover.json", autodiscover.Needles);
        Assert.DoesNotContain("owershell", autodiscover.Needles);
        Assert.Contains("autodiscover.json", registry.PrefilterFor(LogKind.HttpProxy, "/case/EXCH31/Logging/HttpProxy/copied/HttpProxy_1.LOG")!.Needles);
        Assert.Contains("autodiscover.json", registry.PrefilterFor(LogKind.IisW3c, "/case/EXCH31/inetpub/logs/LogFiles/W3SVC1/u_ex1.log")!.Needles);

        Assert.Contains("owershell", registry.PrefilterFor(LogKind.IisW3c, "/case/EXCH31/inetpub/logs/LogFiles/W3SVC2/u_ex1.log")!.Needles);
    }

    /// <summary>
    /// Rows each protocol logs (its own virtual directory's stems, with hostile queries, encodings and user agents that
    /// name powershell) give the same findings with the scoped prefilter as with none at all.
    /// </summary>
    [Fact]
    public void Where_the_needle_was_left_out_every_row_is_judged_as_without_any_prefilter()
    {
        var stems = new Dictionary<string, string[]>
        {
            ["PowerShell"] = ["/powershell", "/PowerShell/", "/Powershell", "/powershell/%70owershell"],
            ["Autodiscover"] = ["/autodiscover/autodiscover.json", "/autodiscover/admin@localhost//powershell/autodiscover.json", "/autodiscover/autodiscover.xml", "//Autodiscover/autodiscover.json", "/%61utodiscover/autodiscover.json"],
            ["Ews"] = ["/EWS/Exchange.asmx", "/ews/powershell"],
            ["Mapi"] = ["/mapi/emsmdb/", "/mapi/nspi/"],
            ["Ecp"] = ["/ecp/DDI/DDIService.svc/GetList", "/ecp/y.js"],
            ["Eas"] = ["/Microsoft-Server-ActiveSync"],
            ["RpcHttp"] = ["/rpc/rpcproxy.dll"],
            ["Oab"] = ["/OAB/0c2d7b3f/oab.xml"],
        };
        string[] queries =
        [
            "", "?serializationLevel=Full;ExchClientVer=15.2.922.7;clientApplication=ManagementShell;TargetServer=;PSVersion=5.1",
            "?@evil.com/powershell&Email=autodiscover/autodiscover.json%3F@evil.com", "?@zdi/%50owershell&Email=autodiscover/autodiscover.json%3F@zdi",
            "?a..foo.var/owa/&Email=autodiscover/autodiscover.json%3Fa..foo.var&Protocol=XYZ&FooProtocol=Powershell",
            "?X-Rps-CAT=VgEAVAdXaW5kb3dz&Email=autodiscover/autodiscover.json%3F@evil.com", "?next=/owa/a%40b.com/powershell",
        ];
        string[] agents = ["Microsoft WinRM Client", "python-requests/2.28.1", ChromePoc, "Python PSRP Client"];
        var random = new Random(4108);
        string dir = TempDir();
        try
        {
            foreach (var (protocol, protocolStems) in stems)
            {
                var rows = new List<string>();
                for (int i = 0; i < 200; i++)
                {
                    string stem = protocolStems[random.Next(protocolStems.Length)];
                    string query = queries[random.Next(queries.Length)];
                    rows.Add(Row(
                        "2022-12-20T11:" + (i / 60).ToString("00", System.Globalization.CultureInfo.InvariantCulture) + ":" + (i % 60).ToString("00", System.Globalization.CultureInfo.InvariantCulture) + ".100Z",
                        stem,
                        query.TrimStart('?'),
                        random.Next(2) == 0 ? "POST" : "GET",
                        random.Next(3) == 0 ? "401" : "200",
                        agents[random.Next(agents.Length)],
                        authenticated: random.Next(2) == 0));
                }

                WriteHttpProxy(Path.Combine(dir, "EXCH31", "Logging", "HttpProxy", protocol, "HttpProxy_2022122011-1.LOG"), [.. rows]);
            }

            var scoped = Hunt([dir]).Findings.Select(Describe).OrderBy(s => s, StringComparer.Ordinal).ToList();
            var unfiltered = Hunt(new LogHuntRequest
            {
                Paths = [dir],
                Registry = UnhintedRuleSet.Registry(),
            }).Findings.Select(Describe).OrderBy(s => s, StringComparer.Ordinal).ToList();

            Assert.NotEmpty(scoped);
            Assert.Contains(scoped, s => s.Contains("HT-PNS", StringComparison.Ordinal));
            Assert.Equal(unfiltered, scoped);

            // The autodiscover SSRF is judged only where it was sent: to the Autodiscover virtual directory.
            Assert.All(scoped.Where(s => s.Contains("HT-PXS", StringComparison.Ordinal) || s.Contains("HT-PNS", StringComparison.Ordinal)), s => Assert.StartsWith("Autodiscover:", s, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static string Describe(Finding f) => Path.GetFileName(Path.GetDirectoryName(f.Path)) + ":" + f.LineNumber + " " + f.RuleId;

    private static string Row(string time, string stem, string query, string method, string status, string agent, bool authenticated = true)
    {
        var names = LogFieldMap.HttpProxyFields;
        return string.Join(",", names.Select(n => n switch
        {
            "DateTime" => time,
            "ServerHostName" => "EXCH31",
            "UrlHost" => "mail.contoso.com",
            "UrlStem" => stem,
            "UrlQuery" => query.Length == 0 ? string.Empty : "?" + query,
            "Method" => method,
            "HttpStatus" => status,
            "BackEndStatus" => status,
            "UserAgent" => "\"" + agent.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
            "ClientIpAddress" => "203.0.113.20",
            "IsAuthenticated" => authenticated ? "True" : "False",
            "AuthenticatedUser" => authenticated ? "jdoe@contoso.com" : string.Empty,
            _ => string.Empty,
        }));
    }

    private static void WriteHttpProxy(string path, params string[] rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string header = string.Join(",", LogFieldMap.HttpProxyFields);
        File.WriteAllText(path, header + "\r\n#Software: Microsoft Exchange Server\r\n#Version: 15.02.1118.007\r\n#Log-type: HttpProxy Logs\r\n#Date: 2022-12-20T11:00:00.000Z\r\n#Fields: " + header + "\r\n" + string.Join("\r\n", rows) + "\r\n");
    }
}
