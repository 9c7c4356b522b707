using System;
using System.Collections.Generic;
using HafniumTools.Model;
using static HafniumTools.Logs.Waves.WaveCves;

namespace HafniumTools.Logs.Waves;

/// <summary>
/// The ProxyShell (HT-PXS), ProxyNotShell (HT-PNS) and OWASSRF (HT-OWS) request rules of one front-end log: ids
/// 0xx for IIS W3C, 1xx for HttpProxy. Each shape and grade of <see cref="WaveRequestJudge"/> maps to one rule.
/// </summary>
internal sealed class WaveRequestRules
{
    // By shape and grade. An array, not a dictionary keyed by the pair: built while a hunt starts, where a generic
    // dictionary over a value-type key is more code to compile and an equality comparer made by reflection.
    private static readonly int Grades = Enum.GetValues(typeof(WaveGrade)).Length;
    private static readonly int Shapes = Enum.GetValues(typeof(WaveShape)).Length;
    private readonly DetectionRule?[] _rules = new DetectionRule?[Shapes * Grades];

    private WaveRequestRules(FindingCategory category, int offset)
    {
        string log = category == FindingCategory.Iis ? "IIS" : "HttpProxy";
        Add(WaveShape.ProxyShellPowerShell, WaveGrade.Reached, Rule("HT-PXS", offset + 1, category, Severity.Critical, Verdict.Exploitation, Campaign.ProxyShell,
            "ProxyShell: PowerShell back end reached through the autodiscover SSRF (" + log + ")",
            "An anonymous autodiscover.json explicit-logon request carrying a forged X-Rps-CAT token was answered 2xx: the attacker ran Exchange cmdlets as the impersonated user.",
            SourceProxyShell, Cve34473, Cve34523));
        Add(WaveShape.ProxyShellBackEnd, WaveGrade.Reached, Rule("HT-PXS", offset + 2, category, Severity.High, Verdict.Exploitation, Campaign.ProxyShell,
            "ProxyShell: back-end path reached through the autodiscover SSRF (" + log + ")",
            "An anonymous autodiscover.json request with a back-end path after the explicit-logon address was answered 2xx: autodiscover.xml leaks the LegacyDN, /mapi/emsmdb the SID, EWS plants the draft.",
            SourceProxyShell, Cve34473));
        Add(WaveShape.ProxyShellPowerShell, WaveGrade.Refused, Rule("HT-PXS", offset + 10, category, Severity.Medium, Verdict.Attempt, Campaign.ProxyShell,
            "ProxyShell: PowerShell SSRF attempt not answered (" + log + ")",
            "The ProxyShell PowerShell request was refused (401 on a patched server) or failed: an attempt, not an exploitation.",
            SourceProxyShell, Cve34473, Cve34523));
        Add(WaveShape.ProxyShellBackEnd, WaveGrade.Refused, Rule("HT-PXS", offset + 11, category, Severity.Medium, Verdict.Attempt, Campaign.ProxyShell,
            "ProxyShell: autodiscover SSRF attempt not answered (" + log + ")",
            "The autodiscover SSRF request was refused or failed (401 on a patched server): an attempt.",
            SourceProxyShell, Cve34473));
        Add(WaveShape.ProxyShellProbe, WaveGrade.Probe, Rule("HT-PXS", offset + 20, category, Severity.Low, Verdict.Probe, Campaign.ProxyShell,
            "ProxyShell vulnerability check (" + log + ")",
            "A single autodiscover SSRF request for /mapi/nspi or /owa is how scanners test for ProxyShell; nothing follows it.",
            SourceProxyShell, Cve34473));
        Add(WaveShape.ProxyShellProbe, WaveGrade.ProbeAnswered, Rule("HT-PXS", offset + 21, category, Severity.Medium, Verdict.Probe, Campaign.ProxyShell,
            "ProxyShell vulnerability check answered: server vulnerable (" + log + ")",
            "The server answered a scanner's /mapi/nspi SSRF check with 2xx: it was vulnerable when checked; that alone is not a compromise.",
            SourceProxyShell, Cve34473));

        Add(WaveShape.ProxyNotShellPowerShell, WaveGrade.Reached, Rule("HT-PNS", offset + 1, category, Severity.Critical, Verdict.Exploitation, Campaign.ProxyNotShell,
            "ProxyNotShell: PowerShell back end reached through the autodiscover SSRF (" + log + ")",
            "An autodiscover.json explicit-logon request for the PowerShell back end was answered 2xx: the remoting payload of CVE-2022-41082 was delivered.",
            SourceProxyNotShell, Cve41040, Cve41082));
        Add(WaveShape.ProxyNotShellBackEnd, WaveGrade.Reached, Rule("HT-PNS", offset + 2, category, Severity.High, Verdict.Exploitation, Campaign.ProxyNotShell,
            "ProxyNotShell: back-end path reached through the autodiscover SSRF (" + log + ")",
            "An authenticated (or mitigation-evading) autodiscover.json request with a back-end path was answered 2xx: the SSRF worked.",
            SourceProxyNotShell, Cve41040));
        Add(WaveShape.ProxyNotShellPowerShell, WaveGrade.Refused, Rule("HT-PNS", offset + 10, category, Severity.Medium, Verdict.Attempt, Campaign.ProxyNotShell,
            "ProxyNotShell: PowerShell SSRF attempt not answered (" + log + ")",
            "The request was not answered 2xx. NTLM handshakes answer 401 before the real request, so look for a 200 from the same client.",
            SourceProxyNotShell, Cve41040, Cve41082));
        Add(WaveShape.ProxyNotShellBackEnd, WaveGrade.Refused, Rule("HT-PNS", offset + 11, category, Severity.Medium, Verdict.Attempt, Campaign.ProxyNotShell,
            "ProxyNotShell: autodiscover SSRF attempt not answered (" + log + ")",
            "The autodiscover SSRF request was not answered 2xx: an attempt.",
            SourceProxyNotShell, Cve41040));
        var notShellProbe = Rule("HT-PNS", offset + 20, category, Severity.Low, Verdict.Probe, Campaign.ProxyNotShell,
            "ProxyNotShell vulnerability check (" + log + ")",
            "FooProtocol=Powershell, @zdi/Powershell without credentials and Nessus's @test.com are scanners' checks for CVE-2022-41040.",
            SourceProxyNotShell, Cve41040);
        Add(WaveShape.ProxyNotShellProbe, WaveGrade.Probe, notShellProbe);
        Add(WaveShape.ProxyNotShellProbe, WaveGrade.ProbeAnswered, notShellProbe);

        Add(WaveShape.OwassrfPowerShell, WaveGrade.Reached, Rule("HT-OWS", offset + 1, category, Severity.Critical, Verdict.Exploitation, Campaign.OWASSRF,
            "OWASSRF: PowerShell back end reached through OWA (" + log + ")",
            "/owa/<mailbox>/powershell answered 2xx: the CVE-2022-41080 SSRF delivered a PowerShell remoting request (CVE-2022-41082); no legitimate client uses this path.",
            SourceOwassrf, Cve41080, Cve41082));
        Add(WaveShape.OwassrfPowerShell, WaveGrade.Refused, Rule("HT-OWS", offset + 10, category, Severity.Medium, Verdict.Attempt, Campaign.OWASSRF,
            "OWASSRF attempt not answered (" + log + ")",
            "/owa/<mailbox>/powershell was redirected to logon (302) or refused: an attempt.",
            SourceOwassrf, Cve41080, Cve41082));
    }

