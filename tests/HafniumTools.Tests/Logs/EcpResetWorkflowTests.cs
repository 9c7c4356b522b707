using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Logs;
using HafniumTools.Logs.Ecp;
using HafniumTools.Model;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Logs;

/// <summary>
/// Issue 11, items 4 and 7: the reset that writes the CVE-2021-27065 shell is recognised from its cmdlets (Set with
/// script, then Remove- and New-*VirtualDirectory) even where the ECP log kept no URL, and one reset is one finding
/// whose evidence is every line of it; the reads of the same dialog are not findings.
/// </summary>
public class EcpResetWorkflowTests
{
    private const string Sid = "S-1-5-21-1-2-3-500";
    private static readonly DateTime T0 = new(2021, 3, 5, 6, 12, 41, DateTimeKind.Utc);

    private static string Cmd(string command) => "S:TIME=9;S:SID=" + Sid + ";'S:CMD=" + command + "';S:REQID=;S:REFERRER=;S:EX=";

    private static readonly string ScriptSet = Cmd("Set-OabVirtualDirectory.ExternalUrl=''http://z/<script runat=\"server\">eval(Request[\"q\"])</script>''");

    private static List<Finding> Run(params TestLogRow[] rows)
    {
        var rules = new EcpServerRules();
        var findings = new List<Finding>();
        foreach (var row in rows)
        {
            rules.Evaluate(row, findings);
        }

        rules.SourceEnded(rows[0].Path, findings);
        return findings;
    }

    [Fact]
    public void The_attack_log_without_urls_gives_the_set_and_one_critical_write_with_both_lines()
    {
        var hunt = Hunt([Fixture("ecp-workflows", "ECPServer20210305-1.LOG")]);

        Assert.Equal(["HT-ECP-001", "HT-ECP-002"], hunt.Findings.Select(f => f.RuleId));
        var write = hunt.Findings[1];
        Assert.Equal(Severity.Critical, write.Severity);
        Assert.Equal(Verdict.Exploitation, write.Verdict);
        Assert.Equal(10, write.LineNumber);
        Assert.EndsWith("ECPServer20210305-1.LOG:10,11", write.Evidence, StringComparison.Ordinal);
        Assert.Contains("New-OabVirtualDirectory", write.RawText, StringComparison.Ordinal);
        Assert.Contains("line 7", write.Detail, StringComparison.Ordinal);
        Assert.Equal("EXCH09", write.ComputerName);
    }

    [Fact]
    public void An_administrator_reset_is_one_context_finding_for_all_its_rows()
    {
        var hunt = Hunt([Fixture("ecp-workflows", "ECPServer20210210-1.LOG")]);

        var reset = Assert.Single(hunt.Findings);
        Assert.Equal("HT-ECP-003", reset.RuleId);
        Assert.Equal(Verdict.Context, reset.Verdict);
        Assert.EndsWith(":8,9,10,11", reset.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutated_sequences_still_give_one_write()
    {
        // Lower-case cmdlets, no timestamps in order (the file order decides), a read between the steps.
        var rows = new[]
        {
            new TestLogRow(LogKind.EcpServer, "x.log", 1, ScriptSet, new Dictionary<string, string?> { ["EventData"] = ScriptSet }),
            new TestLogRow(LogKind.EcpServer, "x.log", 2, Cmd("remove-oabvirtualdirectory.Force=$true"), new Dictionary<string, string?> { ["EventData"] = Cmd("remove-oabvirtualdirectory.Force=$true") }),
            new TestLogRow(LogKind.EcpServer, "x.log", 3, Cmd("Get-OabVirtualDirectory"), new Dictionary<string, string?> { ["EventData"] = Cmd("Get-OabVirtualDirectory") }),
            new TestLogRow(LogKind.EcpServer, "x.log", 4, Cmd("new-oabvirtualdirectory.WebSiteName=''Default Web Site''"), new Dictionary<string, string?> { ["EventData"] = Cmd("new-oabvirtualdirectory.WebSiteName=''Default Web Site''") }),
        };

        var findings = Run(rows);

        Assert.Equal(["HT-ECP-001", "HT-ECP-002"], findings.Select(f => f.RuleId));
        Assert.Equal("x.log:2,4", findings[1].Evidence);
    }

    [Fact]
    public void Two_resets_minutes_apart_are_two_findings_and_a_lone_remove_is_none()
    {
        var findings = Run(
            TestLogRow.Ecp(ScriptSet, 1, timestamp: T0),
            TestLogRow.Ecp(Cmd("Remove-OabVirtualDirectory.Force=$true"), 2, timestamp: T0.AddSeconds(6)),
            TestLogRow.Ecp(Cmd("New-OabVirtualDirectory.WebSiteName=''Default Web Site''"), 3, timestamp: T0.AddSeconds(11)),
            TestLogRow.Ecp(Cmd("Remove-OabVirtualDirectory.Force=$true"), 4, timestamp: T0.AddMinutes(40)),
            TestLogRow.Ecp(Cmd("New-OabVirtualDirectory.WebSiteName=''Default Web Site''"), 5, timestamp: T0.AddMinutes(40).AddSeconds(4)),
            TestLogRow.Ecp(Cmd("Remove-EcpVirtualDirectory.Force=$true"), 6, timestamp: T0.AddHours(3)));

        Assert.Equal(["HT-ECP-001", "HT-ECP-002", "HT-ECP-002"], findings.Select(f => f.RuleId));
        Assert.Equal([1L, 2L, 4L], findings.Select(f => f.LineNumber!.Value));
    }

    [Fact]
    public void A_reset_by_another_user_is_not_part_of_the_attackers_reset()
    {
        const string other = "S:TIME=9;S:SID=S-1-5-21-1-2-3-1104;'S:CMD=New-OabVirtualDirectory.WebSiteName=''Default Web Site''';S:REQID=;S:EX=";
        var findings = Run(
            TestLogRow.Ecp(ScriptSet, 1, timestamp: T0),
            TestLogRow.Ecp(Cmd("Remove-OabVirtualDirectory.Force=$true"), 2, timestamp: T0.AddSeconds(6)),
            TestLogRow.Ecp(other, 3, timestamp: T0.AddSeconds(8)));

        // Removed by one user and created by another: neither alone is a reset.
        Assert.Equal(["HT-ECP-001"], findings.Select(f => f.RuleId));
    }
}
