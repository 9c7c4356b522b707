using System;
using System.Linq;
using HafniumTools.Audit;
using HafniumTools.Builds;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Audit;

public class ServerVerdictTests
{
    private static readonly DateTime March3 = new(2021, 3, 3, 3, 30, 0, DateTimeKind.Utc);

    private static readonly DetectionRule Probe = new("HT-T-PRB", FindingCategory.HttpProxy, Severity.Low, Verdict.Probe, "SSRF probe", "r", "s", "CVE-2021-26855");
    private static readonly DetectionRule Attempt = new("HT-T-ATT", FindingCategory.HttpProxy, Severity.Medium, Verdict.Attempt, "SSRF attempt that reached only autodiscover", "r", "s", "CVE-2021-26855");
    private static readonly DetectionRule Ssrf = new("HT-T-SSRF", FindingCategory.HttpProxy, Severity.High, Verdict.Exploitation, "SSRF routed a request to the back end", "r", "s", "CVE-2021-26855");
    private static readonly DetectionRule EcpSession = new("HT-T-241", FindingCategory.HttpProxy, Severity.Critical, Verdict.Exploitation, "ECP session obtained through the SSRF", "r", "s", "CVE-2021-26855") { Stage = AttackStage.Session };
    private static readonly DetectionRule ShellOnDisk = new("HT-T-WS", FindingCategory.FileSystem, Severity.Critical, Verdict.Compromise, "China Chopper web shell", "r", "s");
    private static readonly DetectionRule ShellAnswered = new("HT-T-ANS", FindingCategory.HttpProxy, Severity.Critical, Verdict.Compromise, "Web shell answered", "r", "s");
    private static readonly DetectionRule LsassDump = new("HT-T-DMP", FindingCategory.FileSystem, Severity.Medium, Verdict.Context, "LSASS memory dump", "r", "s") { Stage = AttackStage.PostExploitation };
    private static readonly DetectionRule Archive = new("HT-T-ZIP", FindingCategory.FileSystem, Severity.Low, Verdict.Context, "Archive in ProgramData", "r", "s");
    private static readonly DetectionRule Oddity = new("HT-T-ANO", FindingCategory.FileSystem, Severity.Medium, Verdict.Anomaly, "Unexpected page in ecp/auth", "r", "s");

    [Fact]
    public void Nothing_read_and_nothing_found_is_unknown_never_clean()
    {
        var audit = ServerVerdict.Decide(new ServerEvidence("EX01", "triage"));

        Assert.Equal(AuditStatus.Unknown, audit.Status);
        Assert.StartsWith("Unknown: no evidence could be read", audit.Summary, StringComparison.Ordinal);
        Assert.Contains(audit.CoverageGaps, g => g.Contains("HttpProxy logs", StringComparison.Ordinal));
    }

    [Fact]
    public void Sources_that_were_all_unreadable_count_as_nothing_read()
    {
        var evidence = new ServerEvidence("EX01", "triage");
        evidence.Coverage.Add(new ScanCoverage("EX01", FindingCategory.HttpProxy, "HttpProxy/Owa") { Files = 3, UnreadableFiles = 3, UnreadablePaths = new TextList(["a", "b", "c"]) });

        var audit = ServerVerdict.Decide(evidence);

        Assert.Equal(AuditStatus.Unknown, audit.Status);
        Assert.Contains(audit.CoverageGaps, g => g.StartsWith("The HttpProxy logs could not be read (3 unreadable", StringComparison.Ordinal));
    }

    [Fact]
    public void Readable_evidence_without_hostile_findings_is_clean_and_names_the_gaps()
    {
        var evidence = Read("EX02", FindingCategory.HttpProxy);
        evidence.Findings.Add(new Finding(Archive, "EX02") { Path = "/t/EX02/ProgramData/it.zip" });

        var audit = ServerVerdict.Decide(evidence);

        Assert.Equal(AuditStatus.Clean, audit.Status);
        Assert.StartsWith("Clean: nothing hostile in 4 file(s) read, logs from 2021-03-01 to 2021-03-05", audit.Summary, StringComparison.Ordinal);
        Assert.Contains(audit.CoverageGaps, g => g.StartsWith("No ECP Server logs were read", StringComparison.Ordinal));
        Assert.Contains(audit.CoverageGaps, g => g.StartsWith("No web folders were read", StringComparison.Ordinal));
        Assert.Empty(audit.DecidingRuleIds);
        Assert.Empty(audit.Timeline);
        Assert.Null(audit.FirstHostileActivity);
    }