    public static WaveRequestRules Iis { get; } = new(FindingCategory.Iis, 0);

    public static WaveRequestRules HttpProxy { get; } = new(FindingCategory.HttpProxy, 100);

    private readonly List<DetectionRule> _all = [];

    public IReadOnlyList<DetectionRule> All => _all;

    public DetectionRule For(WaveMatch match) =>
        _rules[Slot(match.Shape, match.Grade)] ?? throw new KeyNotFoundException("No rule for " + match.Shape + " " + match.Grade + ".");

    private static DetectionRule Rule(string family, int number, FindingCategory category, Severity severity, Verdict verdict, Campaign campaign, string title, string rationale, string source, params string[] cves) =>
        new(family + "-" + number.ToString("000", System.Globalization.CultureInfo.InvariantCulture), category, severity, verdict, title, rationale, source, cves)
        {
            Campaign = campaign,

            // A PowerShell back end that answered is a session as the impersonated user, not only an SSRF.
            Stage = verdict == Verdict.Exploitation && severity == Severity.Critical ? AttackStage.Session : DetectionRule.DefaultStage(verdict, category),
        };

    private static int Slot(WaveShape shape, WaveGrade grade) => ((int)shape * Grades) + (int)grade;

    private void Add(WaveShape shape, WaveGrade grade, DetectionRule rule)
    {
        _rules[Slot(shape, grade)] = rule;
        if (!_all.Contains(rule))
        {
            _all.Add(rule);
        }
    }
}
