using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests.Logs;

/// <summary>
/// Find-HafniumLogIndicator over single ECP Server, OABGeneratorLog and exported event log files, as a user passes
/// them: recognised from their content, with the verdicts and evidence the rules promise.
/// </summary>
public class EcpOabEventLogHuntTests
{
    private static readonly string Exch01 = Path.Combine(TestPaths.RepoRoot, "samples", "logs", "EXCH01");

    private static Hit[] Hunt(string path, out PsResult result)
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("log", path);
        result = ps.Run("Find-HafniumLogIndicator -Path $log -CoverageVariable cov; $cov");
        Assert.True(result.Errors.Count == 0 && result.Exception is null, result.ErrorSummary);
        return Hits(result);
    }

    private static Hit[] Hits(PsResult result) =>
        result.Output
            .Where(o => o is not null && o.TypeNames.Contains("HafniumTools.Model.Finding"))
            .Select(o => new Hit(o))
            .ToArray();

    /// <summary>The properties of a Finding as PowerShell shows them.</summary>
    private sealed class Hit(PSObject o)
    {
        public string RuleId => (string)o.Properties["RuleId"].Value;

        public string[] Cve => ((IEnumerable<string>)o.Properties["Cve"].Value).ToArray();

        public string Verdict => o.Properties["Verdict"].Value.ToString()!;

        public string Severity => o.Properties["Severity"].Value.ToString()!;

        public string? Operation => (string?)o.Properties["Operation"].Value;

        public string? Url => (string?)o.Properties["Url"].Value;

        public string? Detail => (string?)o.Properties["Detail"].Value;

        public string ComputerName => (string)o.Properties["ComputerName"].Value;

        public DateTimeOffset? Timestamp => (DateTimeOffset?)o.Properties["Timestamp"].Value;

        public bool AtMediumOrAbove => Severity is "Medium" or "High" or "Critical";
    }

    [Fact]
    public void A_compromised_ECP_server_log_gives_the_script_url_and_the_reset_that_wrote_it()
    {
        var findings = Hunt(Path.Combine(Exch01, "Logging", "ECP", "Server", "ECPServer20210303-1.LOG"), out var r);

        Assert.Equal(["HT-ECP-001", "HT-ECP-002"], findings.Select(f => f.RuleId).OrderBy(x => x, StringComparer.Ordinal));
        var set = findings.Single(f => f.RuleId == "HT-ECP-001");
        Assert.Equal("Set-OabVirtualDirectory", set.Operation);
        Assert.StartsWith("http://f/<script", set.Url, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2021, 3, 3, 4, 17, 33, 290, DateTimeKind.Utc), set.Timestamp);
        Assert.Equal("EXCH01", set.ComputerName);
        Assert.All(findings, f => Assert.Equal(["CVE-2021-27065"], f.Cve));
        Assert.All(findings, f => Assert.Equal("Exploitation", f.Verdict));
        Assert.Contains("ECP/Server", r.Rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void An_administrators_ECP_log_gives_nothing_at_medium_or_above()
    {
        var findings = Hunt(Path.Combine(Exch01, "Logging", "ECP", "Server", "ECPServer20210215-1.LOG"), out _);

        Assert.DoesNotContain(findings, f => f.AtMediumOrAbove);
        Assert.Equal(["HT-ECP-003"], findings.Select(f => f.RuleId));
    }

    [Fact]
    public void An_OAB_generator_log_gives_each_write_outside_the_OAB_folder()
    {
        var findings = Hunt(Path.Combine(Exch01, "Logging", "OABGeneratorLog", "OABGeneratorLog_20210303-1.LOG"), out _);

        Assert.Equal(4, findings.Length);
        Assert.All(findings, f => Assert.Equal(["CVE-2021-26858"], f.Cve));
        Assert.Contains(findings, f => f.Detail!.Contains(@"C:\inetpub\wwwroot\aspnet_client\system_web\log.aspx", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Application.xml", "HT-EVT-001,HT-EVT-002,HT-EVT-006")]
    [InlineData("MSExchangeManagement.xml", "HT-EVT-003,HT-EVT-004,HT-EVT-007,HT-MGT-020")]
    [InlineData("ExchangeEvents.clixml", "HT-EVT-001,HT-EVT-003")]
    public void Exported_event_logs_are_recognised_and_hunted(string name, string expected)
    {
        var findings = Hunt(Path.Combine(Exch01, "EventLogs", name), out _);

        Assert.Equal(expected.Split(','), findings.Select(f => f.RuleId).OrderBy(x => x, StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Equal(TimeSpan.Zero, f.Timestamp!.Value.Offset));
        Assert.All(findings, f => Assert.Equal("EXCH01.contoso.local", f.ComputerName));
    }

    [Fact]
    public void Coverage_of_the_server_folder_names_one_server_for_every_source()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("folder", Exch01);

        var r = ps.Run("$null = Find-HafniumLogIndicator -Path $folder -CoverageVariable cov; $cov | ForEach-Object { $_.ComputerName + '|' + $_.Source }");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var rows = r.Objects.Cast<string>().ToList();
        Assert.All(rows, row => Assert.StartsWith("EXCH01.contoso.local|", row, StringComparison.Ordinal));
        Assert.Contains("EXCH01.contoso.local|ECP/Server", rows);
        Assert.Contains("EXCH01.contoso.local|OABGeneratorLog", rows);
        Assert.Contains(rows, row => row.StartsWith("EXCH01.contoso.local|EventLog", StringComparison.Ordinal));
    }

    [Fact]
    public void A_garbage_event_export_is_an_error_record_and_the_scan_goes_on()
    {
        string folder = Path.Combine(Path.GetTempPath(), "hafnium-evt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string bad = Path.Combine(folder, "Application.xml");
            File.WriteAllText(bad, "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='MSExchange Unified Messaging'/>\u0001garbage");
            File.Copy(Path.Combine(Exch01, "EventLogs", "MSExchangeManagement.xml"), Path.Combine(folder, "MSExchangeManagement.xml"));
            using var ps = new PowerShellSession();
            ps.SetVariable("folder", folder);

            var r = ps.Run("Find-HafniumLogIndicator -Path $folder -ErrorAction SilentlyContinue -ErrorVariable err; $err");

            Assert.Contains(Hits(r), f => f.RuleId == "HT-EVT-003");
            Assert.Contains(r.Objects, o => o is ErrorRecord e && e.TargetObject?.ToString()?.Contains("Application.xml", StringComparison.Ordinal) == true);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
