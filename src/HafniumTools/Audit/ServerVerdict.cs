using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HafniumTools.Builds;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Audit;

/// <summary>
/// Decides one server's verdict from its evidence: the status (the worst thing the evidence shows, never Clean when
/// nothing was read), the sentence that says why, the timeline, the attacker addresses and planted files, the coverage
/// gaps and what to do. The one place a server's findings become a verdict, for local, triage and remote audits alike.
/// </summary>
internal static class ServerVerdict
{
    /// <summary>How many deciding rules the summary names before it says "and N more".</summary>
    private const int RulesNamedInSummary = 4;

    public static ServerAudit Decide(ServerEvidence evidence)
    {
        if (evidence is null)
        {
            throw new ArgumentNullException(nameof(evidence));
        }

        var findings = evidence.Findings.OrderBy(f => f.Timestamp ?? DateTimeOffset.MaxValue).ThenBy(f => f.RuleId, StringComparer.Ordinal).ToArray();
        var coverage = evidence.Coverage.ToArray();
        // Clean needs logs: the SSRF, the ECP writes and shells answering are seen only there; a folder of files alone
        // (web folders, a build note) cannot rule the attack out.
        bool readSomething = coverage.Any(c => c.Category != FindingCategory.FileSystem && !c.NothingRead) || findings.Length > 0;
        var status = StatusFrom(evidence, findings, readSomething);
        var deciding = DecidingRules(findings, status);
        var campaigns = CampaignVerdicts(evidence, findings, readSomething).ToArray();
        var hostile = findings.Where(f => StatusOf(f) >= AuditStatus.Attempted).ToList();
        var gaps = CoverageGaps(coverage, evidence).ToArray();
        var planted = PlantedFiles(findings).ToArray();

        return new ServerAudit
        {
            ComputerName = evidence.ComputerName,
            Status = status,
            Summary = Summary(evidence, status, deciding, findings, coverage, gaps),
            DecidingRuleIds = new TextList(deciding),
            Campaigns = new CampaignStatusList(campaigns),
            PatchStatus = evidence.Build?.ProxyLogonStatus ?? ProxyLogonStatus.Unknown,
            Build = evidence.Build?.Version,
            BuildName = evidence.Build?.BuildName ?? evidence.Build?.ProductName ?? string.Empty,
            BuildSource = evidence.BuildSource ?? string.Empty,
            MissingCves = evidence.Build?.MissingCves ?? TextList.Empty,
            OpenCves = evidence.Build?.OpenCves ?? TextList.Empty,
            RecommendedUpdate = evidence.Build?.RecommendedUpdate is not string update ? string.Empty
                : evidence.Build.RecommendedKb is string kb ? update + " (" + kb + ")" : update,
            PatchReason = evidence.Build?.Reason ?? string.Empty,
            FirstHostileActivity = hostile.Select(Time).Where(t => t is not null).Min(),
            LastHostileActivity = hostile.Select(Time).Where(t => t is not null).Max(),
            AttackerAddresses = new TextList(hostile.Where(f => !string.IsNullOrEmpty(f.ClientIp)).Select(f => f.ClientIp).Distinct(StringComparer.OrdinalIgnoreCase)),
            PlantedFiles = new TextList(planted),
            Timeline = new TimelineEventList(Timeline(findings)),
            Coverage = new ScanCoverageList(coverage),
            CoverageGaps = new TextList(gaps),
            Errors = new TextList(evidence.Problems.Where(p => p.Level == ProblemLevel.Error).Select(p => p.ErrorId + ": " + p.Message).Distinct(StringComparer.Ordinal)),
            RecommendedActions = new TextList(Actions(evidence, status, findings, planted, gaps, campaigns)),
            Findings = new FindingList(findings),
            AuditedAt = evidence.AuditedAt,
            Origin = evidence.Origin,
        };
    }

    /// <summary>
    /// The worst the findings show; with none, Clean when evidence was read and Unknown otherwise (or when the server
    /// could not be audited at all). The one rule for the server's status and each campaign's.
    /// </summary>
    private static AuditStatus StatusFrom(ServerEvidence evidence, IReadOnlyList<Finding> findings, bool readSomething) =>
        evidence.NotAuditedReason is not null ? AuditStatus.Unknown
            : findings.Select(StatusOf).DefaultIfEmpty(AuditStatus.Clean).Max() is var worst && worst > AuditStatus.Clean ? worst
            : readSomething ? AuditStatus.Clean
            : AuditStatus.Unknown;

