namespace HafniumTools.Core;

/// <summary>How loudly a <see cref="ScanProblem"/> is told: an error record, a warning, or verbose text.</summary>
internal enum ProblemLevel
{
    Error,
    Warning,
    Verbose,
}
