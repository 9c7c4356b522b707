using System.Collections.Generic;
using HafniumTools.Core;
using HafniumTools.Model;

namespace LogHunt.Benchmark;

/// <summary>What the engine child process keeps of a hunt: findings counted by rule and verdict, and the coverage.</summary>
internal sealed class CountingSink : IScanSink
{
    public SortedDictionary<string, int> ByRule { get; } = new(System.StringComparer.Ordinal);

    public SortedDictionary<Verdict, int> ByVerdict { get; } = [];

    public List<ScanCoverage> Coverage { get; } = [];

    public void Found(Finding finding)
    {
        ByRule[finding.RuleId] = ByRule.GetValueOrDefault(finding.RuleId) + 1;
        ByVerdict[finding.Verdict] = ByVerdict.GetValueOrDefault(finding.Verdict) + 1;
    }

    public void Covered(ScanCoverage coverage) => Coverage.Add(coverage);

    public void Problem(ScanProblem problem)
    {
    }

    public void Progress(ScanProgress progress)
    {
    }
}
