using System;
using System.Collections.Generic;
using HafniumTools.Builds;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Audit;

/// <summary>Everything gathered about one server before its verdict is decided.</summary>
internal sealed class ServerEvidence
{
    public ServerEvidence(string computerName, string origin)
    {
        ComputerName = computerName ?? string.Empty;
        Origin = origin ?? string.Empty;
    }

    public string ComputerName { get; set; }

    /// <summary>Where the evidence came from (this server, a triage folder, a remote session).</summary>
    public string Origin { get; }

    public BuildAudit? Build { get; set; }

    /// <summary>Where <see cref="Build"/> came from, in words (ExSetup.exe file version, setup registry, a triage file, -Build).</summary>
    public string? BuildSource { get; set; }

    public List<Finding> Findings { get; } = [];

    public List<ScanCoverage> Coverage { get; } = [];

    public List<ScanProblem> Problems { get; } = [];

    /// <summary>Why the server could not be audited at all (unreachable, module missing), or null.</summary>
    public string? NotAuditedReason { get; set; }

    /// <summary>The one command that fixes <see cref="NotAuditedReason"/>, when there is one.</summary>
    public string? FixCommand { get; set; }

    public DateTimeOffset AuditedAt { get; set; } = DateTimeOffset.UtcNow;
}
