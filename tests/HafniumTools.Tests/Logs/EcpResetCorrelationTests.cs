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

        // Each log ends after its last row, as the engine tells every rule set that judges sequences.
        foreach (string path in rows.Select(r => r.Path).Distinct())
        {
            rules.SourceEnded(path, findings);
        }

        return findings;
    }

    [Fact]
    public void AResetLoggedBeforeItsSetIsUpgradedWhenTheSetArrives()
    {
        // Rows out of time order in one file: the reset (later in time) is written first.
        var rules = new EcpServerRules();

        var findings = Evaluate(
            rules,
            TestLogRow.Ecp(Reset, 3, path: "ECPServer20210303-1.LOG", timestamp: T0.AddSeconds(20)),
            TestLogRow.Ecp(Set, 4, path: "ECPServer20210303-1.LOG", timestamp: T0));

        // The reset stays open until its log ends, so it is judged once, with its cause: no context finding first.
        Assert.Equal(["HT-ECP-001", "HT-ECP-002"], findings.Select(f => f.RuleId));
        var upgraded = findings[1];
        Assert.Equal(3, upgraded.LineNumber);
        Assert.Contains("line 4", upgraded.Detail, StringComparison.Ordinal);
        Assert.Equal(Severity.Critical, upgraded.Severity);
    }

    [Fact]
    public void AScriptSetInAnotherFileDoesNotExplainAReset()
    {
        var rules = new EcpServerRules();

        var set = Evaluate(rules, TestLogRow.Ecp(Set, 900, path: "/triage/EXCH01/ECP/Server/ECPServer20210303-1.LOG", timestamp: T0));
        var reset = Evaluate(rules, TestLogRow.Ecp(Reset, 3, path: "/triage/EXCH01/ECP/Server/ECPServer20210304-1.LOG", timestamp: T0.AddSeconds(20)));

        Assert.Equal(["HT-ECP-001"], set.Select(f => f.RuleId));
        Assert.Equal(["HT-ECP-003"], reset.Select(f => f.RuleId));
    }

    [Fact]
    public void ReadingTheSameFilesAgainGivesTheSameFindings()
    {
        var rules = new EcpServerRules();
        var compromised = TestLogRow.ReadCsvLog(TestLogRow.FixturePath("Ecp", "ECPServer20210303-1.LOG"), HafniumTools.Logs.LogKind.EcpServer);
        var baseline = TestLogRow.ReadCsvLog(TestLogRow.FixturePath("Ecp", "ECPServer20210215-1.LOG"), HafniumTools.Logs.LogKind.EcpServer);

        var first = Evaluate(rules, [.. compromised, .. baseline]);
        var again = Evaluate(rules, [.. baseline, .. compromised]);
        var onlyOne = Evaluate(rules, [.. compromised]);

        string[] expected = ["HT-ECP-001", "HT-ECP-002", "HT-ECP-003"];
        Assert.Equal(expected, first.Select(f => f.RuleId).Order());
        Assert.Equal(expected, again.Select(f => f.RuleId).Order());
        Assert.Equal(["HT-ECP-001", "HT-ECP-002"], onlyOne.Select(f => f.RuleId));
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
