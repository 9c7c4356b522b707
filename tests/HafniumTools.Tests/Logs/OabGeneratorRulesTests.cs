using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Logs;
using HafniumTools.Logs.Oab;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Logs;

public class OabGeneratorRulesTests
{
    private static List<Finding> Evaluate(IEnumerable<ILogRow> rows)
    {
        var rules = new OabGeneratorRules();
        var findings = new List<Finding>();
        foreach (var row in rows)
        {
            rules.Evaluate(row, findings);
        }

        return findings;
    }

    private static TestLogRow Line(string text, long lineNumber = 1) =>
        new(LogKind.OabGenerator, "OABGeneratorLog_20210303-1.LOG", lineNumber, text, new Dictionary<string, string?> { ["Message"] = text }, computerName: "EXCH01");

    [Fact]
    public void FixtureFlagsEveryWriteOutsideTheOabFolderWithItsPath()
    {
        var rows = TestLogRow.ReadTextLog(TestLogRow.FixturePath("Oab", "OABGeneratorLog_20210303-1.LOG"), LogKind.OabGenerator);

        var findings = Evaluate(rows);

        Assert.Equal([3L, 4L, 7L, 8L], findings.Select(f => f.LineNumber!.Value));
        Assert.Equal(["HT-OAB-001", "HT-OAB-001", "HT-OAB-001", "HT-OAB-002"], findings.Select(f => f.RuleId));
        Assert.Contains("C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\log.aspx", findings[0].Detail, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2021, 3, 3, 4, 21, 7, 551, DateTimeKind.Utc), findings[0].Timestamp);
        Assert.All(findings, f => Assert.Equal(["CVE-2021-26858"], f.Cve));
        Assert.All(findings, f => Assert.Equal(Verdict.Exploitation, f.Verdict));
        Assert.Equal(Severity.High, findings[3].Severity);
    }

    [Theory]
    [InlineData("Download failed and temporary file 'C:\\Program Files\\Microsoft\\Exchange Server\\V15\\ClientAccess\\OAB\\Temp\\x.tmp' needs to be removed.")]
    [InlineData("download FAILED and temporary file 'c:/program files/microsoft/exchange server/v15/clientaccess/oab/temp/x.tmp' needs to be removed")]
    [InlineData("Download failed and temporary file 'E:\\Exchange\\ClientAccess\\OAB' needs to be removed.")]
    [InlineData("Download failed and temporary file \"D:\\Ex\\ClientAccess\\OAB\\Temp\\.\\y.tmp\" needs to be removed.")]
    [InlineData("OAB generation completed; no download failed.")]
    [InlineData("")]
    public void InsideTheOabFolderOrUnrelatedLinesAreSilent(string line) => Assert.Empty(Evaluate([Line(line)]));

    [Theory]
    [InlineData("Download failed and temporary file 'C:\\inetpub\\wwwroot\\aspnet_client\\ClientAccess\\OAB\\s.aspx' needs to be removed.", "HT-OAB-001")]
    [InlineData("Download failed and temporary file 'C:\\Users\\Public\\ClientAccess.OAB.aspx' needs to be removed.", "HT-OAB-001")]
    [InlineData("Download failed and temporary file 'C:\\Windows\\Temp\\oab.dat' needs to be removed.", "HT-OAB-002")]
    [InlineData("Download failed and temporary file C:\\ProgramData\\x.js needs to be removed.", "HT-OAB-001")]
    public void OutsideTheOabFolderIsAHit(string line, string ruleId)
    {
        var finding = Assert.Single(Evaluate([Line(line)]));

        Assert.Equal(ruleId, finding.RuleId);
        Assert.Equal("EXCH01", finding.ComputerName);
    }

    [Fact]
    public void RowWithoutMessageFieldUsesTheRawLine()
    {
        const string text = "Download failed and temporary file 'C:\\inetpub\\wwwroot\\aspnet_client\\a.aspx' needs to be removed.";
        var row = new TestLogRow(LogKind.OabGenerator, "x.log", 5, text, new Dictionary<string, string?>());

        Assert.Single(Evaluate([row]));
    }

    [Fact]
    public void FuzzedLinesNeverThrow()
    {
        var random = new Random(26858);
        const string seed = "2021-03-03T04:21:07.551Z Download failed and temporary file 'C:\\inetpub\\wwwroot\\aspnet_client\\..\\x.aspx' needs to be removed.";
        var findings = new List<Finding>();
        var rules = new OabGeneratorRules();
        for (int i = 0; i < 5000; i++)
        {
            string line = i % 3 == 0
                ? EcpEventDataTests.RandomText(random, "Download failed and temporary file needs to be removed'\\/.:", random.Next(300))
                : EcpEventDataTests.Mutate(random, seed, "'\\/.:OABClientAccess ");
            rules.Evaluate(Line(line, i + 1), findings);
        }

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.StartsWith("HT-OAB-", f.RuleId, StringComparison.Ordinal));
    }

    [Fact]
    public void PathHelpersResolveDotSegments()
    {
        Assert.True(OabTemporaryFile.IsInsideOabFolder("C:\\V15\\ClientAccess\\OAB\\Temp\\..\\x.tmp"));
        Assert.False(OabTemporaryFile.IsInsideOabFolder("C:\\V15\\ClientAccess\\OAB\\..\\x.tmp"));
        Assert.True(OabTemporaryFile.HasScriptExtension("a.ASPX"));
        Assert.False(OabTemporaryFile.HasScriptExtension("a.tmp"));
        Assert.Null(OabTemporaryFile.ExtractPath("nothing here"));
    }
}
