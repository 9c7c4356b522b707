using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using HafniumTools.Logs;
using HafniumTools.Logs.Ecp;
using HafniumTools.Logs.EventLogs;
using HafniumTools.Logs.Oab;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Logs;

/// <summary>The shipped samples of the compromised server EXCH01 give the verdicts their README promises.</summary>
public class EcpOabEventLogSampleTests
{
    private static string Sample(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "samples", "logs")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Path.Combine(new[] { directory!.FullName, "samples", "logs", "EXCH01" }.Concat(parts).ToArray());
    }

    private static List<Finding> Run(ILogRowRules rules, IEnumerable<ILogRow> rows)
    {
        var findings = new List<Finding>();
        foreach (var row in rows)
        {
            rules.Evaluate(row, findings);
        }

        return findings;
    }

    private static List<Finding> RunEvents(ILogFileFormat format, ILogRowRules rules, string path)
    {
        using var stream = File.OpenRead(path);
        byte[] head = new byte[1024];
        int count = stream.Read(head, 0, head.Length);
        Assert.True(format.Recognizes(head, count), path + " must be recognised by " + format.GetType().Name);
        stream.Position = 0;
        return Run(rules, format.Read(stream, path, CancellationToken.None).ToList());
    }

    [Fact]
    public void EcpSampleShowsTheWebShellWriteAndTheBaselineStaysQuiet()
    {
        var compromised = Run(new EcpServerRules(), TestLogRow.ReadCsvLog(Sample("Logging", "ECP", "Server", "ECPServer20210303-1.LOG"), LogKind.EcpServer));
        var baseline = Run(new EcpServerRules(), TestLogRow.ReadCsvLog(Sample("Logging", "ECP", "Server", "ECPServer20210215-1.LOG"), LogKind.EcpServer));

        Assert.Equal(["HT-ECP-001", "HT-ECP-002"], compromised.Select(f => f.RuleId));
        Assert.DoesNotContain(baseline, f => f.Severity >= Severity.Low);
    }

    [Fact]
    public void OabSampleShowsTheWritesOutsideTheOabFolder()
    {
        var findings = Run(new OabGeneratorRules(), TestLogRow.ReadTextLog(Sample("Logging", "OABGeneratorLog", "OABGeneratorLog_20210303-1.LOG"), LogKind.OabGenerator));

        Assert.Equal(4, findings.Count);
        Assert.All(findings, f => Assert.Equal(Verdict.Exploitation, f.Verdict));
    }

    [Fact]
    public void EventLogSamplesShowUnifiedMessagingAndCmdletEvidence()
    {
        var application = RunEvents(new EventLogXmlFormat(), new EventLogRules(), Sample("EventLogs", "Application.xml"));
        var management = RunEvents(new EventLogXmlFormat(), new EventLogRules(), Sample("EventLogs", "MSExchangeManagement.xml"));
        var clixml = RunEvents(new EventLogClixmlFormat(), new EventLogRules(), Sample("EventLogs", "ExchangeEvents.clixml"));

        Assert.Equal(["HT-EVT-001", "HT-EVT-002", "HT-EVT-006"], application.Select(f => f.RuleId));
        Assert.Equal(["HT-EVT-003", "HT-EVT-007", "HT-EVT-004"], management.Select(f => f.RuleId));
        Assert.Equal(["HT-EVT-001", "HT-EVT-003"], clixml.Select(f => f.RuleId));
    }
}
