using System;
using System.IO;
using System.Linq;
using System.Threading;
using HafniumTools.Core;
using HafniumTools.Files;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Files;

public class SampleWebrootTests
{
    private static string SampleRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "webroot", "webshells");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("samples/webroot/webshells was not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void The_sample_server_yields_exactly_what_its_readme_promises()
    {
        var sink = new RecordingSink();
        FileScan.WebShells([new ScanRoot(SampleRoot())], new FileScanOptions(), sink, CancellationToken.None);
        var findings = sink.Findings;

        Assert.DoesNotContain(sink.Problems, p => p.Level != ProblemLevel.Verbose);
        var summary = findings
            .Select(f => Path.GetFileName(f.Path) + " " + f.RuleId + " " + f.Severity + " " + f.Verdict)
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            [
                "RedirSuiteServerProxy.aspx HT-OAB-101 Critical Compromise",
                "RedirSuiteServerProxy.aspx HT-WS-021 Medium Anomaly",
                "it.zip HT-WS-042 Low Context",
                "lsass.dmp HT-WS-040 Medium Context",
                "zxvt0lpt.aspx HT-WS-001 Critical Compromise",
                "zxvt0lpt.aspx HT-WS-030 Low Anomaly",
            ],
            summary);
    }
}
