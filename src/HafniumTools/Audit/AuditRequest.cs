using System;
using System.Collections.Generic;
using HafniumTools.Builds;

namespace HafniumTools.Audit;

/// <summary>What one per-server audit run looks at: triage folders, or this server's own folders and live logs.</summary>
internal sealed class AuditRequest
{
    /// <summary>Folders (or files) to read: triage copies of one or many servers, or this server's install and web folders.</summary>
    public IReadOnlyList<string> Roots { get; init; } = [];

    /// <summary>On a live server: its web folders as the web-shell scan reads them (some only for context).</summary>
    public IReadOnlyList<HafniumTools.Files.ScanRoot> LiveWebRoots { get; init; } = [];

    /// <summary>On a live server: its log folders (the install's Logging folder, the IIS logs).</summary>
    public IReadOnlyList<string> LiveLogFolders { get; init; } = [];

    /// <summary>Set on a live server: everything read belongs to this server (its FQDN).</summary>
    public string? ThisServer { get; init; }

    /// <summary>Read this machine's live event logs too (a live audit on Windows).</summary>
    public bool ReadLiveEventLogs { get; init; }

    /// <summary>The build to judge for servers whose evidence carries none (-Build, or ExSetup.exe's version on a live server).</summary>
    public BuildObservation? Build { get; init; }

    /// <summary>Where <see cref="Build"/> came from, in words.</summary>
    public string? BuildSource { get; init; }

    public DateTime? Since { get; init; }

    public DateTime? Until { get; init; }

    /// <summary>How many files are read at once.</summary>
    public int ThrottleLimit { get; init; } = Environment.ProcessorCount;

    /// <summary>Where the evidence came from, as the audit states it (this server, a triage folder).</summary>
    public string Origin { get; init; } = string.Empty;
}
