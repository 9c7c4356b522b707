using System;
using System.Globalization;
using HafniumTools.Builds;

namespace HafniumTools.Model;

/// <summary>
/// One verdict for one server: whether it was attacked (<see cref="Status"/>), whether it is patched
/// (<see cref="PatchStatus"/>, separately: a patched server can be compromised and an unpatched one clean), one
/// sentence saying why, the attack timeline, what each source of evidence covered and where the gaps are, what to do,
/// and every finding behind it. Invoke-HafniumAudit writes one per server; Export-HafniumReport turns them into a report.
/// Flat for Export-Csv: lists are one readable line each, the nested results (<see cref="Campaigns"/>,
/// <see cref="Timeline"/>, <see cref="Coverage"/>, <see cref="Findings"/>) too.
/// </summary>
public sealed class ServerAudit
{
    /// <summary>The server, by the module's one naming convention: the FQDN where the evidence gives it, else the short name.</summary>
    public string ComputerName { get; init; } = string.Empty;

    public AuditStatus Status { get; init; }

    /// <summary>One sentence: the status and why, naming the deciding rules.</summary>
    public string Summary { get; init; } = string.Empty;

    /// <summary>The rules that decided <see cref="Status"/>.</summary>
    public TextList DecidingRuleIds { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>The build's ProxyLogon verdict; Unknown when no build was found or given.</summary>
    public ProxyLogonStatus PatchStatus { get; init; }

    /// <summary>
    /// The verdict for each campaign (ProxyLogon, ProxyShell, ProxyNotShell, OWASSRF), in campaign order: what that
    /// campaign's findings show and which of its CVEs the build still lacks. <see cref="Status"/> is the worst of them.
    /// </summary>
    public CampaignStatusList Campaigns { get; init => field = value ?? CampaignStatusList.Empty; } = CampaignStatusList.Empty;

    /// <summary>The build audited (ExSetup's file version where available), or null.</summary>
    public Version? Build { get; init; }

    /// <summary>The catalog's name of the build (product, CU, security update), or empty.</summary>
    public string BuildName { get; init; } = string.Empty;

    /// <summary>Where the build came from: ExSetup's file version, the setup registry, a triage file, -Build, the network.</summary>
    public string BuildSource { get; init; } = string.Empty;

    /// <summary>The ProxyLogon CVEs (CVE-2021-26855, -26857, -26858, -27065) still open on the build.</summary>
    public TextList MissingCves { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>Every catalogued CVE still open on the build.</summary>
    public TextList OpenCves { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>What to install, from the catalog; empty when nothing is needed or nothing is known.</summary>
    public string RecommendedUpdate { get; init; } = string.Empty;

    /// <summary>The catalog's explanation of <see cref="PatchStatus"/>.</summary>
    public string PatchReason { get; init; } = string.Empty;

    /// <summary>The first hostile activity (attempt or worse) in the evidence, UTC.</summary>
    public DateTimeOffset? FirstHostileActivity { get; init => field = value?.ToUniversalTime(); }

    /// <summary>The last hostile activity (attempt or worse) in the evidence, UTC.</summary>
    public DateTimeOffset? LastHostileActivity { get; init => field = value?.ToUniversalTime(); }

    /// <summary>Client addresses behind attempts or worse, first seen first.</summary>
    public TextList AttackerAddresses { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>Files the attack left or wrote (web shells, dumps, written OAB settings), as paths.</summary>
    public TextList PlantedFiles { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>The attack, step by step, oldest first.</summary>
    public TimelineEventList Timeline { get; init => field = value ?? TimelineEventList.Empty; } = TimelineEventList.Empty;

    /// <summary>What each source of evidence covered for this server.</summary>
    public ScanCoverageList Coverage { get; init => field = value ?? ScanCoverageList.Empty; } = ScanCoverageList.Empty;

    /// <summary>The evidence that is missing or could not be read, each in one sentence.</summary>
    public TextList CoverageGaps { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>The errors met while auditing this server, each as <c>ErrorId: message</c>.</summary>
    public TextList Errors { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>What to do, in an admin's words, most urgent first.</summary>
    public TextList RecommendedActions { get; init => field = value ?? TextList.Empty; } = TextList.Empty;

    /// <summary>Every finding behind the verdict.</summary>
    public FindingList Findings { get; init => field = value ?? FindingList.Empty; } = FindingList.Empty;

    /// <summary>When the audit ran, UTC.</summary>
    public DateTimeOffset AuditedAt { get; init => field = value.ToUniversalTime(); }

    /// <summary>Where the evidence came from: this server, a triage folder, or a remote session.</summary>
    public string Origin { get; init; } = string.Empty;

    public override string ToString() => DisplayText.Escape(string.Format(CultureInfo.InvariantCulture, "{0} {1}: {2}", ComputerName, Status, Summary))!;
}
