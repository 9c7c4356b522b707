using System.Collections.Generic;
using System.Linq;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Tests.Files;

/// <summary>A sink that keeps everything a core engine reports, in order, as the per-server audit will.</summary>
internal sealed class RecordingSink : IScanSink
{
    public List<Finding> Findings { get; } = [];

    public List<ScanCoverage> Coverage { get; } = [];

    public List<ScanProblem> Problems { get; } = [];

    public List<ScanProgress> Progress { get; } = [];

    /// <summary>The problems with this ErrorId.</summary>
    public List<ScanProblem> ProblemsWith(string errorId) => Problems.Where(p => p.ErrorId == errorId).ToList();

    /// <summary>The one coverage record of the scan (every test here scans one server's files).</summary>
    public ScanCoverage SingleCoverage => Coverage.Single();

    public void Found(Finding finding) => Findings.Add(finding);

    public void Covered(ScanCoverage coverage) => Coverage.Add(coverage);

    public void Problem(ScanProblem problem) => Problems.Add(problem);

    void IScanSink.Progress(ScanProgress progress) => Progress.Add(progress);
}
