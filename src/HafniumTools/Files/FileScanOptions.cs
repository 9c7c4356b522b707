using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Model;

namespace HafniumTools.Files;

/// <summary>Settings of an on-disk scan (<see cref="FileScan"/>).</summary>
internal sealed class FileScanOptions
{
    /// <summary>Default size cap of the web-shell scan: web shells are small; larger files are named but not read.</summary>
    public const long DefaultMaxFileSize = 32L * 1024 * 1024;

    /// <summary>Files larger than this are not read (a FileTooLarge warning says so); rules on the name and location still apply.</summary>
    public long MaxFileSize { get; init; } = DefaultMaxFileSize;

    /// <summary>
    /// The longest the server-code analysis of one page may take (a page built to be slow); a page that needs more is
    /// reported with a ContentAnalysisIncomplete warning, with what was found until then.
    /// </summary>
    public TimeSpan MaxAnalysisTime { get; init; } = ServerCodeAnalyzer.MaxAnalysisTime;

    /// <summary>The server every file belongs to (a live server's own scan); when null, each file's path says (see <see cref="ComputerNameFor"/>).</summary>
    public string? ComputerName { get; init; }

    /// <summary>The server a file belongs to when its path does not say (the triage folder audited as one server).</summary>
    public string? DefaultComputerName { get; init; }

    /// <summary>How many files are read and judged at once.</summary>
    public int ThrottleLimit { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Only files whose names match one of these wildcards (all when null or empty).</summary>
    public IReadOnlyList<string>? Include { get; init; }

    /// <summary>Skip files whose names match one of these wildcards.</summary>
    public IReadOnlyList<string>? Exclude { get; init; }

    /// <summary>Only findings of these campaigns (all when null or empty).</summary>
    public IReadOnlyCollection<Campaign>? Campaigns { get; init; }

    /// <summary>True for a finding this scan reports (its campaign wanted).</summary>
    public bool Selects(Finding finding) => Campaigns is null || Campaigns.Count == 0 || Campaigns.Contains(finding.Campaign);

    /// <summary>
    /// The server a file belongs to: <see cref="ComputerName"/>, else the host of a UNC path, else
    /// <see cref="DefaultComputerName"/> (the audit names each triage folder's server once, for all its files), else
    /// empty. One scan root never splits between names by where its files lie.
    /// </summary>
    public string ComputerNameFor(string path)
    {
        if (ComputerName is { } name)
        {
            return name;
        }

        if (path.StartsWith(@"\\", StringComparison.Ordinal) && !path.StartsWith(@"\\?\", StringComparison.Ordinal) && !path.StartsWith(@"\\.\", StringComparison.Ordinal))
        {
            int end = path.IndexOf('\\', 2);
            return end > 2 ? path.Substring(2, end - 2) : string.Empty;
        }

        return DefaultComputerName ?? string.Empty;
    }
}
