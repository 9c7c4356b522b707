using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading.Tasks;
using HafniumTools.EngineTests.Harness;
using HafniumTools.ExchangeEmulator;
using Xunit;

namespace HafniumTools.EngineTests.Remote;

/// <summary>Test-HafniumExposure as a user runs it, against emulated front ends and hostile servers on loopback.</summary>
public class TestHafniumExposureTests
{
    [Fact]
    public async Task A_mixed_fleet_from_the_pipeline_gets_one_row_per_target_in_input_order()
    {
        await using var unpatched = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2016Cu19Unpatched);
        await using var mitigated = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2016Cu19Mitigated);
        await using var legacy = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2010Ru31);
        await using var plain = await ExchangeFrontEnd.StartAsync(ExchangeProfile.PlainWebSite);
        using var ps = new PowerShellSession();
        ps.SetVariable("targets", new[] { unpatched.BaseUri.ToString(), "127.0.0.1:1", mitigated.BaseUri.ToString(), legacy.BaseUri.ToString(), plain.BaseUri.ToString() });

        var r = ps.Run("$targets | Test-HafniumExposure -SkipCertificateCheck -ThrottleLimit 3");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.Equal(5, r.Output.Count);
        (string Reachability, string Build, string Precision, string Patch, string Ssrf)[] expected =
        [
            ("Reachable", "15.1.2176.4", "Full", "Vulnerable", "Vulnerable"),
            ("ConnectionRefused", string.Empty, "None", "Unknown", "Unknown"),
            ("Reachable", "15.1.2176.2", "Full", "Vulnerable", "Mitigated"),
            ("Reachable", "14.3.509.0", "Full", "Vulnerable", "NotVulnerable"),
            ("Reachable", string.Empty, "None", "Unknown", "NotVulnerable"),
        ];
        for (int i = 0; i < expected.Length; i++)
        {
            var o = r.Output[i];
            Assert.Equal(expected[i], (o.Text("Reachability"), o.Text("Build"), o.Text("BuildPrecision"), o.Text("PatchStatus"), o.Text("SsrfStatus")));
        }

        Assert.Equal("127.0.0.1:1", r.Output[1].Text("Target"));
        Assert.False((bool)r.Output[4].Properties["IsExchange"].Value);

        // The table view fits 120 columns and names the columns an admin reads.
        Assert.All(r.Rendered.Split('\n'), line => Assert.True(line.TrimEnd().Length <= PowerShellSession.RenderWidth, line));
        Assert.Contains("ComputerName", r.Rendered, StringComparison.Ordinal);
        Assert.Contains("SsrfStatus", r.Rendered, StringComparison.Ordinal);
        Assert.Contains("15.1.2176.4", r.Rendered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ExchangeServer_objects_bind_by_Fqdn_and_never_by_PSComputerName()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2019Cu8Mar21Header);
        using var ps = new PowerShellSession();
        ps.SetVariable("port", server.Port);

        var r = ps.Run(
            "$ex = [pscustomobject]@{ Name = 'EX01'; Fqdn = 'localhost'; PSComputerName = 'ems.contoso.com'; AdminDisplayVersion = 'Version 15.2 (Build 792.3)' }; " +
            "$ex.PSObject.TypeNames.Insert(0, 'Deserialized.Microsoft.Exchange.Data.Directory.Management.ExchangeServer'); " +
            "$audit = [pscustomobject]@{ ComputerName = '127.0.0.1'; Verdict = 'x' }; " +
            "$ex, $audit | Test-HafniumExposure -Port $port -SkipCertificateCheck");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.Equal(["localhost", "127.0.0.1"], r.Output.Select(o => o.Text("ComputerName")));
        Assert.All(r.Output, o => Assert.Equal("15.2.792.10", o.Text("Build")));
        Assert.All(r.Output, o => Assert.Equal("Patched", o.Text("PatchStatus")));
    }

    [Fact]
    public async Task Credential_reads_the_full_build_through_EWS()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2016Cu19NoRouting);
        using var ps = new PowerShellSession();
        ps.SetVariable("uri", server.BaseUri);
        ps.SetVariable("cred", new PSCredential(ExchangeProfile.EwsUser, new NetworkCredential(string.Empty, ExchangeProfile.EwsPassword).SecurePassword));

        var anonymous = ps.Run("Test-HafniumExposure -Uri $uri -SkipCertificateCheck");
        var r = ps.Run("Test-HafniumExposure -Uri $uri -SkipCertificateCheck -Credential $cred");

        Assert.Equal("Indeterminate", Assert.Single(anonymous.Output).Text("PatchStatus"));
        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var result = Assert.Single(r.Output);
        Assert.Equal("EwsServerVersion", result.Text("BuildMethod"));
        Assert.Equal("Basic", result.Text("EwsAuthentication"));
        Assert.Equal("15.1.2176.9", result.Text("Build"));
        Assert.Equal("Patched", result.Text("PatchStatus"));
    }

    [Fact]
    public async Task Web_shell_findings_travel_on_the_result_and_survive_serialization()
    {
        var profile = ExchangeProfiles.Exchange2019Cu8Unpatched with
        {
            Name = "compromised",
            WebShells = new Dictionary<string, string> { ["/aspnet_client/system_web/shell.aspx"] = string.Empty },
        };
        await using var server = await ExchangeFrontEnd.StartAsync(profile);
        using var ps = new PowerShellSession();
        ps.SetVariable("uri", server.BaseUri);

        var r = ps.Run("$script:r = Test-HafniumExposure -Uri $uri -SkipCertificateCheck -WebShell; $script:r");
        var copy = ps.Run("[System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($script:r)).Findings");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var result = Assert.Single(r.Output);
        Assert.StartsWith("HT-RM-001 Critical Compromise: ", result.Text("Findings"), StringComparison.Ordinal);
        Assert.Contains("(https://127.0.0.1:", result.Text("Findings"), StringComparison.Ordinal);
        var finding = Assert.Single(copy.Output);
        Assert.Equal("HafniumTools.Model.Finding", finding.BaseObject.GetType().FullName); // rebuilt, not a property bag
        Assert.Equal("HT-RM-001", finding.Text("RuleId"));
        Assert.Equal("Remote", finding.Text("Category"));
        Assert.Matches(@"1 of \d+", r.Rendered);

        // Enums are rehydrated (types file), so comparisons on results from jobs and Import-Clixml still work.
        var compared = ps.Run("$c = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($script:r)); " +
            "$c.SsrfStatus -eq 'Vulnerable'; $c.PatchStatus -eq 'Vulnerable'; $c.Findings[0].Verdict -eq 'Compromise'; $c.SsrfStatus.GetType().FullName");
        Assert.Equal(["True", "True", "True", "HafniumTools.Remote.SsrfStatus"], compared.Output.Select(o => o.ToString()));
    }

    [Fact]
    public async Task Stopping_the_pipeline_ends_a_sweep_of_slow_servers_promptly()
    {
        await using var slow = HostileServer.Start(HostileBehavior.Slowloris);
        using var ps = new PowerShellSession();
        ps.SetVariable("uri", slow.BaseUri);

        var (r, stopTook) = ps.RunAndStop("1..20 | ForEach-Object { $uri } | Test-HafniumExposure -SkipCertificateCheck -TotalTimeoutSeconds 600 -FirstByteTimeoutSeconds 600", TimeSpan.FromSeconds(2));

        Assert.IsType<PipelineStoppedException>(r.Exception);
        Assert.Empty(r.Output);
        Assert.InRange(stopTook, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.InRange(slow.Connections, 1, 20);
    }

    [Fact]
    public void A_web_shell_path_that_is_not_a_path_on_the_site_stops_the_command()
    {
        var r = PowerShellSession.Invoke("Test-HafniumExposure -ComputerName 127.0.0.1:1 -WebShellPath 'https://evil.example/x.aspx'");

        // Terminating for the command (statement-terminating in a script): no target is probed.
        var error = Assert.Single(r.Errors);
        Assert.Equal("InvalidWebShellPath,HafniumTools.Commands.TestHafniumExposureCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Empty(r.Output);
    }

    [Fact]
    public async Task IPv6_loopback_by_name_and_port()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.ExchangeSeJun26, new FrontEndOptions { Address = IPAddress.IPv6Loopback });
        using var ps = new PowerShellSession();
        ps.SetVariable("port", server.Port);

        var r = ps.Run("Test-HafniumExposure -ComputerName '::1' -Port $port -SkipCertificateCheck");

        var result = Assert.Single(r.Output);
        Assert.Equal("::1", result.Text("ComputerName"));
        Assert.Equal("15.2.2562.43", result.Text("Build"));
        Assert.Equal("Exchange Server Subscription Edition", result.Text("ProductName"));
    }
}
