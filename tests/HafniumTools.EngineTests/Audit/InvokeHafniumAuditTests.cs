using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests.Audit;

/// <summary>
/// Invoke-HafniumAudit as admins and responders run it: triage folders of many servers, case folders named with
/// brackets, an empty folder, a build given by hand, and fleets through real PowerShell remoting over SSH on loopback
/// (a server with the module, one without, one that cannot be reached).
/// </summary>
public sealed class InvokeHafniumAuditTests : IDisposable
{
    private static readonly string Samples = Path.Combine(TestPaths.RepoRoot, "samples");
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ht-audit-");

    public void Dispose() => _temp.Delete(true);

    [Fact]
    public void The_sample_fleet_gets_one_verdict_per_server_and_every_status()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("samples", Samples);
        var r = ps.Run("Invoke-HafniumAudit -Path (Join-Path $samples 'fleet' '*'), (Join-Path $samples 'logs' '*')");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var byServer = r.Output.ToDictionary(a => a.Text("ComputerName"), a => a);
        Assert.Equal(["EXCH01.contoso.local", "EXCH02", "EXCH03", "EXCH04", "EXCH05", "EXCH06", "EXCH07.contoso.local"], byServer.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Compromised", byServer["EXCH01.contoso.local"].Text("Status"));
        Assert.Equal("Clean", byServer["EXCH02"].Text("Status"));
        Assert.Equal("Probed", byServer["EXCH03"].Text("Status"));
        Assert.Equal("Attempted", byServer["EXCH04"].Text("Status"));
        Assert.Equal("Exploited", byServer["EXCH05"].Text("Status"));
        Assert.Equal("Unknown", byServer["EXCH06"].Text("Status")); // a build file alone rules nothing out
        Assert.Equal("Exploited", byServer["EXCH07.contoso.local"].Text("Status")); // ProxyShell: the SSRF reached PowerShell and exported a mailbox
        Assert.Contains("ProxyShell", byServer["EXCH07.contoso.local"].Text("Summary"), StringComparison.Ordinal);

        // Per campaign: EXCH07 is clean for ProxyLogon and exploited through ProxyShell; EXCH01 is compromised through ProxyLogon.
        Assert.Equal("Clean", CampaignOf(byServer["EXCH07.contoso.local"], "ProxyLogon").Text("Status"));
        Assert.Equal("Exploited", CampaignOf(byServer["EXCH07.contoso.local"], "ProxyShell").Text("Status"));
        Assert.Contains("HT-RPS-001", CampaignOf(byServer["EXCH07.contoso.local"], "ProxyShell").Text("DecidingRuleIds"), StringComparison.Ordinal);
        Assert.Equal("Compromised", CampaignOf(byServer["EXCH01.contoso.local"], "ProxyLogon").Text("Status"));
        Assert.Equal("Clean", CampaignOf(byServer["EXCH01.contoso.local"], "ProxyShell").Text("Status"));
        Assert.Equal("Vulnerable", CampaignOf(byServer["EXCH05"], "ProxyShell").Text("PatchStatus"));
        Assert.Contains("CVE-2021-34473", CampaignOf(byServer["EXCH05"], "ProxyShell").Text("MissingCves"), StringComparison.Ordinal);

        // Patch state is separate from what happened: EXCH04 was attacked but is patched, EXCH05 is not.
        Assert.Equal("Patched", byServer["EXCH04"].Text("PatchStatus"));
        Assert.Equal("Vulnerable", byServer["EXCH05"].Text("PatchStatus"));
        Assert.Equal("15.1.2106.2", byServer["EXCH05"].Text("Build"));
        Assert.Contains("CVE-2021-26855", byServer["EXCH05"].Text("MissingCves"), StringComparison.Ordinal);
        Assert.Equal("Unknown", byServer["EXCH01.contoso.local"].Text("PatchStatus")); // no build in its triage folder

        // The verdict says why, names its rules, and carries the timeline and the evidence.
        var ex01 = byServer["EXCH01.contoso.local"];
        Assert.StartsWith("Compromised: ", ex01.Text("Summary"), StringComparison.Ordinal);
        Assert.Matches(@"\(HT-[A-Z]+-\d+", ex01.Text("Summary"));
        Assert.NotEmpty(ex01.Text("FirstHostileActivity"));
        Assert.NotEmpty((System.Collections.IEnumerable)ex01.Properties["Timeline"].Value);
        Assert.NotEmpty((System.Collections.IEnumerable)ex01.Properties["Findings"].Value);
        Assert.Contains("ECP Server", byServer["EXCH02"].Text("CoverageGaps"), StringComparison.Ordinal);
        Assert.All(r.Output, a => Assert.Equal("HafniumTools.Model.ServerAudit", a.BaseObject.GetType().FullName));
    }

