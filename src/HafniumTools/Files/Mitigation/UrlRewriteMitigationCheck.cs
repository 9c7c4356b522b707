using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using HafniumTools.Model;

namespace HafniumTools.Files.Mitigation;

/// <summary>
/// The ProxyNotShell URL-rewrite mitigation as IIS has it on disk (<c>web.config</c>, <c>applicationHost.config</c>):
/// which version of the rule a server has and which published request shapes it does not stop, as context for the
/// log findings; and a child configuration that clears or removes the inherited rule. The versions, from
/// CSS-Exchange's EOMTv2 history: 2022-09-29 <c>.*autodiscover\.json.*\@.*Powershell.*</c> on REQUEST_URI;
/// 2022-10-03 without the <c>@</c>; 2022-10-05 on <c>{UrlDecode:{REQUEST_URI}}</c>; 2022-10-07 (final, EEMS M1.1)
/// <c>(?=.*autodiscover)(?=.*powershell)</c>. None stops OWASSRF.
/// </summary>
internal static class UrlRewriteMitigationCheck
{
    private const string Source = "MSRC 2022-09-29 guidance; CSS-Exchange EOMTv2 commits df8c76232, d9250a58d, d7c17ba3f, dddb599f2; HealthChecker CVE-2022-41040 check";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private static readonly Regex RuleElement = new(@"<rule\b(?<attributes>[^>]*)>(?<body>[\s\S]*?)</rule>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);
    private static readonly Regex NameAttribute = new(@"\bname\s*=\s*""(?<name>[^""]*)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);
    private static readonly Regex ClearedRules = new(@"<rewrite>[\s\S]*?<rules>\s*(?:<!--[\s\S]*?-->\s*)*<clear\s*/>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);
    private static readonly Regex RemovedRule = new(@"<remove\s+name\s*=\s*""(?<name>[^""]*(?:PowerShell|RequestBlocking)[^""]*)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);

    public static readonly DetectionRule MitigationPresent = new(
        "HT-MIT-001", FindingCategory.FileSystem, Severity.Informational, Verdict.Context,
        "ProxyNotShell URL-rewrite mitigation in IIS configuration",
        "The autodiscover/PowerShell request-blocking rule is configured; the detail names its version and the request shapes it does not stop (OWASSRF always passes).",
        Source, "CVE-2022-41040", "CVE-2022-41082", "CVE-2022-41080") { Campaign = Campaign.ProxyNotShell };

    public static readonly DetectionRule MitigationCleared = new(
        "HT-MIT-002", FindingCategory.FileSystem, Severity.Low, Verdict.Anomaly,
        "Inherited URL-rewrite rules cleared or removed in a child configuration",
        "A <clear/> in <rewrite><rules> or a <remove> of the PowerShell blocking rule in a web.config undoes the mitigation for that folder (HealthChecker checks this).",
        Source, "CVE-2022-41040", "CVE-2022-41082") { Campaign = Campaign.ProxyNotShell };

    public static IReadOnlyList<DetectionRule> All { get; } = [MitigationPresent, MitigationCleared];

    /// <summary>True for the IIS configuration files this check reads.</summary>
    public static bool Applies(string fileName) =>
        string.Equals(fileName, "web.config", StringComparison.OrdinalIgnoreCase) || string.Equals(fileName, "applicationHost.config", StringComparison.OrdinalIgnoreCase);

    /// <summary>What the configuration text says about the mitigation; <paramref name="make"/> builds a finding (rule, offset, detail).</summary>
    public static IReadOnlyList<Finding> Inspect(string text, Func<DetectionRule, int, string, Finding> make)
    {
        var findings = new List<Finding>();
        if (text.IndexOf("<rewrite", StringComparison.OrdinalIgnoreCase) < 0 && text.IndexOf("<remove", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return findings;
        }

        try
        {
            foreach (Match rule in RuleElement.Matches(text))
            {
                string body = System.Net.WebUtility.HtmlDecode(rule.Groups["body"].Value);
                if (body.IndexOf("powershell", StringComparison.OrdinalIgnoreCase) < 0 || body.IndexOf("autodiscover", StringComparison.OrdinalIgnoreCase) < 0)
                {
                    continue;
                }

                string name = NameAttribute.Match(rule.Groups["attributes"].Value) is { Success: true } n ? n.Groups["name"].Value : "(unnamed)";
                bool disabled = rule.Groups["attributes"].Value.IndexOf("enabled=\"false\"", StringComparison.OrdinalIgnoreCase) >= 0;
                findings.Add(make(MitigationPresent, rule.Index, "Rule '" + name + "'" + (disabled ? " (disabled: it stops nothing)" : string.Empty) + ": " + Version(body)));
            }

            if (ClearedRules.Match(text) is { Success: true } cleared)
            {
                findings.Add(make(MitigationCleared, cleared.Index, "<rewrite><rules><clear/>: every inherited rewrite rule, the mitigation included, is off below this folder."));
            }

            foreach (Match removed in RemovedRule.Matches(text))
            {
                findings.Add(make(MitigationCleared, removed.Index, "<remove name=\"" + removed.Groups["name"].Value + "\"/>: the inherited blocking rule is off below this folder."));
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // A configuration this odd is reported by nothing rather than half-read.
        }

        return findings;
    }

    private static string Version(string body)
    {
        const string Owassrf = "OWASSRF (/owa/<mailbox>/powershell) passes every version; only the November 2022 SU fixes it";
        if (body.IndexOf("(?=.*autodiscover)", StringComparison.OrdinalIgnoreCase) >= 0 && body.IndexOf("(?=.*powershell)", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return "the final 2022-10-07 version (EEMS M1.1). Not stopped: " + Owassrf + ".";
        }

        if (body.IndexOf("UrlDecode:", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return "the 2022-10-05 version (decoded URI). Not stopped: 'powershell' before 'autodiscover.json' (/autodiscover/x@y//powershell/autodiscover.json); " + Owassrf + ".";
        }

        if (body.IndexOf("@", StringComparison.Ordinal) >= 0)
        {
            return "the first, 2022-09-29 version (needs '@', undecoded URI). Not stopped: no-'@' forms (a..x, %40), percent-encoded 'powershell' (%50owershell), 'powershell' before 'autodiscover.json'; " + Owassrf + ".";
        }

        return "the 2022-10-03 version (undecoded URI). Not stopped: percent-encoded 'powershell' (%50owershell), 'powershell' before 'autodiscover.json'; " + Owassrf + ".";
    }
}
