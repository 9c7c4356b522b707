using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using HafniumTools.Logs;
using HafniumTools.Logs.EventLogs;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Logs;

public class EventLogRulesTests
{
    private static List<Finding> EvaluateFile(string name)
    {
        string path = TestLogRow.FixturePath("EventLogs", name);
        ILogFileFormat format = name.Contains("Clixml", StringComparison.Ordinal) ? new EventLogClixmlFormat() : new EventLogXmlFormat();
        ILogRowRules rules = new EventLogRules();
        var findings = new List<Finding>();
        using var stream = File.OpenRead(path);
        foreach (var row in format.Read(stream, path, CancellationToken.None))
        {
            Assert.Contains(row.Kind, rules.Kinds);
            rules.Evaluate(row, findings);
        }

        return findings;
    }

    private static TestLogRow Event(string provider, string eventId, string? level, string? message = null, string? logName = null, params string[] data)
    {
        var fields = new Dictionary<string, string?>
        {
            ["ProviderName"] = provider,
            ["EventId"] = eventId,
            ["Level"] = level,
            ["LogName"] = logName,
            ["Message"] = message,
            ["Data"] = data.Length == 0 ? null : string.Join("\n", data),
        };
        for (int i = 0; i < data.Length; i++)
        {
            fields["Data" + i] = data[i];
        }

        return new TestLogRow(LogKind.EventLogXml, "EventLog:Application", 1, message ?? string.Join(" ", data), fields, new DateTime(2021, 3, 3, 0, 0, 0, DateTimeKind.Utc), "EXCH01");
    }

    private static List<Finding> Evaluate(ILogRow row)
    {
        var findings = new List<Finding>();
        new EventLogRules().Evaluate(row, findings);
        return findings;
    }

    [Fact]
    public void ApplicationExportFlagsTheUnifiedMessagingCastErrorAndTheGadgetReport()
    {
        var findings = EvaluateFile("Application-wevtutil.xml");

        Assert.Equal(["HT-EVT-001", "HT-EVT-002", "HT-EVT-006"], findings.Select(f => f.RuleId));
        var cast = findings[0];
        Assert.Equal(["CVE-2021-26857"], cast.Cve);
        Assert.Equal(Verdict.Exploitation, cast.Verdict);
        Assert.Equal(FindingCategory.UnifiedMessaging, cast.Category);
        Assert.Equal(1, cast.LineNumber);
        Assert.Equal("EXCH01", cast.ComputerName);
        Assert.Equal(new DateTime(2021, 3, 2, 23, 58, 11, DateTimeKind.Utc).AddTicks(4081635), cast.Timestamp);
        Assert.Contains("record 918211", cast.Detail, StringComparison.Ordinal);
        Assert.Equal(4, findings[1].LineNumber);
        var forged = findings[2];
        Assert.Equal(["CVE-2021-26855"], forged.Cve);
        Assert.Equal(Verdict.Attempt, forged.Verdict);
        Assert.Equal("https://exch01.contoso.local:444/ecp/about.aspx?a=]:444/ecp/y.js(https://localhost/ecp/y.js)", forged.Url);
    }

    [Theory]
    [InlineData("MSExchangeManagement-wevtutil.xml")]
    [InlineData("MSExchangeManagement-rendered.xml")]
    public void ManagementExportFlagsTheScriptUrlTheResetThatWroteItAndTheFailedAttempt(string name)
    {
        var findings = EvaluateFile(name);

        Assert.Equal(["HT-EVT-003", "HT-EVT-007", "HT-EVT-004"], findings.Select(f => f.RuleId));
        var write = findings[1];
        Assert.Equal(Severity.Critical, write.Severity);
        Assert.Equal(Verdict.Exploitation, write.Verdict);
        Assert.Matches(@":\d+,\d+$", write.Evidence);
        Assert.Contains("Remove-OabVirtualDirectory", write.Operation, StringComparison.Ordinal);
        Assert.Contains("New-OabVirtualDirectory", write.Operation, StringComparison.Ordinal);
        findings.RemoveAt(1);
        var set = findings[0];
        Assert.Equal("Set-OabVirtualDirectory", set.Operation);
        Assert.StartsWith("http://ffff/#<script language=\"JScript\" runat=\"server\">", set.Url, StringComparison.Ordinal);
        Assert.EndsWith("</script>", set.Url, StringComparison.Ordinal);
        Assert.Equal(["CVE-2021-27065"], set.Cve);
        Assert.Equal(Verdict.Exploitation, set.Verdict);
        Assert.Equal(2, set.LineNumber);
        Assert.Contains("contoso.local/Users/Administrator", set.Detail, StringComparison.Ordinal);
        var failed = findings[1];
        Assert.Equal(Verdict.Attempt, failed.Verdict);
        Assert.Equal("Set-EcpVirtualDirectory", failed.Operation);
    }

