using System;
using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Reporting;

/// <summary>What one source of evidence covered for a server, as the report shows it.</summary>
internal sealed class CoverageRow
{
    public string Source { get; init; } = string.Empty;

    public string Category { get; init; } = string.Empty;

    public DateTime? FirstTimestamp { get; init; }

    public DateTime? LastTimestamp { get; init; }

    public long Files { get; init; }

    public long Bytes { get; init; }

    public long Lines { get; init; }

    public long UnreadableFiles { get; init; }

    public IReadOnlyList<string> UnreadablePaths { get; init; } = [];

    public long SkippedFiles { get; init; }

    public IReadOnlyList<string> SkippedPaths { get; init; } = [];

    public static CoverageRow Read(AuditRecord coverage) => new()
    {
        Source = coverage.Text(nameof(ScanCoverage.Source)),
        Category = coverage.Name<FindingCategory>(nameof(ScanCoverage.Category)),
        FirstTimestamp = coverage.Time(nameof(ScanCoverage.FirstTimestamp)),
        LastTimestamp = coverage.Time(nameof(ScanCoverage.LastTimestamp)),
        Files = coverage.Number(nameof(ScanCoverage.Files)) ?? 0,
        Bytes = coverage.Number(nameof(ScanCoverage.Bytes)) ?? 0,
        Lines = coverage.Number(nameof(ScanCoverage.Lines)) ?? 0,
        UnreadableFiles = coverage.Number(nameof(ScanCoverage.UnreadableFiles)) ?? 0,
        UnreadablePaths = coverage.Texts(nameof(ScanCoverage.UnreadablePaths)),
        SkippedFiles = coverage.Number(nameof(ScanCoverage.SkippedFiles)) ?? 0,
        SkippedPaths = coverage.Texts(nameof(ScanCoverage.SkippedPaths)),
    };
}
