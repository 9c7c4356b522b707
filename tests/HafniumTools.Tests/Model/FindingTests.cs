using System;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Model;

public class FindingTests
{
    private static readonly DetectionRule Rule = new(
        "HT-TEST-001", FindingCategory.HttpProxy, Severity.High, Verdict.Exploitation,
        "Test rule", "Because it is a test.", "unit test", "CVE-2021-26855", "CVE-2021-27065");

    [Fact]
    public void Copies_rule_identity_into_the_finding()
    {
        var finding = new Finding(Rule, "EX01");

        Assert.Equal("HT-TEST-001", finding.RuleId);
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal(Verdict.Exploitation, finding.Verdict);
        Assert.Equal(new[] { "CVE-2021-26855", "CVE-2021-27065" }, finding.Cve);
        Assert.Equal("CVE-2021-26855, CVE-2021-27065", finding.Cve.ToString());
        Assert.Equal("Because it is a test.", finding.Rationale);
    }

    [Fact]
    public void Evidence_is_path_and_line_then_path_then_url()
    {
        Assert.Equal("/logs/a.log:42", new Finding(Rule, null) { Path = "/logs/a.log", LineNumber = 42, Url = "https://x/" }.Evidence);
        Assert.Equal("/logs/a.log", new Finding(Rule, null) { Path = "/logs/a.log" }.Evidence);
        Assert.Equal("https://x/ecp/", new Finding(Rule, null) { Url = "https://x/ecp/" }.Evidence);
        Assert.Equal("explicit", new Finding(Rule, null) { Path = "/p", Evidence = "explicit" }.Evidence);
    }

    [Fact]
    public void Times_keep_their_instant_and_are_shown_in_UTC()
    {
        var eastOfUtc = new DateTimeOffset(2021, 3, 2, 12, 0, 0, TimeSpan.FromHours(2));
        var utc = new DateTime(2021, 3, 2, 10, 0, 0, DateTimeKind.Utc);

        var finding = new Finding(Rule, null) { Timestamp = eastOfUtc, FileCreated = eastOfUtc, FileModified = utc };

        foreach (var time in new[] { finding.Timestamp, finding.FileCreated, finding.FileModified })
        {
            Assert.Equal(TimeSpan.Zero, time!.Value.Offset);
            Assert.Equal(utc, time.Value.UtcDateTime);
        }
    }

    [Fact]
    public void Raw_text_is_cut_at_the_limit_and_marked()
    {
        var finding = new Finding(Rule, null) { RawText = new string('a', Finding.MaxRawTextLength + 10) };

        Assert.StartsWith(new string('a', Finding.MaxRawTextLength), finding.RawText, StringComparison.Ordinal);
        Assert.EndsWith("[truncated]", finding.RawText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_without_an_id_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new DetectionRule(" ", FindingCategory.Build, Severity.Low, Verdict.Context, "t", "r", "s"));
    }
}
