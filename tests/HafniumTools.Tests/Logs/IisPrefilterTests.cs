using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using HafniumTools.Logs;
using HafniumTools.Model;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Logs;

/// <summary>
/// The IIS rule set's line filter (carrier stems under /ecp/ and /owa/auth/, page names) leaves the users' own POSTs
/// unparsed and loses nothing: generated rows of every shape, hostile case and encodings included, give exactly the
/// findings of a hunt with no line filter at all.
/// </summary>
public class IisPrefilterTests
{
    [Fact]
    public void Every_row_is_judged_as_without_any_line_filter()
    {
        string[] stems =
        [
            "/ecp/y.js", "/ECP/A.JS", "/ecp/auth/x.js", "/owa/auth/z.js", "/OWA/AUTH/Current/themes/resources/logon.css", "/owa/auth/current/",
            "/ecp/default.flt", "/ecp/main.css", "/ecp/DDI/DDIService.svc/SetObject", "/owa/auth/logon.aspx", "/owa/auth/errorFE.aspx",
            "/owa/auth/x5mqz1tq.aspx", "/aspnet_client/system_web/shell.aspx", "/aspnet_client/a.ashx", "/ecp/auth/TimeoutLogout.aspx",
            "/EWS/Exchange.asmx", "/mapi/emsmdb/", "/Microsoft-Server-ActiveSync/default.eas", "/owa/service.svc", "/owa/", "/autodiscover/autodiscover.xml",
            "/rpc/rpcproxy.dll", "/ecp/", "/owa/auth.owa", "/%65cp/y.js", "/ecp//y.js", "/owa/auth/../auth/x.js", "/OAB/x/oab.xml",
        ];
        string[] methods = ["POST", "GET", "post", "PUT"];
        string[] users = ["-", "-", "CONTOSO\\jdoe", "jdoe@contoso.com"];
        int[] statuses = [200, 241, 302, 401, 404, 500];
        var random = new Random(1417);
        var text = new StringBuilder("#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2021-03-03 00:00:01\r\n"
            + "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n");
        for (int i = 0; i < 3000; i++)
        {
            text.Append(string.Format(
                CultureInfo.InvariantCulture,
                "2021-03-03 03:{0:00}:{1:00} 10.0.0.5 {2} {3} - 443 {4} 198.51.100.{5} python-requests/2.25.1 - {6} 0 0 15\r\n",
                i / 60 % 60,
                i % 60,
                methods[random.Next(methods.Length)],
                stems[random.Next(stems.Length)],
                users[random.Next(users.Length)],
                random.Next(1, 250),
                statuses[random.Next(statuses.Length)]));
        }

        string dir = TempDir();
        try
        {
            string file = Path.Combine(dir, "EXCH51", "inetpub", "logs", "LogFiles", "W3SVC1", "u_ex210303.log");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text.ToString());

            var filtered = Hunt([dir]).Findings.Select(Describe).OrderBy(s => s, StringComparer.Ordinal).ToList();
            var unfiltered = Hunt(new LogHuntRequest { Paths = [dir], Registry = UnhintedRuleSet.Registry() }).Findings.Select(Describe).OrderBy(s => s, StringComparer.Ordinal).ToList();

            Assert.Contains(filtered, s => s.Contains("Exploitation", StringComparison.Ordinal));
            Assert.Contains(filtered, s => s.Contains("Compromise", StringComparison.Ordinal));
            Assert.Equal(unfiltered, filtered);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static string Describe(Finding f) => f.LineNumber + " " + f.RuleId + " " + f.Verdict;
}
