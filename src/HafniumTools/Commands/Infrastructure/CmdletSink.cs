using System.Collections.Generic;
using System.Management.Automation;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Commands.Infrastructure;

/// <summary>
/// The sink a cmdlet hands to a core engine: findings go to the pipeline, problems become error records, warnings or
/// verbose text with their ErrorId, progress becomes throttled progress records, and coverage is kept for
/// <c>-CoverageVariable</c> and the "nothing was read" check. Used on the pipeline thread only (see <see cref="IScanSink"/>).
/// </summary>
internal sealed class CmdletSink : IScanSink
{
    private readonly HafniumCmdlet _cmdlet;
    private readonly ProgressReporter _progress;
    private readonly List<ScanCoverage> _coverage = [];

    public CmdletSink(HafniumCmdlet cmdlet, ProgressReporter progress)
    {
        _cmdlet = cmdlet;
        _progress = progress;
    }

    /// <summary>Every coverage record the engines reported, in order.</summary>
    public IReadOnlyList<ScanCoverage> Coverage => _coverage;

    public int FindingCount { get; private set; }

    public void Found(Finding finding)
    {
        FindingCount++;
        _cmdlet.WriteObject(finding);
    }

    public void Covered(ScanCoverage coverage) => _coverage.Add(coverage);

    public void Problem(ScanProblem problem) => _cmdlet.WriteProblem(problem);

    public void Progress(ScanProgress progress) => _progress.Report(progress.Done, progress.Total, progress.Status, progress.CurrentItem);

    public void Complete() => _progress.Complete();
}