    /// <summary>The rules of the findings that reach <paramref name="status"/>, in id order; none for Clean or Unknown.</summary>
    private static string[] DecidingRules(IEnumerable<Finding> findings, AuditStatus status) =>
        status is AuditStatus.Clean or AuditStatus.Unknown
            ? []
            : findings.Where(f => StatusOf(f) == status).Select(f => f.RuleId).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Each campaign's verdict: its own findings judged by the same rule as the server's status, and the build's
    /// verdict on its CVEs. The server's status is the worst of them, since every finding belongs to one campaign.
    /// </summary>
    private static IEnumerable<CampaignStatus> CampaignVerdicts(ServerEvidence evidence, IReadOnlyList<Finding> findings, bool readSomething)
    {
        foreach (var campaign in CampaignPatchCheck.Campaigns)
        {
            var own = findings.Where(f => f.Campaign == campaign).ToList();
            var status = StatusFrom(evidence, own, readSomething);
            var (patch, missing) = CampaignPatchCheck.Judge(evidence.Build, campaign);
            yield return new CampaignStatus
            {
                Campaign = campaign,
                Status = status,
                PatchStatus = patch,
                MissingCves = new TextList(missing),
                DecidingRuleIds = new TextList(DecidingRules(own, status)),
                Findings = own.Count,
            };
        }
    }

    /// <summary>What one finding says about the server, on the status scale.</summary>
    internal static AuditStatus StatusOf(Finding finding) => finding.Verdict switch
    {
        Verdict.Compromise => AuditStatus.Compromised,
        Verdict.Exploitation => AuditStatus.Exploited,
        Verdict.Attempt => AuditStatus.Attempted,
        Verdict.Probe => AuditStatus.Probed,

        // What attackers do once in (a credential dump) is proof of compromise, whatever verdict the file rule gives it alone.
        _ when finding.Stage == AttackStage.PostExploitation && finding.Severity >= Severity.Medium => AuditStatus.Compromised,
        _ => AuditStatus.Clean,
    };

    private static DateTimeOffset? Time(Finding finding) => finding.Timestamp ?? finding.FileModified;

