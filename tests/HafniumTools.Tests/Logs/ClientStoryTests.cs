using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HafniumTools.Logs;
using HafniumTools.Model;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Logs;

/// <summary>Issue 11, item 9: findings from one client tell one story, across files.</summary>
public class ClientStoryTests
{
    private static string Row(string time, string ip, string anchor, string stem, string status)
    {
        var names = LogFieldMap.HttpProxyFields;
        return string.Join(",", names.Select(n => n switch
        {
            "DateTime" => time,
            "ClientIpAddress" => ip,
            "AnchorMailbox" => anchor,
            "UrlStem" => stem,
            "HttpStatus" => status,
            "Method" => "POST",
            "ServerHostName" => "EXCH05",
            "IsAuthenticated" => "False",
            "RoutingHint" => "X-BEResource-Cookie",
            _ => string.Empty,
        }));
    }

    private static void WriteLog(string path, params string[] rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join(",", LogFieldMap.HttpProxyFields) + "\r\n" + string.Join("\r\n", rows) + "\r\n");
    }

    [Fact]
    public void An_autodiscover_attempt_is_annotated_with_what_the_same_client_did_next_in_another_file()
    {
        string dir = TempDir();
        try
        {
            string proxy = Path.Combine(dir, "EXCH05", "Logging", "HttpProxy");
            WriteLog(
                Path.Combine(proxy, "Autodiscover", "HttpProxy_2021030302-1.LOG"),
                Row("2021-03-03T02:10:00.100Z", "198.51.100.7", "ServerInfo~a]@EXCH05.contoso.local:444/autodiscover/autodiscover.xml?#", "/ecp/y.js", "200"),
                Row("2021-03-03T02:30:00.100Z", "198.51.100.99", "ServerInfo~a]@EXCH05.contoso.local:444/autodiscover/autodiscover.xml?#", "/ecp/y.js", "200"));
            WriteLog(
                Path.Combine(proxy, "Ecp", "HttpProxy_2021030302-1.LOG"),
                Row("2021-03-03T02:10:03.400Z", "198.51.100.7", "ServerInfo~a]@EXCH05.contoso.local:444/ecp/proxyLogon.ecp?#", "/ecp/y.js", "241"));

            var hunt = Hunt([dir]);

            var followed = Assert.Single(hunt.Findings, f => f.RuleId == "HT-HP-020" && f.ClientIp == "198.51.100.7");
            Assert.Equal(Verdict.Attempt, followed.Verdict);
            Assert.Contains("got further: HT-HP-010 Exploitation at 2021-03-03 02:10:03Z", followed.Detail, StringComparison.Ordinal);
            Assert.Contains("Ecp", followed.Detail, StringComparison.Ordinal);
            var alone = Assert.Single(hunt.Findings, f => f.RuleId == "HT-HP-020" && f.ClientIp == "198.51.100.99");
            Assert.DoesNotContain("got further", alone.Detail, StringComparison.Ordinal);
            Assert.Single(hunt.Findings, f => f.RuleId == "HT-HP-010");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static readonly DetectionRule AttemptRule = new(
        "HT-TEST-A", FindingCategory.HttpProxy, Severity.Medium, Verdict.Attempt, "An attempt", "Because.", "unit test", "CVE-2021-26855");

    private static readonly DetectionRule StepRule = new(
        "HT-TEST-X", FindingCategory.HttpProxy, Severity.Critical, Verdict.Exploitation, "A step", "Because.", "unit test", "CVE-2021-26855");

    private static Finding Made(DetectionRule rule, string ip, int minute) =>
        new(rule, "EXCH05") { ClientIp = ip, Timestamp = new DateTimeOffset(2021, 3, 3, 2, 0, 0, TimeSpan.Zero).AddMinutes(minute), Path = "/logs/x.log", LineNumber = minute };

    [Fact]
    public void Attempts_past_the_bound_are_reported_at_once_and_say_they_were_not_checked()
    {
        var story = new ClientStory([]);
        for (int i = 0; i < ClientStory.MaxHeld; i++)
        {
            Assert.Null(story.Hold(Made(AttemptRule, "198.51.100." + (i % 250), i % 600)));
        }

        var now = story.Hold(Made(AttemptRule, "203.0.113.9", 1));

        Assert.NotNull(now);
        Assert.Contains("Not checked against what the same client did next", now!.Detail, StringComparison.Ordinal);
        Assert.Equal(ClientStory.MaxHeld, story.Told().Count());
    }

    [Fact]
    public void Later_steps_past_the_bound_are_not_kept_and_an_attempt_with_none_kept_says_so()
    {
        var story = new ClientStory([]);
        Assert.Null(story.Hold(Made(AttemptRule, "203.0.113.9", 0)));
        Assert.Null(story.Hold(Made(AttemptRule, "203.0.113.10", 0)));
        var first = Made(StepRule, "203.0.113.10", 1);
        Assert.Same(first, story.Hold(first));
        for (int i = 0; i < ClientStory.MaxSteps; i++)
        {
            var step = Made(StepRule, "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256), 2);
            Assert.Same(step, story.Hold(step));
        }

        // Past the bound: 203.0.113.9's own step is reported but not remembered.
        var late = Made(StepRule, "203.0.113.9", 3);
        Assert.Same(late, story.Hold(late));

        var told = story.Told().ToList();
        var notChecked = Assert.Single(told, f => f.ClientIp == "203.0.113.9");
        Assert.DoesNotContain("got further", notChecked.Detail, StringComparison.Ordinal);
        Assert.Contains("more later steps than this hunt remembers", notChecked.Detail, StringComparison.Ordinal);
        var followed = Assert.Single(told, f => f.ClientIp == "203.0.113.10");
        Assert.Contains("got further: HT-TEST-X Exploitation at 2021-03-03 02:01:00Z", followed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cmdlet_whose_server_lost_its_sessions_to_the_bound_says_so_and_one_with_a_session_kept_is_promoted()
    {
        var promoted = new DetectionRule(
            "HT-TEST-P", FindingCategory.EventLog, Severity.High, Verdict.Exploitation, "Promoted", "Because.", "unit test", "CVE-2021-34473") { Campaign = Campaign.ProxyShell };
        var cmdletRule = new DetectionRule(
            "HT-TEST-C", FindingCategory.EventLog, Severity.Low, Verdict.Context, "An admin cmdlet", "Because.", "unit test")
        {
            InProxiedSession = new Dictionary<Campaign, DetectionRule> { [Campaign.ProxyShell] = promoted },
        };
        var sessionRule = new DetectionRule(
            "HT-TEST-S", FindingCategory.HttpProxy, Severity.Critical, Verdict.Exploitation, "A proxied session", "Because.", "unit test", "CVE-2021-34473")
        { Campaign = Campaign.ProxyShell, Stage = AttackStage.Session };
        var at = new DateTimeOffset(2021, 8, 13, 9, 0, 0, TimeSpan.Zero);
        var story = new ClientStory([cmdletRule, promoted, sessionRule]);

        var session = new Finding(sessionRule, "EXCH08") { Timestamp = at.AddMinutes(-2) };
        Assert.Same(session, story.Hold(session));
        Assert.Null(story.Hold(new Finding(cmdletRule, "EXCH08") { Timestamp = at }));
        Assert.Null(story.Hold(new Finding(cmdletRule, "EXCH09") { Timestamp = at }));
        for (int i = 0; i < ClientStory.MaxSteps; i++)
        {
            story.Hold(new Finding(sessionRule, "OTHER" + (i % 100)) { Timestamp = at });
        }

        // Past the bound: EXCH09's own session is reported but not remembered.
        story.Hold(new Finding(sessionRule, "EXCH09") { Timestamp = at.AddMinutes(-1) });

        var told = story.Told().ToList();
        var kept = Assert.Single(told, f => f.ComputerName == "EXCH08");
        Assert.Equal("HT-TEST-P", kept.RuleId);
        Assert.Equal(Verdict.Exploitation, kept.Verdict);
        var lost = Assert.Single(told, f => f.ComputerName == "EXCH09");
        Assert.Equal("HT-TEST-C", lost.RuleId);
        Assert.Contains("Not checked against the proxied sessions of its server (more proxied sessions than this hunt remembers)", lost.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Routine for an admin", lost.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_attempt_the_hunt_does_not_report_is_not_held()
    {
        var story = new ClientStory([], f => f.RuleId != AttemptRule.Id);
        var attempt = Made(AttemptRule, "203.0.113.9", 0);

        Assert.Same(attempt, story.Hold(attempt));
        Assert.Empty(story.Told());
    }
}
