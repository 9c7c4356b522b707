using HafniumTools.Model;

namespace HafniumTools.Core;

/// <summary>
/// Where every core engine (builds, logs, files, configuration) reports: findings, what it covered, per-item problems
/// and progress. The one way results leave the core. An engine calls its sink only on the thread that called it
/// (work on other threads is handed back through <see cref="ParallelPipeline"/>), so a cmdlet's sink can write to
/// PowerShell directly, and the per-server audit can collect everything in memory with the same calls.
/// </summary>
internal interface IScanSink
{
    void Found(Finding finding);

    /// <summary>What one source of evidence (a log source of one server, a scanned folder) covered.</summary>
    void Covered(ScanCoverage coverage);

    void Problem(ScanProblem problem);

    void Progress(ScanProgress progress);
}
