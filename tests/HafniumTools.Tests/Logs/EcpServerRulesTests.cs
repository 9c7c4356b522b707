using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Logs;
using HafniumTools.Logs.Ecp;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Logs;

public class EcpServerRulesTests
{
    private static List<Finding> Evaluate(IEnumerable<ILogRow> rows, EcpServerRules? rules = null)
    {
        rules ??= new EcpServerRules();
        var findings = new List<Finding>();
        var read = rows.ToList();
        foreach (var row in read)
        {
            rules.Evaluate(row, findings);
        }

        foreach (string path in read.Select(r => r.Path).Distinct())
        {
            rules.SourceEnded(path, findings);
        }

        return findings;
    }

    private static List<TestLogRow> Fixture(string name) =>
        TestLogRow.ReadCsvLog(TestLogRow.FixturePath("Ecp", name), LogKind.EcpServer);

    [Fact]
    public void CompromisedLogGivesTheScriptSetAndTheResetThatWroteIt()
    {
        var findings = Evaluate(Fixture("ECPServer20210303-1.LOG"));

        var set = Assert.Single(findings, f => f.RuleId == "HT-ECP-001");
        Assert.Equal("Set-OabVirtualDirectory", set.Operation);
        Assert.StartsWith("http://f/<script language=\"JScript\" runat=\"server\">", set.Url, StringComparison.Ordinal);
        Assert.Equal(8, set.LineNumber);
        Assert.Equal(new DateTime(2021, 3, 3, 4, 17, 33, 290, DateTimeKind.Utc), set.Timestamp);
        Assert.Equal(TimeSpan.Zero, set.Timestamp!.Value.Offset);
        Assert.Equal("EXCH01", set.ComputerName);
        Assert.Equal(["CVE-2021-27065"], set.Cve);
        Assert.Equal(Verdict.Exploitation, set.Verdict);
        Assert.Contains("S-1-5-21-3623811015-3361044348-30300820-500", set.Detail, StringComparison.Ordinal);
        Assert.Contains("ExternalUrl", set.Detail, StringComparison.Ordinal);
        Assert.EndsWith(":8", set.Evidence, StringComparison.Ordinal);

        var reset = Assert.Single(findings, f => f.RuleId == "HT-ECP-002");
        Assert.Equal(Severity.Critical, reset.Severity);
        Assert.Equal("ResetOABVirtualDirectory", reset.Operation);
        Assert.Equal(10, reset.LineNumber);
        Assert.Equal(set.Url, reset.Url);
        Assert.Contains("line 8", reset.Detail, StringComparison.Ordinal);

        // The cleanup Set-OabVirtualDirectory.ExternalUrl=$null and the read-only dialog are not hits.
        Assert.Equal(2, findings.Count);
    }

    [Fact]
    public void VariantsCoverInternalUrlFailedAndEncodedPayloads()
    {
        var findings = Evaluate(Fixture("ECPServer20210304-1.LOG"));

        var internalUrl = Assert.Single(findings, f => f.LineNumber == 6);
        Assert.Equal("HT-ECP-001", internalUrl.RuleId);
        Assert.Equal("Set-EcpVirtualDirectory", internalUrl.Operation);
        Assert.Contains("InternalUrl", internalUrl.Detail, StringComparison.Ordinal);
        Assert.StartsWith("http://o/#<script", internalUrl.Url, StringComparison.Ordinal);

        var failed = Assert.Single(findings, f => f.LineNumber == 7);
        Assert.Equal("HT-ECP-006", failed.RuleId);
        Assert.Equal(Verdict.Attempt, failed.Verdict);
        Assert.Contains("ManagementObjectNotFoundException", failed.Detail, StringComparison.Ordinal);

        var encoded = Assert.Single(findings, f => f.LineNumber == 8);
        Assert.Equal("HT-ECP-001", encoded.RuleId);
        Assert.Equal("Set-OwaVirtualDirectory", encoded.Operation);
        Assert.Equal(3, findings.Count);
    }

    [Fact]
    public void AdministratorChangesAndResetsGiveNothingAboveInformational()
    {
        var findings = Evaluate(Fixture("ECPServer20210215-1.LOG"));

        Assert.All(findings, f => Assert.Equal(Severity.Informational, f.Severity));
        var reset = Assert.Single(findings);
        Assert.Equal("HT-ECP-003", reset.RuleId);
        Assert.Equal(Verdict.Context, reset.Verdict);
        Assert.Equal(10, reset.LineNumber);
    }

    [Fact]
    public void ScriptSetInOneFileDoesNotMakeAResetInAnotherFileAHit()
    {
        var rules = new EcpServerRules();
        Evaluate(Fixture("ECPServer20210303-1.LOG"), rules);

        var findings = Evaluate(Fixture("ECPServer20210215-1.LOG"), rules);

        Assert.DoesNotContain(findings, f => f.Severity >= Severity.Medium);
    }

    [Fact]
    public void ResetLongAfterTheScriptSetIsNotCorrelated()
    {
        const string set = "S:SID=S-1-5-21-1-2-3-500;'S:CMD=Set-OabVirtualDirectory.ExternalUrl=''http://f/<script runat=\"server\">x</script>''';S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory;S:EX=";
        const string reset = "S:SID=S-1-5-21-1-2-3-500;'S:CMD=Remove-OABVirtualDirectory.Force=$true.Identity=''EXCH01\\OAB (Default Web Site)''';S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=ResetOABVirtualDirectory;S:EX=";
        var t0 = new DateTime(2021, 3, 3, 4, 0, 0, DateTimeKind.Utc);

        var findings = Evaluate([TestLogRow.Ecp(set, 1, timestamp: t0), TestLogRow.Ecp(reset, 2, timestamp: t0.AddDays(3))]);

        Assert.Equal(["HT-ECP-001", "HT-ECP-003"], findings.Select(f => f.RuleId));
    }

