using System;
using System.Globalization;
using HafniumTools.Builds;

namespace HafniumTools.Model;

/// <summary>
/// One verdict for one server: whether it was attacked (<see cref="Status"/>), whether it is patched
/// (<see cref="PatchStatus"/>, separately: a patched server can be compromised and an unpatched one clean), one
/// sentence saying why, the attack timeline, what each source of evidence covered and where the gaps are, what to do,
/// and every finding behind it. Invoke-HafniumAudit writes one per server; Export-HafniumReport turns them into a report.
/// </summary>
public sealed class ServerAudit
{
    /// <summary>The server, by the module's one naming convention: the FQDN where the evidence gives it, else the short name.</summary>
    public string ComputerName { get; init; } = string.Empty;

    public AuditStatus Status { get; init; }

    /// <summary>One sentence: the status and why, naming the deciding rules.</summary>
    public string Summary { get; init; } = string.Empty;

    /// <summary>The rules that decided <see cref="Status"/>.</summary>
    public string[] DecidingRuleIds { get; init; } = [];

    /// <summary><see cref="DecidingRuleIds"/> joined with <c>", "</c>, for CSV.</summary>
    public string DecidingRuleIdList => string.Join(", ", DecidingRuleIds ?? []);

    /// <summary>The build's ProxyLogon verdict; Unknown when no build was found or given.</summary>
    public ProxyLogonStatus PatchStatus { get; init; }

    /// <summary>The build audited (ExSetup's file version where available), or null.</summary>
    public Version? Build { get; init; }

    /// <summary>The catalogued CVEs still open on the build.</summary>
    public string[] OpenCves { get; init; } = [];

    /// <summary><see cref="OpenCves"/> joined with <c>", "</c>, for CSV.</summary>
    public string OpenCveList => string.Join(", ", OpenCves ?? []);

    /// <summary>The build audit in full (recommended update, support state, reason), or null when no build was known.</summary>
    public BuildAudit? BuildAudit { get; init; }

    /// <summary>The first hostile activity (attempt or worse) in the evidence, UTC.</summary>
    public DateTime? FirstHostileActivity { get; init; }

    /// <summary>The last hostile activity (attempt or worse) in the evidence, UTC.</summary>
    public DateTime? LastHostileActivity { get; init; }

    /// <summary>Client addresses behind attempts or worse, first seen first.</summary>
    public string[] AttackerAddresses { get; init; } = [];

    /// <summary><see cref="AttackerAddresses"/> joined with <c>", "</c>, for CSV.</summary>
    public string AttackerAddressList => string.Join(", ", AttackerAddresses ?? []);

    /// <summary>Files the attack left or wrote (web shells, dumps, written OAB settings), as paths.</summary>
    public string[] PlantedFiles { get; init; } = [];

    /// <summary><see cref="PlantedFiles"/> joined with <c>"; "</c>, for CSV.</summary>
    public string PlantedFileList => string.Join("; ", PlantedFiles ?? []);

    /// <summary>The attack, step by step, oldest first.</summary>
    public TimelineEvent[] Timeline { get; init; } = [];

    /// <summary>What each source of evidence covered for this server.</summary>
    public ScanCoverage[] Coverage { get; init; } = [];

    /// <summary>The evidence that is missing or could not be read, each in one sentence.</summary>
    public string[] CoverageGaps { get; init; } = [];

    /// <summary>The errors met while auditing this server, each as <c>ErrorId: message</c>.</summary>
    public string[] Errors { get; init; } = [];

    /// <summary>What to do, in an admin's words, most urgent first.</summary>
    public string[] RecommendedActions { get; init; } = [];

    /// <summary>Every finding behind the verdict.</summary>
    public Finding[] Findings { get; init; } = [];

    /// <summary>When the audit ran, UTC.</summary>
    public DateTime AuditedAt { get; init; }

    /// <summary>Where the evidence came from: this server, a triage folder, or a remote session.</summary>
    public string Origin { get; init; } = string.Empty;

    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} {1}: {2}", ComputerName, Status, Summary);
}
