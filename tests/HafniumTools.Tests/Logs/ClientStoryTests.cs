using System;
using System.IO;
using System.Linq;
using HafniumTools.Logs;
using HafniumTools.Model;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Logs;

/// <summary>Issue 11, item 9: findings from one client tell one story, across files.</summary>
public class ClientStoryTests
{
    private static string Row(string time, string ip, string anchor, string stem, string status)
    {
        var names = LogFieldMap.HttpProxyFields;
        return string.Join(",", names.Select(n => n switch
        {
            "DateTime" => time,
            "ClientIpAddress" => ip,
            "AnchorMailbox" => anchor,
            "UrlStem" => stem,
            "HttpStatus" => status,
            "Method" => "POST",
            "ServerHostName" => "EXCH05",
            "IsAuthenticated" => "False",
            "RoutingHint" => "X-BEResource-Cookie",
            _ => string.Empty,
        }));
    }

    private static void WriteLog(string path, params string[] rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join(",", LogFieldMap.HttpProxyFields) + "\r\n" + string.Join("\r\n", rows) + "\r\n");
    }

    [Fact]
    public void An_autodiscover_attempt_is_annotated_with_what_the_same_client_did_next_in_another_file()
    {
        string dir = TempDir();
        try
        {
            string proxy = Path.Combine(dir, "EXCH05", "Logging", "HttpProxy");
            WriteLog(
                Path.Combine(proxy, "Autodiscover", "HttpProxy_2021030302-1.LOG"),
                Row("2021-03-03T02:10:00.100Z", "198.51.100.7", "ServerInfo~a]@EXCH05.contoso.local:444/autodiscover/autodiscover.xml?#", "/ecp/y.js", "200"),
                Row("2021-03-03T02:30:00.100Z", "198.51.100.99", "ServerInfo~a]@EXCH05.contoso.local:444/autodiscover/autodiscover.xml?#", "/ecp/y.js", "200"));
            WriteLog(
                Path.Combine(proxy, "Ecp", "HttpProxy_2021030302-1.LOG"),
                Row("2021-03-03T02:10:03.400Z", "198.51.100.7", "ServerInfo~a]@EXCH05.contoso.local:444/ecp/proxyLogon.ecp?#", "/ecp/y.js", "241"));

            var hunt = Hunt([dir]);

            var followed = Assert.Single(hunt.Findings, f => f.RuleId == "HT-HP-020" && f.ClientIp == "198.51.100.7");
            Assert.Equal(Verdict.Attempt, followed.Verdict);
            Assert.Contains("got further: HT-HP-010 Exploitation at 2021-03-03 02:10:03Z", followed.Detail, StringComparison.Ordinal);
            Assert.Contains("Ecp", followed.Detail, StringComparison.Ordinal);
            var alone = Assert.Single(hunt.Findings, f => f.RuleId == "HT-HP-020" && f.ClientIp == "198.51.100.99");
            Assert.DoesNotContain("got further", alone.Detail, StringComparison.Ordinal);
            Assert.Single(hunt.Findings, f => f.RuleId == "HT-HP-010");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
