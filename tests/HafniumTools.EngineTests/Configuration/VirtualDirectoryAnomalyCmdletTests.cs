using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests.Configuration;

public class VirtualDirectoryAnomalyCmdletTests
{
    private static string Clixml(string name) => Path.Combine(TestPaths.Fixtures, "Configuration", "clixml", name);

    private static string Tree => Path.Combine(TestPaths.Fixtures, "Configuration", "tree");

    private static string Deserialize(string fixture) =>
        $"[System.Management.Automation.PSSerializer]::Deserialize([System.IO.File]::ReadAllText('{Clixml(fixture)}'))";

    [Theory]
    [InlineData("oab-vdirs-externalurl-script.clixml", "EX01", "ExternalUrl", "http://f/<script")]
    [InlineData("oab-vdirs-internalurl-script.clixml", "MXS01", "InternalUrl", "http://ffff/#<script")]
    public void Deserialized_oab_directory_with_script_in_a_url_is_reported(string fixture, string server, string property, string urlStart)
    {
        var r = PowerShellSession.Invoke(Deserialize(fixture) + " | Find-HafniumOabAnomaly");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var finding = Assert.Single(r.Output);
        Assert.Equal("HT-VD-001", finding.Text("RuleId"));
        Assert.Equal("Critical", finding.Text("Severity"));
        Assert.Equal(server, finding.Text("ComputerName"));
        Assert.Equal(server + "\\OAB (Default Web Site) " + property, finding.Text("Evidence"));
        Assert.StartsWith(urlStart, finding.Text("Url"), StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialized_oab_directories_with_normal_or_unset_urls_say_nothing()
    {
        var r = PowerShellSession.Invoke(Deserialize("oab-vdirs-clean.clixml") + " | Find-HafniumOabAnomaly");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void The_server_is_not_taken_from_PSComputerName()
    {
        var r = PowerShellSession.Invoke(Deserialize("oab-vdirs-externalurl-script.clixml") + " | Find-HafniumOabAnomaly | ForEach-Object ComputerName");

        Assert.Equal(new[] { "EX01" }, r.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Live_style_objects_with_uri_values_and_hashtables_are_read()
    {
        var r = PowerShellSession.Invoke(
            "[pscustomobject]@{ Server = 'EX05'; Identity = 'EX05\\OAB (Default Web Site)'; InternalUrl = [uri]'https://ex05.contoso.local/OAB'; " +
            "ExternalUrl = [uri]'http://o/#<script language=\"JScript\" runat=\"server\">eval(Request[\"a\"],\"unsafe\")</script>'; PollInterval = 480 }, " +
            "@{ Identity = 'EX06\\OAB (Default Web Site)'; ExternalUrl = 'https://mail.contoso.com/OAB' } | Find-HafniumOabAnomaly");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var finding = Assert.Single(r.Output);
        Assert.Equal("EX05", finding.Text("ComputerName"));
        Assert.Contains("<script", finding.Text("Url"), StringComparison.Ordinal);
    }

    [Fact]
    public void Ecp_cmdlet_checks_every_directory_type_and_oab_cmdlet_refuses_the_others()
    {
        var ecp = PowerShellSession.Invoke(Deserialize("client-vdirs-mixed.clixml") + " | Find-HafniumEcpAnomaly");
        var oab = PowerShellSession.Invoke(Deserialize("client-vdirs-mixed.clixml") + " | Find-HafniumOabAnomaly");

        Assert.True(ecp.Errors.Count == 0 && ecp.Exception is null, ecp.ErrorSummary);
        Assert.Equal(
            new[] { "HT-VD-001 EX01\\OAB (Default Web Site) ExternalUrl", "HT-VD-003 EX01\\ecp (Default Web Site) InternalUrl", "HT-VD-004 EX01\\EWS (Default Web Site) ExternalUrl" },
            ecp.Output.Select(o => o.Text("RuleId") + " " + o.Text("Evidence")).OrderBy(s => s, StringComparer.Ordinal));
        Assert.Equal("HT-VD-001", Assert.Single(oab.Output).Text("RuleId"));
        Assert.Equal(3, oab.Errors.Count(e => e.FullyQualifiedErrorId.StartsWith("NotAnOabVirtualDirectory,", StringComparison.Ordinal)));
        Assert.All(oab.Errors, e => Assert.IsType<PSObject>(e.TargetObject));
    }

    [Fact]
    public void Oab_scan_of_the_fixture_tree_reports_every_shell_and_no_benign_file_at_medium_or_above()
    {
        var r = PowerShellSession.Invoke($"Find-HafniumOabAnomaly -Path '{Tree}'");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var serious = r.Output.Where(o => (int)o.Properties["Severity"].Value >= 2).ToList();
        Assert.Equal(new[] { "ohyeah.aspx", "xgqjv.aspx", "zxvt0lpt.aspx" }, serious.Select(o => Path.GetFileName(o.Text("Path"))).OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(serious, o =>
        {
            Assert.Equal("Compromise", o.Text("Verdict"));
            Assert.Equal("Critical", o.Text("Severity"));
            Assert.Contains(Path.GetFileName(o.Text("Path")), o.Text("Evidence"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Ecp_scan_of_the_fixture_tree_reports_the_unexpected_auth_files()
    {
        var r = PowerShellSession.Invoke($"Find-HafniumEcpAnomaly -Path '{Tree}'");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.Equal(
            new[] { "HT-OAB-101 xgqjv.aspx", "HT-WS-022 notes.txt", "HT-WS-022 xgqjv.aspx" },
            r.Output.Select(o => o.Text("RuleId") + " " + Path.GetFileName(o.Text("Path"))).OrderBy(s => s, StringComparer.Ordinal));
    }

    [Fact]
    public void Missing_path_is_a_per_item_error_and_the_other_paths_are_scanned()
    {
        var r = PowerShellSession.Invoke($"Find-HafniumOabAnomaly -Path '{Path.Combine(Tree, "no-such-folder")}', '{Path.Combine(TestPaths.Fixtures, "Configuration", "dumps")}'");

        Assert.Null(r.Exception);
        var error = Assert.Single(r.Errors);
        Assert.StartsWith("PathNotFound,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(4, r.Output.Count(o => o.Text("RuleId") == "HT-OAB-101"));
    }

    [Fact]
    public void Oversize_file_gives_a_warning_naming_it()
    {
        var r = PowerShellSession.Invoke($"Find-HafniumEcpAnomaly -Path '{Tree}' -MaxFileSize 100");

        Assert.True(r.Exception is null, r.ErrorSummary);
        Assert.Contains(r.Warnings, w => w.Message.Contains("xgqjv.aspx", StringComparison.Ordinal) && w.Message.Contains("-MaxFileSize", StringComparison.Ordinal));
        Assert.Contains(r.Output, o => o.Text("RuleId") == "HT-WS-022");
    }

    [Fact]
    public void Log_path_is_hunted_in_process_and_only_findings_come_out()
    {
        var r = PowerShellSession.Invoke($"Find-HafniumOabAnomaly -LogPath '{Tree}'");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.All(r.Objects, o => Assert.Equal("Finding", o.GetType().Name));
    }

    [Fact]
    public void Without_path_off_a_windows_server_the_cmdlet_stops_with_PathRequired()
    {
        if (OperatingSystem.IsWindows() && Environment.GetEnvironmentVariable("ExchangeInstallPath") is not null)
        {
            return; // A real Exchange server has default folders.
        }

        if (OperatingSystem.IsWindows())
        {
            return; // IIS may exist; the default then is its web root.
        }

        // A statement-terminating error: the invocation stops, the script around it goes on to the next statement.
        var r = PowerShellSession.Invoke("Find-HafniumOabAnomaly; 'after'");

        var error = Assert.Single(r.Errors);
        Assert.StartsWith("PathRequired,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("-Path", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "after" }, r.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Sample_export_reports_the_one_poisoned_directory()
    {
        string sample = Path.Combine(TestPaths.RepoRoot, "samples", "exchange-config", "oab-vdirs.clixml");
        var r = PowerShellSession.Invoke($"[System.Management.Automation.PSSerializer]::Deserialize([System.IO.File]::ReadAllText('{sample}')) | Find-HafniumOabAnomaly");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.Equal("EX01", Assert.Single(r.Output).Text("ComputerName"));
    }

    [Fact]
    public void Get_ChildItem_output_is_scanned_as_files()
    {
        string dumps = Path.Combine(TestPaths.Fixtures, "Configuration", "dumps");
        var r = PowerShellSession.Invoke($"[System.IO.DirectoryInfo]::new('{dumps}').GetFiles('*.aspx') | Find-HafniumOabAnomaly");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.Equal(4, r.Output.Count(o => o.Text("RuleId") == "HT-OAB-101"));
        Assert.Single(r.Output, o => o.Text("RuleId") == "HT-OAB-102");
    }

    [Fact]
    public void Objects_that_are_not_virtual_directories_are_refused_with_the_object_as_target()
    {
        var r = PowerShellSession.Invoke("[pscustomobject]@{ Name = 'w3wp'; Id = 4242 } | Find-HafniumEcpAnomaly");

        Assert.Empty(r.Output);
        var error = Assert.Single(r.Errors);
        Assert.StartsWith("NotAVirtualDirectory,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("w3wp", ((PSObject)error.TargetObject).Properties["Name"].Value);
    }
}
