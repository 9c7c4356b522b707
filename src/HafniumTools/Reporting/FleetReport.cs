using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Builds;
using HafniumTools.Logs;
using HafniumTools.Model;

namespace HafniumTools.Reporting;

/// <summary>
/// The servers of one report, worst first (status, then patch state, then name), with the count per status. Every
/// writer (HTML, CSV, JSON) renders this one model.
/// </summary>
internal sealed class FleetReport
{
    /// <summary>The title when none is given.</summary>
    public const string DefaultTitle = "Exchange ProxyLogon audit";

    private FleetReport(string title, DateTime generatedAt, IReadOnlyList<ServerReport> servers)
    {
        Title = string.IsNullOrWhiteSpace(title) ? DefaultTitle : title;
        GeneratedAt = LogTimestamp.ToUtc(generatedAt)!.Value;
        Servers = servers;
    }

    public string Title { get; }

    /// <summary>When the report was written, UTC.</summary>
    public DateTime GeneratedAt { get; }

    /// <summary>The module that wrote the report, e.g. <c>HafniumTools 0.1.0</c>.</summary>
    public static string Generator { get; } = "HafniumTools " + typeof(FleetReport).Assembly.GetName().Version!.ToString(3);

    /// <summary>The servers, worst first.</summary>
    public IReadOnlyList<ServerReport> Servers { get; }

    /// <summary>The worst status in the fleet, or null for a report without servers.</summary>
    public AuditStatus? WorstStatus => Servers.Count == 0 ? null : Servers[0].Status;

    /// <summary>Every status, worst first, with how many servers have it (zero included).</summary>
    public IEnumerable<(AuditStatus Status, int Count)> StatusCounts =>
        Enum.GetValues(typeof(AuditStatus)).Cast<AuditStatus>()
            .OrderByDescending(s => s)
            .Select(s => (s, Servers.Count(server => server.Status == s)));

    public static FleetReport Create(string? title, DateTime generatedAt, IEnumerable<ServerAudit> audits) =>
        Create(title, generatedAt, (audits ?? throw new ArgumentNullException(nameof(audits))).Select(a => new ObjectRecord(a)));

    public static FleetReport Create(string? title, DateTime generatedAt, IEnumerable<AuditRecord> audits) =>
        Create(title, generatedAt, (audits ?? throw new ArgumentNullException(nameof(audits))).Select(ServerReport.Read));

    /// <summary>The report of servers already read (<see cref="ServerReport.Read"/>), worst first.</summary>
    public static FleetReport Create(string? title, DateTime generatedAt, IEnumerable<ServerReport> servers)
    {
        var ordered = (servers ?? throw new ArgumentNullException(nameof(servers)))
            .OrderByDescending(s => s.Status)
            .ThenByDescending(s => PatchRank(s.PatchStatus))
            .ThenBy(s => s.ComputerName, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new FleetReport(title ?? DefaultTitle, generatedAt, ordered);
    }

    /// <summary>How urgent a patch state is: the higher, the sooner to act.</summary>
    public static int PatchRank(ProxyLogonStatus status) => status switch
    {
        ProxyLogonStatus.Vulnerable => 4,
        ProxyLogonStatus.Indeterminate => 3,
        ProxyLogonStatus.Unknown => 2,
        ProxyLogonStatus.Patched => 1,
        _ => 0,
    };
}