    [Fact]
    public void The_verdicts_per_campaign_survive_a_job_and_Import_Clixml_and_filter_like_live_ones()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("samples", Samples);
        ps.SetVariable("clixml", Path.Combine(_temp.FullName, "audit.clixml"));
        ps.SetVariable("manifest", TestPaths.Manifest);
        var r = ps.Run(
            "$live = Invoke-HafniumAudit -LiteralPath (Join-Path $samples 'logs' 'EXCH07'), (Join-Path $samples 'logs' 'EXCH01')\n" +
            "$job = Start-Job -ArgumentList $manifest, $samples -ScriptBlock { param($m, $samples) Import-Module $m; Invoke-HafniumAudit -LiteralPath (Join-Path $samples 'logs' 'EXCH07'), (Join-Path $samples 'logs' 'EXCH01') }\n" +
            "$fromJob = @($job | Receive-Job -Wait -AutoRemoveJob)\n" +
            "$live | Export-Clixml -LiteralPath $clixml; $fromClixml = @(Import-Clixml -LiteralPath $clixml)\n" +
            "foreach ($copy in @{ live = $live; job = $fromJob; clixml = $fromClixml }.GetEnumerator()) {\n" +
            "  foreach ($a in $copy.Value) {\n" +
            "    $c = $a.Campaigns\n" +
            "    '{0}|{1}|{2}|{3}|{4}|{5}|{6}' -f $copy.Key, $a.ComputerName, $c.GetType().FullName, @($c)[0].GetType().FullName,\n" +
            "      (@($c | Where-Object Status -ge 'Exploited' | ForEach-Object { '' + $_.Campaign + '=' + $_.Status }) -join ','),\n" +
            "      @($c | Where-Object Campaign -eq 'ProxyShell')[0].DecidingRuleIds.GetType().Name, ($c | Format-Table | Out-String -Width 200).Contains('ProxyNotShell')\n" +
            "  }\n" +
            "}");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var lines = r.Output.Select(o => o.ToString()).ToList();
        foreach (string copy in new[] { "live", "job", "clixml" })
        {
            Assert.Contains(copy + "|EXCH07.contoso.local|HafniumTools.Model.CampaignStatusList|HafniumTools.Model.CampaignStatus|ProxyShell=Exploited|TextList|True", lines);
            Assert.Contains(copy + "|EXCH01.contoso.local|HafniumTools.Model.CampaignStatusList|HafniumTools.Model.CampaignStatus|ProxyLogon=Compromised|TextList|True", lines);
        }
    }

    private static PSObject CampaignOf(PSObject audit, string campaign) =>
        ((System.Collections.IEnumerable)audit.Properties["Campaigns"].Value).Cast<object>().Select(PSObject.AsPSObject).Single(c => c.Text("Campaign") == campaign);

    [Fact]
    public void A_folder_of_server_folders_is_read_as_its_servers()
    {
        var r = PowerShellSession.Invoke($"Invoke-HafniumAudit -LiteralPath '{Path.Combine(Samples, "fleet")}' | ForEach-Object {{ $_.ComputerName + '=' + $_.Status }}");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.Equal(["EXCH03=Probed", "EXCH04=Attempted", "EXCH05=Exploited", "EXCH06=Unknown"], r.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_case_folder_named_with_brackets_is_read_as_it_is_and_named_by_its_server()
    {
        string folder = Path.Combine(_temp.FullName, "EXCH05 [case 2]");
        Copy(Path.Combine(Samples, "fleet", "EXCH05"), folder);

        var r = PowerShellSession.Invoke($"Invoke-HafniumAudit -LiteralPath '{folder}'");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var audit = Assert.Single(r.Output);
        Assert.Equal("EXCH05", audit.Text("ComputerName"));
        Assert.Equal("Exploited", audit.Text("Status"));
    }

    [Fact]
    public void An_empty_folder_is_Unknown_never_Clean()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_temp.FullName, "EX09")).FullName;

        var r = PowerShellSession.Invoke($"Invoke-HafniumAudit -LiteralPath '{folder}'");

        var audit = Assert.Single(r.Output);
        Assert.Equal("EX09", audit.Text("ComputerName"));
        Assert.Equal("Unknown", audit.Text("Status"));
        Assert.StartsWith("Unknown: no evidence could be read", audit.Text("Summary"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_build_given_by_hand_judges_a_server_whose_triage_has_none()
    {
        var r = PowerShellSession.Invoke($"Invoke-HafniumAudit -LiteralPath '{Path.Combine(Samples, "logs", "EXCH01")}' -Build 15.1.2106.2");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var audit = Assert.Single(r.Output);
        Assert.Equal("Vulnerable", audit.Text("PatchStatus"));
        Assert.Equal("-Build 15.1.2106.2", audit.Text("BuildSource"));
        Assert.Contains("Install", audit.Text("RecommendedActions"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_build_that_is_not_one_stops_the_audit_with_a_clear_error()
    {
        var r = PowerShellSession.Invoke($"Invoke-HafniumAudit -LiteralPath '{Path.Combine(Samples, "logs", "EXCH01")}' -Build 'latest'");

        // A terminating error of the command: nothing is audited, one error says why.
        Assert.Empty(r.Output);
        var error = Assert.Single(r.Errors);
        Assert.StartsWith("InvalidExchangeBuild,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("'latest'", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_path_off_an_Exchange_server_it_says_what_to_give()
    {
        var r = PowerShellSession.Invoke("Invoke-HafniumAudit");

        Assert.Empty(r.Output);
        string id = Assert.Single(r.Errors).FullyQualifiedErrorId;
        Assert.True(id.StartsWith("PathRequired", StringComparison.Ordinal) || id.StartsWith("ExchangeInstallNotFound", StringComparison.Ordinal), id);
    }

    [Fact]
    public void A_fleet_through_real_SSH_remoting_comes_back_as_audits_that_filter_like_local_ones()
    {
        var ssh = SshLoopback.Instance;
        string fleet = Path.Combine(Samples, "fleet");
        var r = PowerShellSession.Invoke(
            $"$s = {ssh.NewSession(withModule: true)}\n" +
            $"try {{ $a = @(Invoke-HafniumAudit -Session $s -Path '{fleet}') }} finally {{ Remove-PSSession $s }}\n" +
            "$a | ForEach-Object { '{0}|{1}|{2}|{3}' -f $_.ComputerName, $_.Status, $_.GetType().FullName, $_.Origin }\n" +
            "'exploited=' + (@($a | Where-Object Status -eq 'Exploited').ComputerName -join ',')\n" +
            "'worse-than-probed=' + (@($a | Where-Object Status -ge 'Attempted').ComputerName -join ',')\n" +
            "'findings=' + @($a | Where-Object ComputerName -eq 'EXCH05').Findings.Count");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var lines = r.Output.Select(o => o.ToString()).ToList();
        Assert.Contains(lines, l => l.StartsWith("EXCH05|Exploited|HafniumTools.Model.ServerAudit|", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("EXCH06|Unknown|HafniumTools.Model.ServerAudit|", StringComparison.Ordinal));
        Assert.Contains("exploited=EXCH05", lines);
        Assert.Contains("worse-than-probed=EXCH04,EXCH05", lines);
        Assert.DoesNotContain("findings=0", lines);
    }

    [Fact]
    public void A_server_without_the_module_or_out_of_reach_still_gets_a_row_with_the_reason_and_the_fix()
    {
        var ssh = SshLoopback.Instance;
        var r = PowerShellSession.Invoke(
            $"$s = {ssh.NewSession(withModule: false)}\n" +
            "try { $a = @(Invoke-HafniumAudit -Session $s) } finally { Remove-PSSession $s }\n" +
            "$a += @(Invoke-HafniumAudit -ComputerName 'ex99.invalid')\n" +
            "$a | ForEach-Object { '{0}|{1}|{2}|{3}' -f $_.ComputerName, $_.Status, $_.Summary, ($_.RecommendedActions -join ' ') }");

        Assert.True(r.Exception is null, r.ErrorSummary);
        var lines = r.Output.Select(o => o.ToString()).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains(lines, l => l.Contains("|Unknown|", StringComparison.Ordinal) && l.Contains("not installed", StringComparison.Ordinal) && l.Contains("Install-Module HafniumTools", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ex99.invalid|Unknown|Unknown: the server could not be audited", StringComparison.Ordinal));
    }

    private static void Copy(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