    [Fact]
    public void ClixmlExportGivesTheSameVerdicts()
    {
        var findings = EvaluateFile("Events-Export-Clixml.xml");

        Assert.Equal(["HT-EVT-001", "HT-EVT-003"], findings.Select(f => f.RuleId));
        Assert.Equal(new DateTime(2021, 3, 3, 4, 17, 33, 301, DateTimeKind.Utc), findings[1].Timestamp);
        Assert.StartsWith("http://f/<script", findings[1].Url, StringComparison.Ordinal);
    }

    [Fact]
    public void CmdletFromTheMessageAloneIsParsed()
    {
        var row = Event("MSExchange CmdletLogs", "1", "4",
            "Cmdlet suceeded. Cmdlet Set-OabVirtualDirectory, parameters -ExternalUrl \"http://o/#<script language=\"JScript\" runat=\"server\">eval(Request[\"abcd\"],\"unsafe\")</script>\" -Identity \"OAB (Default Web Site)\".",
            "MSExchange Management");

        var finding = Assert.Single(Evaluate(row));

        Assert.Equal("HT-EVT-003", finding.RuleId);
        Assert.Equal("http://o/#<script language=\"JScript\" runat=\"server\">eval(Request[\"abcd\"],\"unsafe\")</script>", finding.Url);
    }

    [Theory]
    [InlineData("MSExchange Unified Messaging", "1130", "3", "System.InvalidCastException in a warning")]
    [InlineData("MSExchange Unified Messaging", "1130", "2", "The dial plan could not be found.")]
    [InlineData("MSExchange ADAccess", "2080", "2", "System.InvalidCastException from another component")]
    [InlineData("Application Error", "1000", "2", "TextFormattingRunProperties in a non-Exchange crash")]
    [InlineData("MSExchange Common", "4999", "4", "TextFormattingRunProperties mentioned at information level")]
    public void LookAlikeErrorsAreSilent(string provider, string id, string level, string text) =>
        Assert.Empty(Evaluate(Event(provider, id, level, text, "Application")));

    [Theory]
    [InlineData("Set-OabVirtualDirectory", "-ExternalUrl \"https://mail.contoso.com/OAB\" -Identity \"EXCH01\\OAB (Default Web Site)\"")]
    [InlineData("Set-OabVirtualDirectory", "-ExternalUrl $null -Identity \"x\"")]
    [InlineData("New-OabVirtualDirectory", "-InternalUrl \"http://f/<script>\"")]
    [InlineData("Get-OabVirtualDirectory", "-Identity \"<script>\"")]
    [InlineData("Set-Mailbox", "-CustomAttribute1 \"<script>alert(1)</script>\"")]
    public void AdministratorCommandsAreSilent(string cmdlet, string parameters) =>
        Assert.Empty(Evaluate(Event("MSExchange CmdletLogs", "1", "4", null, "MSExchange Management", cmdlet, parameters, "contoso.local/Users/Administrator")));

    [Fact]
    public void OtherCmdletEventIdsAreIgnored() =>
        Assert.Empty(Evaluate(Event("MSExchange CmdletLogs", "2", "4", null, "MSExchange Management", "Set-OabVirtualDirectory", "-ExternalUrl \"http://f/<script>\"")));

    [Fact]
    public void AnOddUrlWithoutScriptIsLowSeverity()
    {
        var finding = Assert.Single(Evaluate(Event("MSExchange CmdletLogs", "1", "4", null, "MSExchange Management", "Set-OabVirtualDirectory", "-ExternalUrl \"http://ooo/#\" -Identity \"x\"")));

        Assert.Equal("HT-EVT-005", finding.RuleId);
        Assert.Equal(Severity.Low, finding.Severity);
    }

    [Fact]
    public void ParameterSplittingKeepsQuotesInsideValues()
    {
        var parameters = CmdletLogEntry.SplitParameters("-ExternalUrl \"http://f/<a href=\"x -y\">\" -Identity \"OAB (Default Web Site)\" -Force:$true");

        Assert.Equal(["ExternalUrl", "Identity", "Force"], parameters.Select(p => p.Key));
        Assert.Equal("OAB (Default Web Site)", parameters[1].Value);
        Assert.Equal("$true", parameters[2].Value);
    }

    [Fact]
    public void RulesListTheCatalog()
    {
        // One rule set judges both export forms.
        Assert.Equal(EventLogRuleCatalog.All, new EventLogRules().Rules);
        Assert.Equal([LogKind.EventLogXml, LogKind.EventLogClixml], new EventLogRules().Kinds);
        Assert.Equal(LogRegistry.Module.RulesFor(LogKind.EventLogXml), LogRegistry.Module.RulesFor(LogKind.EventLogClixml));
        Assert.Equal(EventLogRuleCatalog.All.Count, EventLogRuleCatalog.All.Select(r => r.Id).Distinct().Count());
    }
}
