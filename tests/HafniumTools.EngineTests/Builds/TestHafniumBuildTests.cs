using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests.Builds;

public class TestHafniumBuildTests
{
    private static string Fixture(string name) => Path.Combine(TestPaths.Fixtures, "Builds", name);

    private static string Load(string name) =>
        $"[System.Management.Automation.PSSerializer]::Deserialize([System.IO.File]::ReadAllText('{Fixture(name).Replace("'", "''")}'))";

    [Fact]
    public void Deserialized_Get_ExchangeServer_objects_bind_by_property_name_and_name_the_server()
    {
        var r = PowerShellSession.Invoke(Load("exchange-servers.clixml") + " | Test-HafniumBuild");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.Equal(4, r.Output.Count);
        var ex01 = r.Output[0];
        Assert.Equal("EX01.contoso.com", ex01.Text("ComputerName"));
        Assert.Equal("Indeterminate", ex01.Text("ProxyLogonStatus"));
        Assert.Equal("AdminDisplayVersion", ex01.Text("VersionSource"));
        Assert.Equal("CU19", ex01.Text("CumulativeUpdate"));
        Assert.Equal(new Version(15, 1, 2176, 2), ex01.Properties["Version"].Value);
        Assert.False((bool)ex01.Properties["IsProxyLogonPatched"].Value);
        Assert.Equal("KB5000871", ex01.Text("RecommendedKb"));
        Assert.Contains("ExSetup", ex01.Text("Reason"), StringComparison.Ordinal);

        // AdminDisplayVersion delivered as a plain string; PSComputerName (the EMS endpoint) is not the server.
        Assert.Equal("EX02.contoso.com", r.Output[1].Text("ComputerName"));
        Assert.Equal("Indeterminate", r.Output[1].Text("ProxyLogonStatus"));
        Assert.Equal("CU8", r.Output[1].Text("CumulativeUpdate"));

        Assert.Equal("EX03.contoso.com", r.Output[2].Text("ComputerName"));
        Assert.Equal("Patched", r.Output[2].Text("ProxyLogonStatus"));
        Assert.Equal("Indeterminate", r.Output[3].Text("ProxyLogonStatus"));
        Assert.Equal("Exchange2010", r.Output[3].Text("Product"));
        Assert.DoesNotContain(r.Output, o => o.Text("ComputerName") == "ex01.contoso.com");
    }

    [Fact]
    public void One_bad_value_gives_one_error_and_the_rest_of_the_pipeline_goes_on()
    {
        var r = PowerShellSession.Invoke("'not-a-version','15.1.2176.9' | Test-HafniumBuild");

        Assert.Null(r.Exception);
        var error = Assert.Single(r.Errors);
        var result = Assert.Single(r.Output);
        Assert.StartsWith("InvalidExchangeBuild,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("not-a-version", error.TargetObject is PSObject p ? p.BaseObject : error.TargetObject);
        Assert.Contains("not a version number", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal("Patched", result.Text("ProxyLogonStatus"));
    }

    [Fact]
    public void An_input_whose_own_code_throws_is_one_error_and_the_other_inputs_are_audited()
    {
        // Issue 14: one input whose ToString() threw stopped the pipeline (2 of 40 results).
        var r = PowerShellSession.Invoke(
            "Add-Type -TypeDefinition 'public class HostileBuild { public override string ToString() { throw new System.InvalidOperationException(\"boom\"); } }'; " +
            "$script = [pscustomobject]@{}; $script | Add-Member -Force -MemberType ScriptMethod -Name ToString -Value { throw 'script boom' }; " +
            "$inputs = [System.Collections.Generic.List[object]]::new(); " +
            "1..36 | ForEach-Object { $inputs.Add('15.1.2176.9') }; " +
            "$inputs.Insert(1, [HostileBuild]::new()); " +
            "$inputs.Insert(10, [pscustomobject]@{ ComputerName = 'EX20'; Version = [HostileBuild]::new() }); " +
            "$inputs.Insert(20, [pscustomobject]@{ ComputerName = 'EX21'; Version = $script }); " +
            "$inputs.Insert(30, $script); " +
            "$inputs | Test-HafniumBuild; Test-HafniumBuild -InputObject $inputs.ToArray()");

        Assert.Null(r.Exception);
        Assert.Equal(72, r.Output.Count);
        Assert.Equal(8, r.Errors.Count);
        Assert.Equal(6, r.Errors.Count(e => e.FullyQualifiedErrorId.StartsWith("InvalidExchangeBuild,", StringComparison.Ordinal)));
        Assert.Equal(2, r.Errors.Count(e => e.FullyQualifiedErrorId.StartsWith("NoBuildOnInput,", StringComparison.Ordinal)));
        Assert.Contains(r.Errors, e => e.Exception.Message.StartsWith("'HostileBuild' is not an Exchange build: reading it failed (InvalidOperationException: boom)", StringComparison.Ordinal));
        Assert.All(r.Errors, e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
    }

    [Fact]
    public void Lines_pasted_from_ExSetup_tables_HealthChecker_and_Get_ExchangeServer_are_audited()
    {
        var r = PowerShellSession.Invoke(
            "'        Build Number: 15.02.1118.022', " +
            "'15.02.1118.040   15.02.1118.040   C:\\Program Files\\Microsoft\\Exchange Server\\V15\\bin\\ExSetup.exe', " +
            "'ProductVersion   FileVersion      FileName', " +
            "'AdminDisplayVersion : Version 15.1 (Build 2176.2)', " +
            "'        Version: Exchange 2019 CU12 Mar23SU', " +
            "'Last boot: 15.03.2023 08:14', " +
            "'EX01,Mailbox,\"April 20, 2022\"' | Test-HafniumBuild -ComputerName EX01");

        Assert.Null(r.Exception);
        (string input, string source, string version, string status)[] expected =
        [
            ("Build Number: 15.02.1118.022", "Text", "15.2.1118.22", "Patched"),
            ("15.02.1118.040   15.02.1118.040   C:\\Program Files\\Microsoft\\Exchange Server\\V15\\bin\\ExSetup.exe", "Text", "15.2.1118.40", "Patched"),
            ("AdminDisplayVersion : Version 15.1 (Build 2176.2)", "AdminDisplayVersion", "15.1.2176.2", "Indeterminate"),
            ("Version: Exchange 2019 CU12 Mar23SU", "Text", "15.2.1118.26", "Patched"),
        ];
        Assert.Equal(expected.Length, r.Output.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].input, r.Output[i].Text("Input"));
            Assert.Equal(expected[i].source, r.Output[i].Text("VersionSource"));
            Assert.Equal(Version.Parse(expected[i].version), r.Output[i].Properties["Version"].Value);
            Assert.Equal(expected[i].status, r.Output[i].Text("ProxyLogonStatus"));
            Assert.Equal("EX01", r.Output[i].Text("ComputerName"));
        }

        Assert.Equal(3, r.Errors.Count);
        Assert.All(r.Errors, e => Assert.StartsWith("InvalidExchangeBuild,", e.FullyQualifiedErrorId, StringComparison.Ordinal));
        Assert.Contains("holds no Exchange build", r.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Contains("reads as a date", r.Errors[1].Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("culture", r.Errors[2].Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_every_input_form()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("exsetup", Fixture("exsetup-fileversioninfo.clixml"));
        var r = ps.Run(
            "[version]'15.2.792.10' | Test-HafniumBuild; " +
            "'15.01.2176.009' | Test-HafniumBuild -ComputerName EX01; " +
            "@{ ComputerName = 'EX05'; Version = '15.0.1497.2' } | Test-HafniumBuild; " +
            "[pscustomobject]@{ ComputerName = 'mail.contoso.com'; Version = '15.1.2176'; VersionSource = 'Remote' } | Test-HafniumBuild; " +
            "[pscustomobject]@{ ComputerName = 'EX06'; Build = [version]'15.1.2176.9'; SecurityUpdatesVisible = $false } | Test-HafniumBuild; " +
            "[System.Management.Automation.PSSerializer]::Deserialize([System.IO.File]::ReadAllText($exsetup)) | Test-HafniumBuild; " +
            "[pscustomobject]@{ Name = 'ExSetup.exe'; VersionInfo = [System.Diagnostics.FileVersionInfo]::GetVersionInfo((Get-Module HafniumTools).Path) } | Test-HafniumBuild; " +
            "Test-HafniumBuild -InputObject 'Version 15.2 (Build 858.5)', '14.3.509.0'");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.Equal(9, r.Output.Count);
        (string source, string computer, string status)[] expected =
        [
            ("SystemVersion", "", "Patched"),
            ("Text", "EX01", "Patched"),
            ("Property", "EX05", "Vulnerable"),
            ("Remote", "mail.contoso.com", "Indeterminate"),
            ("Property", "EX06", "Indeterminate"),
            ("FileVersion", "", "Patched"),
            ("FileVersion", "", "Unknown"),
            ("AdminDisplayVersion", "", "Patched"),
            ("Text", "", "Vulnerable"),
        ];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].source == r.Output[i].Text("VersionSource"), $"item {i}: source {r.Output[i].Text("VersionSource")}");
            Assert.True(expected[i].computer == r.Output[i].Text("ComputerName"), $"item {i}: computer {r.Output[i].Text("ComputerName")}");
            Assert.True(expected[i].status == r.Output[i].Text("ProxyLogonStatus"), $"item {i}: status {r.Output[i].Text("ProxyLogonStatus")}");
        }

        Assert.Equal("15.01.2176.009", r.Output[5].Text("Input"));
        Assert.Equal(new[] { "CVE-2021-26857" }, ((System.Collections.IEnumerable)r.Output[8].Properties["MissingCves"].Value).Cast<object>().Select(o => o.ToString()));
    }

    [Fact]
    public void A_live_Exchange_server_object_is_read_from_AdminDisplayVersion_only()
    {
        var r = PowerShellSession.Invoke(
            "$server = [pscustomobject]@{ Name = 'EX10'; Fqdn = 'EX10.contoso.com'; ExchangeVersion = '0.1 (8.0.535.0)'; Version = 42; " +
            "AdminDisplayVersion = [pscustomobject]@{ Major = 15; Minor = 2; Build = 1118; Revision = 7 } }; " +
            "$server.PSObject.TypeNames.Insert(0, 'Microsoft.Exchange.Data.Directory.Management.ExchangeServer'); " +
            "$server | Test-HafniumBuild");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var audit = Assert.Single(r.Output);
        Assert.Equal("EX10.contoso.com", audit.Text("ComputerName"));
        Assert.Equal("AdminDisplayVersion", audit.Text("VersionSource"));
        Assert.Equal(new Version(15, 2, 1118, 7), audit.Properties["Version"].Value);
        Assert.Equal("Patched", audit.Text("ProxyLogonStatus")); // 2019 CU12 includes the March 2021 fixes
        Assert.False((bool)audit.Properties["SecurityUpdatesVisible"].Value);
    }

    [Fact]
    public void A_build_newer_than_the_catalog_warns_and_is_unknown()
    {
        var r = PowerShellSession.Invoke("'15.2.2562.99' | Test-HafniumBuild -ComputerName EX07");

        Assert.Equal("Unknown", Assert.Single(r.Output).Text("ProxyLogonStatus"));
        var warning = Assert.Single(r.Warnings);
        Assert.StartsWith("EX07: ", warning.Message, StringComparison.Ordinal);
        Assert.Contains("update the catalog", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_survive_PSSerializer_with_every_verdict_field()
    {
        var r = PowerShellSession.Invoke(
            "'15.1.2044.13' | Test-HafniumBuild -ComputerName EX08 | ForEach-Object { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($_)) }");

        var copy = Assert.Single(r.Output);
        Assert.Equal("HafniumTools.Builds.BuildAudit", copy.BaseObject.GetType().FullName);
        Assert.Equal("EX08", copy.Text("ComputerName"));
        Assert.Equal("Patched", copy.Text("ProxyLogonStatus"));
        Assert.Equal(true, copy.Properties["IsProxyLogonPatched"].Value);
        Assert.Contains("CVE-2021-26412", copy.Text("OpenCves"), StringComparison.Ordinal);
        Assert.Equal(new Version(15, 1, 2044, 13), copy.Properties["Version"].Value);
        Assert.Contains("CumulativeUpdateUnsupported", copy.Text("SupportState") + "ProductEndOfSupport|CumulativeUpdateUnsupported", StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_view_shows_server_version_cu_su_status_and_what_to_install()
    {
        var r = PowerShellSession.Invoke("'15.1.2176.2' | Test-HafniumBuild -ComputerName EX01");

        string[] lines = r.Rendered.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
        Assert.Contains(lines, l => l.Contains("ComputerName", StringComparison.Ordinal) && l.Contains("ProxyLogon", StringComparison.Ordinal) && l.Contains("Install", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("EX01", StringComparison.Ordinal) && l.Contains("15.1.2176.2", StringComparison.Ordinal)
            && l.Contains("CU19", StringComparison.Ordinal) && l.Contains("Vulnerable", StringComparison.Ordinal) && l.Contains("KB5000871", StringComparison.Ordinal));
    }

    [Fact]
    public void CatalogPath_loads_a_newer_catalog_and_refuses_a_malformed_one()
    {
        string json = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "HafniumTools", "Data", "exchange-builds.catalog.json"));

        string dir = Path.Combine(Path.GetTempPath(), "hafnium-engine-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string newer = Path.Combine(dir, "newer.json");
            string entry = "    {\"name\": \"Exchange SE RTM Sep26SU\", \"product\": \"ExchangeSE\", \"kind\": \"SecurityUpdate\", \"cumulativeUpdate\": \"RTM\", \"update\": \"Sep26SU\", \"build\": \"15.2.2562.50\", \"releaseDate\": \"2026-09-08\", \"kb\": \"KB5130000\", \"sources\": [\"ms_csv\"]},\n";
            File.WriteAllText(newer, json.Insert(json.IndexOf("    {\"name\": \"Exchange 2010 SP3\"", StringComparison.Ordinal), entry));
            string broken = Path.Combine(dir, "broken.json");
            File.WriteAllText(broken, json.Replace("\"build\": \"15.1.2176.9\"", "\"build\": \"15.1.2176.nine\"", StringComparison.Ordinal));

            using var ps = new PowerShellSession();
            ps.SetVariable("newer", newer);
            ps.SetVariable("broken", broken);
            var ok = ps.Run("'15.2.2562.50' | Test-HafniumBuild -CatalogPath $newer");
            Assert.True(ok.Errors.Count == 0 && ok.Exception is null, ok.ErrorSummary);
            Assert.Equal("Patched", Assert.Single(ok.Output).Text("ProxyLogonStatus"));
            Assert.Equal("Sep26SU", ps.Run("Get-HafniumBuildCatalog -CatalogPath $newer -Build 15.2.2562.50").Output.Single().Text("Update"));

            // A terminating error: the whole invocation stops (the statement's only error, no output).
            var bad = ps.Run("'15.1.2176.9', '15.1.2176.2' | Test-HafniumBuild -CatalogPath $broken");
            Assert.Empty(bad.Output);
            var failure = Assert.Single(bad.Errors);
            Assert.StartsWith("InvalidBuildCatalog,", failure.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.InvalidData, failure.CategoryInfo.Category);
            Assert.Contains("'Exchange 2016 CU19 Mar21SU'", failure.Exception.Message, StringComparison.Ordinal);
            Assert.Contains("field 'build'", failure.Exception.Message, StringComparison.Ordinal);

            var missing = ps.Run("Get-HafniumBuildCatalog -CatalogPath ($broken + '.missing')");
            Assert.Empty(missing.Output);
            Assert.StartsWith("PathNotFound,", Assert.Single(missing.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);

            // Longer than any catalog can be: refused unread, with the catalog's own error id.
            string huge = Path.Combine(dir, "huge.json");
            using (var stream = File.Create(huge))
            {
                stream.SetLength(17L * 1024 * 1024);
            }

            ps.SetVariable("huge", huge);
            var tooLong = ps.Run("Get-HafniumBuildCatalog -CatalogPath $huge");
            Assert.Empty(tooLong.Output);
            Assert.StartsWith("InvalidBuildCatalog,", Assert.Single(tooLong.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
