using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Logs.Ecp;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Logs;

public class EcpResetCorrelationTests
{
    private const string Set = "S:SID=S-1-5-21-1-2-3-500;'S:CMD=Set-OabVirtualDirectory.ExternalUrl=''http://f/<script runat=\"server\">x</script>''';S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory;S:EX=";
    private const string Reset = "S:SID=S-1-5-21-1-2-3-500;'S:CMD=Remove-OABVirtualDirectory.Force=$true.Identity=''EXCH01\\OAB (Default Web Site)''';S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=ResetOABVirtualDirectory;S:EX=";
    private static readonly DateTime T0 = new(2021, 3, 3, 23, 59, 50, DateTimeKind.Utc);

    private static List<Finding> Evaluate(EcpServerRules rules, params TestLogRow[] rows)
    {
        var findings = new List<Finding>();
        foreach (var row in rows)
        {
            rules.Evaluate(row, findings);
        }

        return findings;
    }

    [Fact]
    public void AResetReadBeforeTheScriptSetOfAnEarlierFileIsUpgradedWhenTheSetArrives()
    {
        var rules = new EcpServerRules();

        var resetFirst = Evaluate(rules, TestLogRow.Ecp(Reset, 3, path: "/triage/EXCH01/ECP/Server/ECPServer20210304-1.LOG", timestamp: T0.AddSeconds(20)));
        var setLater = Evaluate(rules, TestLogRow.Ecp(Set, 900, path: "/triage/EXCH01/ECP/Server/ECPServer20210303-1.LOG", timestamp: T0));

        Assert.Equal(["HT-ECP-003"], resetFirst.Select(f => f.RuleId));
        Assert.Equal(["HT-ECP-001", "HT-ECP-002"], setLater.Select(f => f.RuleId));
        var upgraded = setLater[1];
        Assert.Equal(3, upgraded.LineNumber);
        Assert.EndsWith("ECPServer20210304-1.LOG", upgraded.Path, StringComparison.Ordinal);
        Assert.Contains("ECPServer20210303-1.LOG:900", upgraded.Detail, StringComparison.Ordinal);
        Assert.Equal(Severity.Critical, upgraded.Severity);
    }

    [Fact]
    public void AScriptSetOfAnotherServerFolderDoesNotExplainAReset()
    {
        var rules = new EcpServerRules();

        Evaluate(rules, TestLogRow.Ecp(Reset, 3, path: "/triage/EXCH01/ECP/Server/ECPServer20210304-1.LOG", timestamp: T0.AddSeconds(20)));
        var other = Evaluate(rules, TestLogRow.Ecp(Set, 900, path: "/triage/EXCH02/ECP/Server/ECPServer20210303-1.LOG", timestamp: T0));

        Assert.Equal(["HT-ECP-001"], other.Select(f => f.RuleId));
    }

    [Fact]
    public void TheRowsOfOneResetWorkflowGiveOneFinding()
    {
        var rules = new EcpServerRules();
        const string create = "S:SID=S-1-5-21-1-2-3-500;'S:CMD=New-OABVirtualDirectory.WebSiteName=''Default Web Site''';S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=ResetOABVirtualDirectory;S:EX=";

        var findings = Evaluate(
            rules,
            TestLogRow.Ecp(Set, 1, timestamp: T0),
            TestLogRow.Ecp(Reset, 2, timestamp: T0.AddSeconds(5)),
            TestLogRow.Ecp(create, 3, timestamp: T0.AddSeconds(9)),
            TestLogRow.Ecp(Reset, 4, timestamp: T0.AddMinutes(30)));

        Assert.Equal(["HT-ECP-001", "HT-ECP-002", "HT-ECP-002"], findings.Select(f => f.RuleId));
        Assert.Equal([1L, 2L, 4L], findings.Select(f => f.LineNumber!.Value));
    }

    [Fact]
    public void WithoutTimestampsOnlyTheOrderOfOneFileCorrelates()
    {
        var rules = new EcpServerRules();
        var setRow = new TestLogRow(HafniumTools.Logs.LogKind.EcpServer, "a/x.log", 1, Set, new Dictionary<string, string?> { ["EventData"] = Set });
        var resetRow = new TestLogRow(HafniumTools.Logs.LogKind.EcpServer, "a/x.log", 2, Reset, new Dictionary<string, string?> { ["EventData"] = Reset });
        var resetElsewhere = new TestLogRow(HafniumTools.Logs.LogKind.EcpServer, "a/y.log", 5, Reset, new Dictionary<string, string?> { ["EventData"] = Reset });

        var findings = Evaluate(rules, setRow, resetRow, resetElsewhere);

        Assert.Equal(["HT-ECP-001", "HT-ECP-002", "HT-ECP-003"], findings.Select(f => f.RuleId));
        Assert.Null(findings[0].Timestamp);
    }
}