    [Fact]
    public void Anomalies_leave_a_server_clean_but_are_mentioned()
    {
        var evidence = Read("EX02", FindingCategory.FileSystem);
        evidence.Findings.Add(new Finding(Oddity, "EX02") { Path = "/t/EX02/ecp/auth/notes.aspx" });

        var audit = ServerVerdict.Decide(evidence);

        Assert.Equal(AuditStatus.Clean, audit.Status);
        Assert.Contains("1 anomaly to review", audit.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Probes_alone_make_a_server_probed()
    {
        var evidence = Read("EX03", FindingCategory.HttpProxy);
        evidence.Findings.Add(new Finding(Probe, "EX03") { Timestamp = March3, ClientIp = "192.0.2.90" });
        evidence.Findings.Add(new Finding(Probe, "EX03") { Timestamp = March3.AddSeconds(1), ClientIp = "192.0.2.90" });

        var audit = ServerVerdict.Decide(evidence);

        Assert.Equal(AuditStatus.Probed, audit.Status);
        Assert.Equal(["HT-T-PRB"], audit.DecidingRuleIds);
        Assert.Empty(audit.AttackerAddresses);
        var step = Assert.Single(audit.Timeline);
        Assert.Equal((AttackStage.Probe, 2, "192.0.2.90"), (step.Stage, step.Count, step.ClientIp));
        Assert.Equal(March3, step.Time);
        Assert.Equal(March3.AddSeconds(1), step.LastTime);
    }

    [Fact]
    public void The_worst_finding_decides_and_failed_attempts_are_attempted()
    {
        var evidence = Read("EX04", FindingCategory.HttpProxy);
        evidence.Findings.Add(new Finding(Probe, "EX04") { Timestamp = March3, ClientIp = "192.0.2.90" });
        evidence.Findings.Add(new Finding(Attempt, "EX04") { Timestamp = March3.AddHours(1), ClientIp = "45.77.252.7" });

        var audit = ServerVerdict.Decide(evidence);

        Assert.Equal(AuditStatus.Attempted, audit.Status);
        Assert.Equal(["HT-T-ATT"], audit.DecidingRuleIds);
        Assert.Equal(["45.77.252.7"], audit.AttackerAddresses);
        Assert.Equal(March3.AddHours(1), audit.FirstHostileActivity);
        Assert.StartsWith("Attempted: SSRF attempt that reached only autodiscover on 2021-03-03 04:30 UTC from 45.77.252.7 (HT-T-ATT).", audit.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Exploitation_without_a_shell_is_exploited_with_a_timeline_in_order()
    {
        var evidence = Read("EX05", FindingCategory.HttpProxy);
        evidence.Findings.Add(new Finding(EcpSession, "EX05") { Timestamp = March3.AddSeconds(5), ClientIp = "103.77.192.219" });
        evidence.Findings.Add(new Finding(Ssrf, "EX05") { Timestamp = March3, ClientIp = "103.77.192.219" });
        evidence.Build = Audit("15.1.2106.2");

        var audit = ServerVerdict.Decide(evidence);

        Assert.Equal(AuditStatus.Exploited, audit.Status);
        Assert.Equal(["HT-T-241", "HT-T-SSRF"], audit.DecidingRuleIds);
        Assert.Equal([AttackStage.Ssrf, AttackStage.Session], audit.Timeline.Select(e => e.Stage));
        Assert.Equal(ProxyLogonStatus.Vulnerable, audit.PatchStatus);
        Assert.Contains("is vulnerable", audit.Summary, StringComparison.Ordinal);
        Assert.Contains(audit.RecommendedActions, a => a.StartsWith("Install KB", StringComparison.Ordinal));
        Assert.Contains(audit.RecommendedActions, a => a.StartsWith("A vulnerability was used successfully", StringComparison.Ordinal));
    }

    [Fact]
    public void A_shell_on_disk_is_compromise_on_a_patched_server_too()
    {
        var evidence = Read("EX01", FindingCategory.FileSystem);
        evidence.Findings.Add(new Finding(ShellOnDisk, "EX01") { Path = "/t/EX01/inetpub/wwwroot/aspnet_client/x.aspx", FileModified = March3 });
        evidence.Findings.Add(new Finding(ShellAnswered, "EX01") { Timestamp = March3.AddMinutes(9), ClientIp = "5.2.69.14", Url = "https://mail/owa/auth/x.aspx" });
        evidence.Build = Audit("15.1.2176.9");

        var audit = ServerVerdict.Decide(evidence);

        Assert.Equal(AuditStatus.Compromised, audit.Status);
        Assert.Equal(ProxyLogonStatus.Patched, audit.PatchStatus);
        Assert.Equal(["/t/EX01/inetpub/wwwroot/aspnet_client/x.aspx"], audit.PlantedFiles);
        Assert.Equal([AttackStage.ShellPlanted, AttackStage.ShellAnswered], audit.Timeline.Select(e => e.Stage));
        Assert.Contains(audit.RecommendedActions, a => a.Contains("Rebuild the server from known-good media", StringComparison.Ordinal));
        Assert.Contains(audit.RecommendedActions, a => a.StartsWith("Remove the planted files", StringComparison.Ordinal) && a.Contains("x.aspx", StringComparison.Ordinal));
        Assert.DoesNotContain(audit.RecommendedActions, a => a.StartsWith("Install", StringComparison.Ordinal));
    }

    [Fact]
    public void A_credential_dump_is_compromise_and_asks_for_password_resets()
    {
        var evidence = Read("EX07", FindingCategory.FileSystem);
        evidence.Findings.Add(new Finding(LsassDump, "EX07") { Path = "/t/EX07/Windows/Temp/lsass.dmp" });

        var audit = ServerVerdict.Decide(evidence);

        Assert.Equal(AuditStatus.Compromised, audit.Status);
        Assert.Contains(audit.RecommendedActions, a => a.StartsWith("Credentials were dumped", StringComparison.Ordinal));
        Assert.Equal(["/t/EX07/Windows/Temp/lsass.dmp"], audit.PlantedFiles);
    }

    [Fact]
    public void A_server_that_could_not_be_audited_is_unknown_with_the_reason_and_the_fix()
    {
        var audit = ServerVerdict.Decide(new ServerEvidence("EX09", "remote")
        {
            NotAuditedReason = "The HafniumTools module is not installed on this server.",
            FixCommand = "Install-Module HafniumTools",
        });

        Assert.Equal(AuditStatus.Unknown, audit.Status);
        Assert.Equal("Unknown: the server could not be audited: The HafniumTools module is not installed on this server. The build is unknown: give it with -Build, or audit ExSetup.exe's file version.", audit.Summary);
        Assert.Equal("Fix and audit again: Install-Module HafniumTools", audit.RecommendedActions[0]);
        Assert.Equal(["The HafniumTools module is not installed on this server."], audit.CoverageGaps);
    }

    [Fact]
    public void Unknown_sorts_above_clean_and_below_every_hostile_status()
    {
        Assert.True(AuditStatus.Unknown > AuditStatus.Clean);
        Assert.True(AuditStatus.Probed > AuditStatus.Unknown);
        Assert.Equal(
            [AuditStatus.Clean, AuditStatus.Unknown, AuditStatus.Probed, AuditStatus.Attempted, AuditStatus.Exploited, AuditStatus.Compromised],
            Enum.GetValues<AuditStatus>().OrderBy(s => s));
    }

    [Fact]
    public void Request_logs_that_start_after_the_attacks_are_a_named_gap()
    {
        var evidence = new ServerEvidence("EX08", "triage");
        evidence.Coverage.Add(new ScanCoverage("EX08", FindingCategory.HttpProxy, "HttpProxy/Owa")
        {
            Files = 2,
            Bytes = 100,
            FirstTimestamp = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc),
            LastTimestamp = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc),
        });

        var audit = ServerVerdict.Decide(evidence);

        Assert.Contains(audit.CoverageGaps, g => g.StartsWith("The request logs begin 2026-11-01", StringComparison.Ordinal));
    }

    private static readonly DetectionRule ProxyShellExport = new("HT-T-PSX", FindingCategory.RemotePowerShell, Severity.Critical, Verdict.Exploitation, "Mailbox exported to a web path through the SSRF", "r", "s", "CVE-2021-31207") { Campaign = Campaign.ProxyShell };
    private static readonly DetectionRule OwassrfProbe = new("HT-T-OWP", FindingCategory.Iis, Severity.Low, Verdict.Probe, "OWASSRF probe", "r", "s", "CVE-2022-41080") { Campaign = Campaign.OWASSRF };

    [Fact]
    public void Each_campaign_is_judged_on_its_own_findings_and_the_server_status_is_the_worst()
    {
        var evidence = Read("EX07", FindingCategory.HttpProxy);
        evidence.Build = Audit("15.1.2176.9"); // Exchange 2016 CU19 Mar21SU: ProxyLogon fixed, ProxyShell not
        evidence.Findings.Add(new Finding(ProxyShellExport, "EX07") { Timestamp = March3.AddMonths(5), ClientIp = "203.0.113.9" });
        evidence.Findings.Add(new Finding(OwassrfProbe, "EX07") { Timestamp = March3.AddMonths(21), ClientIp = "198.51.100.4" });
        evidence.Findings.Add(new Finding(Archive, "EX07") { Path = "/t/EX07/ProgramData/it.zip" }); // ProxyLogon context only

        var audit = ServerVerdict.Decide(evidence);
        var byCampaign = audit.Campaigns.ToDictionary(c => c.Campaign);

        Assert.Equal(Enum.GetValues<Campaign>(), audit.Campaigns.Select(c => c.Campaign));
        Assert.Equal(AuditStatus.Clean, byCampaign[Campaign.ProxyLogon].Status);
        Assert.Empty(byCampaign[Campaign.ProxyLogon].DecidingRuleIds);
        Assert.Equal(1, byCampaign[Campaign.ProxyLogon].Findings);
        Assert.Equal(AuditStatus.Exploited, byCampaign[Campaign.ProxyShell].Status);
        Assert.Equal(["HT-T-PSX"], byCampaign[Campaign.ProxyShell].DecidingRuleIds);
        Assert.Equal(AuditStatus.Clean, byCampaign[Campaign.ProxyNotShell].Status);
        Assert.Equal(AuditStatus.Probed, byCampaign[Campaign.OWASSRF].Status);
        Assert.Equal(audit.Campaigns.Max(c => c.Status), audit.Status);
        Assert.Equal(byCampaign[Campaign.ProxyShell].DecidingRuleIds, audit.DecidingRuleIds);

        Assert.Equal(CampaignPatchStatus.Patched, byCampaign[Campaign.ProxyLogon].PatchStatus);
        Assert.Equal(CampaignPatchStatus.Vulnerable, byCampaign[Campaign.ProxyShell].PatchStatus);
        Assert.Equal(["CVE-2021-34473", "CVE-2021-34523", "CVE-2021-31207"], byCampaign[Campaign.ProxyShell].MissingCves);
        Assert.Contains(audit.RecommendedActions, a => a.Contains("ProxyShell (CVE-2021-34473, CVE-2021-34523, CVE-2021-31207)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("15.1.2176.9", "Patched|", "Vulnerable|CVE-2021-34473,CVE-2021-34523,CVE-2021-31207", "Vulnerable|CVE-2022-41040,CVE-2022-41082", "Vulnerable|CVE-2022-41080,CVE-2022-41082")]
    [InlineData("15.1.2176.12", "Patched|", "Vulnerable|CVE-2021-31207", "Vulnerable|CVE-2022-41040,CVE-2022-41082", "Vulnerable|CVE-2022-41080,CVE-2022-41082")] // CU19 Apr21SU
    [InlineData("15.1.2176.14", "Patched|", "Patched|", "Vulnerable|CVE-2022-41040,CVE-2022-41082", "Vulnerable|CVE-2022-41080,CVE-2022-41082")] // CU19 May21SU
    [InlineData("15.1.2308.8", "Patched|", "Patched|", "Vulnerable|CVE-2022-41040,CVE-2022-41082", "Vulnerable|CVE-2022-41080,CVE-2022-41082")] // CU21 includes the spring fixes
    [InlineData("15.1.2507.16", "Patched|", "Patched|", "Patched|", "Patched|")] // CU23 Nov22SU
    [InlineData("15.2.1118.7", "Patched|", "Patched|", "Vulnerable|CVE-2022-41040,CVE-2022-41082", "Vulnerable|CVE-2022-41080,CVE-2022-41082")] // 2019 CU12
    [InlineData("15.0.1497.44", "Patched|", "Patched|", "Patched|", "Patched|")] // 2013 CU23 Nov22SU
    [InlineData("14.3.513.0", "Patched|", "NotApplicable|", "NotApplicable|", "NotApplicable|")] // Exchange 2010 SP3 RU32
    public void Each_campaign_gets_the_builds_open_cves_from_the_catalog(string build, string proxyLogon, string proxyShell, string proxyNotShell, string owassrf)
    {
        var evidence = Read("EX01", FindingCategory.HttpProxy);
        evidence.Build = Audit(build);

        var audit = ServerVerdict.Decide(evidence);

        Assert.Equal(
            [proxyLogon, proxyShell, proxyNotShell, owassrf],
            audit.Campaigns.Select(c => c.PatchStatus + "|" + string.Join(",", c.MissingCves)));
    }

    [Fact]
    public void Without_a_build_or_evidence_every_campaign_is_unknown()
    {
        var nothing = ServerVerdict.Decide(new ServerEvidence("EX01", "triage"));
        var unreachable = ServerVerdict.Decide(new ServerEvidence("EX02", "remote") { NotAuditedReason = "WinRM refused the connection." });
        var newer = Read("EX03", FindingCategory.HttpProxy);
        newer.Build = Audit("15.2.9999.1");

        Assert.All(nothing.Campaigns.Concat(unreachable.Campaigns), c => Assert.Equal((AuditStatus.Unknown, CampaignPatchStatus.Unknown), (c.Status, c.PatchStatus)));
        Assert.Equal(4, nothing.Campaigns.Count);
        Assert.All(ServerVerdict.Decide(newer).Campaigns, c => Assert.Equal((AuditStatus.Clean, CampaignPatchStatus.Unknown), (c.Status, c.PatchStatus)));
    }

    private static ServerEvidence Read(string server, FindingCategory category)
    {
        var evidence = new ServerEvidence(server, "triage");
        evidence.Coverage.Add(new ScanCoverage(server, category, category == FindingCategory.FileSystem ? "WebFolders" : "HttpProxy/Owa")
        {
            Files = 4,
            Bytes = 4096,
            FirstTimestamp = category == FindingCategory.FileSystem ? null : new DateTime(2021, 3, 1, 8, 0, 0, DateTimeKind.Utc),
            LastTimestamp = category == FindingCategory.FileSystem ? null : new DateTime(2021, 3, 5, 18, 0, 0, DateTimeKind.Utc),
        });
        return evidence;
    }

    private static BuildAudit Audit(string build)
    {
        var observation = new BuildInputReader().ReadText(build, BuildVersionSource.FileVersion).Observation;
        Assert.NotNull(observation);
        return new BuildAuditor(BuildCatalog.Embedded).Audit(observation);
    }
}