    [Fact]
    public void ScriptInANonUrlParameterIsAnAnomalyNotAnExploitation()
    {
        var row = TestLogRow.Ecp("S:SID=S-1-5-21-1-2-3-500;'S:CMD=Set-OwaVirtualDirectory.DefaultDomain=''<script>alert(1)</script>''.Identity=''EXCH01\\owa (Default Web Site)''';S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=OWAVirtualDirectory;S:EX=");

        var finding = Assert.Single(Evaluate([row]));

        Assert.Equal("HT-ECP-004", finding.RuleId);
        Assert.Equal(Verdict.Anomaly, finding.Verdict);
    }

    [Theory]
    [InlineData("http://ooo/#")]
    [InlineData("mail.contoso.com/OAB")]
    public void AMalformedUrlWithoutScriptIsLowSeverity(string url)
    {
        var row = TestLogRow.Ecp("S:SID=S-1-5-21-1-2-3-500;'S:CMD=Set-OabVirtualDirectory.ExternalUrl=''" + url + "''.Identity=''x''';S:EX=");

        var finding = Assert.Single(Evaluate([row]));

        Assert.Equal("HT-ECP-005", finding.RuleId);
        Assert.Equal(Severity.Low, finding.Severity);
        Assert.Equal(url, finding.Url);
    }

    [Theory]
    [InlineData("'S:CMD=Set-OabVirtualDirectory.ExternalUrl=''https://mail.contoso.com/OAB''.Identity=''EXCH01\\OAB (Default Web Site)'''")]
    [InlineData("S:CMD=Set-OabVirtualDirectory.ExternalUrl=$null.InternalUrl=$null")]
    [InlineData("'S:CMD=Set-OwaVirtualDirectory.ExternalUrl=''https://mail.contoso.com/owa''.LogonFormat=''UserName'''")]
    [InlineData("'S:CMD=Get-OabVirtualDirectory.Identity=''<script>''' ")]
    [InlineData("'S:CMD=New-TransportRule.Name=''Block <script> in mail''.SubjectOrBodyContainsWords=''<script''' ")]
    public void BenignLookAlikesAreSilent(string cmd) =>
        Assert.Empty(Evaluate([TestLogRow.Ecp("S:TIME=10;S:SID=S-1-5-21-1-2-3-500;" + cmd + ";S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory;S:EX=")]));

    [Fact]
    public void RowWithoutEventDataFieldFallsBackToTheRawLine()
    {
        string line = System.IO.File.ReadLines(TestLogRow.FixturePath("Ecp", "ECPServer20210303-1.LOG")).ElementAt(7);
        var row = new TestLogRow(LogKind.EcpServer, "x.log", 8, line, new Dictionary<string, string?>(), computerName: "EXCH01");

        var finding = Assert.Single(Evaluate([row]));

        Assert.Equal("HT-ECP-001", finding.RuleId);
        Assert.StartsWith("http://f/<script", finding.Url, StringComparison.Ordinal);
    }

    [Fact]
    public void CatalogIdsAreUniqueAndEveryRuleNamesTheCve()
    {
        var rules = new EcpServerRules();

        Assert.Equal([LogKind.EcpServer], rules.Kinds);
        Assert.Equal(rules.Rules.Count, rules.Rules.Select(r => r.Id).Distinct().Count());
        Assert.All(rules.Rules, r => Assert.Contains("CVE-2021-27065", r.Cve));
    }

    [Fact]
    public void ConcurrentFilesDoNotInterfere()
    {
        var rules = new EcpServerRules();
        var compromised = Fixture("ECPServer20210303-1.LOG");
        var results = new List<Finding>[8];
        System.Threading.Tasks.Parallel.For(0, results.Length, i =>
        {
            var rows = compromised.Select(r => new TestLogRow(r.Kind, "copy" + i + ".log", r.LineNumber, r.RawText, new Dictionary<string, string?> { ["EventData"] = r["EventData"], ["TimeStamp"] = r["TimeStamp"], ["ServerName"] = r["ServerName"] }));
            results[i] = Evaluate(rows, rules);
        });

        Assert.All(results, r => Assert.Equal(["HT-ECP-001", "HT-ECP-002"], r.Select(f => f.RuleId)));
    }

    [Fact]
    public void FuzzedRowsNeverThrow()
    {
        var random = new Random(27065);
        string seed = System.IO.File.ReadLines(TestLogRow.FixturePath("Ecp", "ECPServer20210303-1.LOG")).ElementAt(7);
        var rules = new EcpServerRules();
        var findings = new List<Finding>();
        for (int i = 0; i < 3000; i++)
        {
            string line = EcpEventDataTests.Mutate(random, seed, "S:CMD=;'\",.<>/Url-x");
            var values = TestLogRow.SplitCsv(line);
            var row = TestLogRow.Ecp(values.Count > 3 ? values[3] : line, i + 1, path: "fuzz" + (i % 7) + ".log");
            rules.Evaluate(row, findings);
        }

        Assert.All(findings, f => Assert.StartsWith("HT-ECP-", f.RuleId, StringComparison.Ordinal));
        Assert.Contains(findings, f => f.RuleId == "HT-ECP-001");
    }
}
