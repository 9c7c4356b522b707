using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>What a log hunt reads, what it reports, and how hard it pushes the machine (see <see cref="LogHunt.Run"/>).</summary>
internal sealed class LogHuntRequest
{
    /// <summary>What an empty -Since/-Until window is told as.</summary>
    public const string EmptyWindowMessage = "-Since is later than -Until; no row can fall between them.";

    private readonly DateTime? _since;
    private readonly DateTime? _until;

    /// <summary>
    /// Files and folders on the file system, already resolved (no wildcards): an Exchange install root (only its
    /// Logging folder is read), a Logging or triage folder, log files.
    /// </summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Also read this computer's live logs (<see cref="LogRegistry.AllLiveSources"/>): for a scan of the local server.</summary>
    public bool ReadLiveSources { get; init; }

    /// <summary>Only rows at or after this time are evaluated (a local time is converted, one without a zone is UTC).</summary>
    public DateTime? Since { get => _since; init => _since = LogTimestamp.ToUtc(value); }

    /// <summary>Only rows at or before this time are evaluated.</summary>
    public DateTime? Until { get => _until; init => _until = LogTimestamp.ToUtc(value); }

    /// <summary>Only findings for these CVEs (<c>CVE-2021-26855</c>, or <c>2021-26855</c>, <c>26855</c>); null or empty for all.</summary>
    public IReadOnlyCollection<string>? Cve { get; init; }

    /// <summary>Only findings of these campaigns (ProxyLogon, ProxyShell, ProxyNotShell, OWASSRF); null or empty for all.</summary>
    public IReadOnlyCollection<Campaign>? Campaigns { get; init; }

    /// <summary>Only findings of these rule ids (see <see cref="LogEvidence"/>); null for all.</summary>
    public IReadOnlyCollection<string>? RuleIds { get; init; }

    /// <summary>Only these kinds of log; null or empty for all.</summary>
    public IReadOnlyCollection<LogKind>? Kinds { get; init; }

    /// <summary>Files read at the same time; defaults to the processor count.</summary>
    public int ThrottleLimit { get; init; } = Environment.ProcessorCount;

    /// <summary>The server name for logs whose rows and path do not name one (a scan of the local install).</summary>
    public string? DefaultComputerName { get; init; }

    /// <summary>The rule sets, formats and live sources to use: the module's own, built for this hunt, unless a test brings its own.</summary>
    public LogRegistry Registry { get; init; } = LogRegistry.ForHunt();

    /// <summary>Read-buffer size per file (also the longest line accepted).</summary>
    public int BufferSize { get; init; } = TextLogReader.DefaultBufferSize;

    /// <summary>True when -Since is later than -Until: no row can be evaluated.</summary>
    public bool WindowIsEmpty => Since is DateTime s && Until is DateTime u && s > u;

    internal bool WantsKind(LogKind kind) => Kinds is null || Kinds.Count == 0 || Kinds.Contains(kind);

    /// <summary>True for a finding this request reports (its rule selected, one of its CVEs and its campaign wanted).</summary>
    internal bool Selects(Finding finding) =>
        (RuleIds is null || RuleIds.Contains(finding.RuleId)) && WantsCve(finding.Cve)
        && (Campaigns is null || Campaigns.Count == 0 || Campaigns.Contains(finding.Campaign));

    private bool WantsCve(IEnumerable<string> cves) =>
        Cve is null || Cve.Count == 0 || cves.Any(c => Cve.Any(w => string.Equals(w, c, StringComparison.OrdinalIgnoreCase) || NumberMatches(w, c)));

    // "26855" or "2021-26855" select CVE-2021-26855 too.
    private static bool NumberMatches(string wanted, string cve) =>
        wanted.Length >= 5 && cve.EndsWith(wanted.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase) ? wanted.Substring(4) : wanted, StringComparison.OrdinalIgnoreCase);
}