    private static IEnumerable<string> PlantedFiles(IEnumerable<Finding> findings) =>
        findings
            .Where(f => f.Category == FindingCategory.FileSystem && !string.IsNullOrEmpty(f.Path) && StatusOf(f) >= AuditStatus.Exploited)
            .Select(f => f.Path!)
            .Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>Findings of one stage from one client (or about one file) folded into one step, oldest first.</summary>
    private static IEnumerable<TimelineEvent> Timeline(IEnumerable<Finding> findings) =>
        findings
            .Where(f => f.Stage != AttackStage.None && StatusOf(f) >= AuditStatus.Probed)
            .GroupBy(f => (f.Stage, Who: f.ClientIp ?? (f.Category == FindingCategory.FileSystem ? f.Path : null) ?? string.Empty))
            .Select(g =>
            {
                var strongest = g.OrderBy(f => f.Verdict).ThenByDescending(f => f.Severity).First();
                var times = g.Select(Time).Where(t => t is not null).ToList();
                return new TimelineEvent
                {
                    Time = times.Min(),
                    LastTime = times.Max(),
                    Stage = g.Key.Stage,
                    Verdict = strongest.Verdict,
                    Severity = strongest.Severity,
                    Description = strongest.Title,
                    RuleIds = new TextList(g.Select(f => f.RuleId).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal)),
                    ClientIp = strongest.ClientIp,
                    Count = g.Count(),
                    Evidence = strongest.Evidence,
                };
            })
            .OrderBy(e => e.Time ?? DateTimeOffset.MaxValue)
            .ThenBy(e => e.Stage);

    private static IEnumerable<string> CoverageGaps(IReadOnlyList<ScanCoverage> coverage, ServerEvidence evidence)
    {
        if (evidence.NotAuditedReason is not null)
        {
            yield return evidence.NotAuditedReason;
            yield break;
        }

        foreach (var (category, what, rulesOut) in ExpectedSources)
        {
            var read = coverage.Where(c => c.Category == category).ToList();
            if (read.Count == 0)
            {
                yield return "No " + what + " were read: " + rulesOut + " cannot be ruled out.";
            }
            else if (read.All(c => c.NothingRead))
            {
                yield return "The " + what + " could not be read (" + read.Sum(c => c.UnreadableFiles) + " unreadable, " + read.Sum(c => c.SkippedFiles) + " skipped): " + rulesOut + " cannot be ruled out.";
            }
        }

        foreach (var source in coverage.Where(c => c.UnreadableFiles > 0 && !c.NothingRead))
        {
            yield return string.Format(CultureInfo.InvariantCulture, "{0}: {1} of {2} files could not be read.", source.Source, source.UnreadableFiles, source.Files);
        }

        var requests = coverage.Where(c => c.Category is FindingCategory.HttpProxy or FindingCategory.Iis && c.FirstTimestamp is not null).ToList();
        if (requests.Count > 0 && requests.Min(c => c.FirstTimestamp!.Value) > ExploitationBegan)
        {
            yield return string.Format(
                CultureInfo.InvariantCulture,
                "The request logs begin {0:yyyy-MM-dd}: attacks before then (ProxyLogon was exploited from {1:MMMM yyyy}) are not covered; web shells on disk still are.",
                requests.Min(c => c.FirstTimestamp!.Value),
                ExploitationBegan);
        }
    }

    /// <summary>The earliest exploitation of CVE-2021-26855 publicly reported (Volexity, 2021-01-06).</summary>
    private static readonly DateTime ExploitationBegan = new(2021, 1, 6, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The sources a full audit reads, and what goes unseen without each.</summary>
    private static readonly (FindingCategory Category, string What, string RulesOut)[] ExpectedSources =
    [
        (FindingCategory.HttpProxy, "HttpProxy logs", "SSRF (CVE-2021-26855) and web shells answering"),
        (FindingCategory.Ecp, "ECP Server logs", "virtual directories set with script (CVE-2021-27065)"),
        (FindingCategory.FileSystem, "web folders", "web shells on disk"),
    ];

    private static string Summary(ServerEvidence evidence, AuditStatus status, IReadOnlyList<string> deciding, IReadOnlyList<Finding> findings, IReadOnlyList<ScanCoverage> coverage, IReadOnlyList<string> gaps)
    {
        string patch = PatchClause(evidence.Build);
        if (evidence.NotAuditedReason is not null)
        {
            return "Unknown: the server could not be audited: " + evidence.NotAuditedReason.TrimEnd('.') + "." + patch;
        }

        if (status == AuditStatus.Unknown)
        {
            string why = coverage.Count == 0 ? "no evidence could be read (no logs, web folders or event logs were found)"
                : coverage.Any(c => !c.NothingRead) ? "no logs were read (only files on disk, where nothing hostile was found)"
                : "no evidence could be read (every file was unreadable or skipped)";
            return "Unknown: " + why + ", so the attack cannot be ruled out." + patch;
        }

        if (status == AuditStatus.Clean)
        {
            int files = coverage.Sum(c => c.Files - c.UnreadableFiles - c.SkippedFiles);
            var anomalies = findings.Count(f => f.Verdict == Verdict.Anomaly && f.Severity >= Severity.Medium);
            return string.Format(CultureInfo.InvariantCulture, "Clean: nothing hostile in {0} file(s) read{1}{2}.{3}{4}",
                files,
                Span(coverage),
                anomalies > 0 ? string.Format(CultureInfo.InvariantCulture, "; {0} anomal{1} to review", anomalies, anomalies == 1 ? "y" : "ies") : string.Empty,
                gaps.Count > 0 ? " " + gaps[0] : string.Empty,
                patch);
        }

        var decisive = findings.Where(f => StatusOf(f) == status).OrderByDescending(f => f.Severity).ThenBy(f => f.Timestamp ?? DateTimeOffset.MaxValue).First();
        string rules = string.Join(", ", deciding.Take(RulesNamedInSummary)) + (deciding.Count > RulesNamedInSummary ? string.Format(CultureInfo.InvariantCulture, " and {0} more", deciding.Count - RulesNamedInSummary) : string.Empty);
        string when = Time(decisive) is DateTimeOffset t ? " on " + t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : string.Empty;
        string who = string.IsNullOrEmpty(decisive.ClientIp) ? string.Empty : " from " + decisive.ClientIp;
        return status + ": " + LowerFirst(decisive.Title) + when + who + " (" + rules + ")." + patch;
    }

    private static string Span(IReadOnlyList<ScanCoverage> coverage)
    {
        var timed = coverage.Where(c => c.FirstTimestamp is not null && c.LastTimestamp is not null).ToList();
        return timed.Count == 0
            ? string.Empty
            : string.Format(CultureInfo.InvariantCulture, ", logs from {0:yyyy-MM-dd} to {1:yyyy-MM-dd}", timed.Min(c => c.FirstTimestamp!.Value), timed.Max(c => c.LastTimestamp!.Value));
    }

    private static string PatchClause(BuildAudit? build) => build is null
        ? " The build is unknown: give it with -Build, or audit ExSetup.exe's file version."
        : build.ProxyLogonStatus switch
        {
            ProxyLogonStatus.Patched => string.Format(CultureInfo.InvariantCulture, " Build {0} is patched against ProxyLogon.", build.Version),
            ProxyLogonStatus.Vulnerable => string.Format(CultureInfo.InvariantCulture, " Build {0} is vulnerable ({1}).", build.Version, string.Join(", ", build.MissingCves)),
            ProxyLogonStatus.Indeterminate => string.Format(CultureInfo.InvariantCulture, " Build {0} shows the CU but not its security updates: read ExSetup.exe's file version.", build.Version),
            ProxyLogonStatus.NotApplicable => string.Format(CultureInfo.InvariantCulture, " Build {0} is not affected by ProxyLogon.", build.Version),
            _ => string.Format(CultureInfo.InvariantCulture, " Build {0} could not be judged: {1}", build.Version, build.Reason),
        };

    private static IEnumerable<string> Actions(ServerEvidence evidence, AuditStatus status, IReadOnlyList<Finding> findings, IReadOnlyList<string> planted, IReadOnlyList<string> gaps, IReadOnlyList<CampaignStatus> campaigns)
    {
        if (evidence.NotAuditedReason is not null)
        {
            yield return evidence.FixCommand is null ? "Make the server reachable and audit it again." : "Fix and audit again: " + evidence.FixCommand;
        }

        if (status == AuditStatus.Compromised)
        {
            yield return "Treat the server as compromised: isolate it from the network and preserve the evidence (disk image, logs) before changing anything.";
            if (planted.Count > 0)
            {
                yield return "Remove the planted files after preserving them: " + string.Join("; ", planted) + ".";
            }

            if (findings.Any(f => f.Stage == AttackStage.PostExploitation && f.Severity >= Severity.Medium))
            {
                yield return "Credentials were dumped: reset the passwords of every account that signed in to this server, including service and administrator accounts, and the krbtgt account twice.";
            }

            yield return "Rebuild the server from known-good media: removing the files does not remove what the attacker may have installed.";
        }
        else if (status == AuditStatus.Exploited)
        {
            yield return "A vulnerability was used successfully: hunt for what followed (web shells anywhere under the Exchange and IIS folders, new accounts, mailbox exports) and check the OAB and ECP virtual directory URLs.";
            if (findings.Any(f => f.RuleId is "HT-HP-013"))
            {
                yield return "Mail was read through EWS: find which mailboxes the requests named and tell their owners.";
            }
        }

        if (evidence.Build is { } build && build.ProxyLogonStatus is ProxyLogonStatus.Vulnerable or ProxyLogonStatus.Indeterminate)
        {
            yield return build.ProxyLogonStatus == ProxyLogonStatus.Vulnerable
                ? "Install " + (build.RecommendedKb ?? build.RecommendedUpdate ?? "the latest security update") + (build.RecommendedUpdate is null ? string.Empty : " (" + build.RecommendedUpdate + (build.RecommendedBuild is null ? string.Empty : ", build " + build.RecommendedBuild) + ")") + "."
                : "Confirm the security update: run (Get-Command ExSetup.exe).FileVersionInfo | Test-HafniumBuild on the server" + (build.RecommendedBuild is null ? "." : "; " + build.RecommendedBuild + " or higher is patched.");
        }
        else if (evidence.Build is null && evidence.NotAuditedReason is null)
        {
            yield return "Audit the build too: pass -Build with ExSetup.exe's file version, or run the audit on the server.";
        }

        // The ProxyLogon update is named above; the later campaigns' fixes come with the newest update of a supported CU.
        var laterOpen = campaigns.Where(c => c.Campaign != Campaign.ProxyLogon && c.PatchStatus == CampaignPatchStatus.Vulnerable).ToList();
        if (laterOpen.Count > 0)
        {
            yield return "The build still lacks the fixes for " + string.Join("; ", laterOpen.Select(c => c.Campaign + " (" + c.MissingCves + ")"))
                + ": install the newest security update of a supported CU (Test-HafniumBuild names the build's open CVEs).";
        }

        if (status is AuditStatus.Attempted or AuditStatus.Probed && evidence.Build?.ProxyLogonStatus == ProxyLogonStatus.Patched)
        {
            yield return "The attempts failed against a patched build; keep the logs and watch the addresses named in the timeline.";
        }

        if (gaps.Count > 0 && evidence.NotAuditedReason is null)
        {
            yield return "Close the coverage gaps before calling the server clean: " + gaps[0];
        }
    }

    // Lowercases an ordinary first word ("Web shell" -> "web shell") but leaves names alone:
    // acronyms ("ECP"), and words with a capital inside ("ProxyShell", "PowerShell").
    private static string LowerFirst(string text)
    {
        if (text.Length < 2 || !char.IsUpper(text[0]))
        {
            return text;
        }

        var end = text.IndexOf(' ');
        var word = end < 0 ? text : text.Substring(0, end);
        for (var i = 1; i < word.Length; i++)
        {
            if (char.IsUpper(word[i]))
            {
                return text;
            }
        }

        return char.ToLowerInvariant(text[0]) + text.Substring(1);
    }
}
