using System.Collections.Generic;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Audit;

/// <summary>
/// The sink the per-server audit hands to every engine: findings, coverage and problems are kept to be grouped by
/// server; problems and progress also go on to <paramref name="outer"/> (the cmdlet), so the admin sees each error once,
/// as it happens, and the audit of the server it concerns names it too.
/// </summary>
internal sealed class CollectingSink(IScanSink outer) : IScanSink
{
    public List<Finding> Findings { get; } = [];

    public List<ScanCoverage> Coverage { get; } = [];

    public List<ScanProblem> Problems { get; } = [];

    public void Found(Finding finding) => Findings.Add(finding);

    public void Covered(ScanCoverage coverage) => Coverage.Add(coverage);

    public void Problem(ScanProblem problem)
    {
        Problems.Add(problem);
        outer.Problem(problem);
    }

    public void Progress(ScanProgress progress) => outer.Progress(progress);
}
