using System;

namespace HafniumTools.Core;

/// <summary>
/// Trouble with one item of a scan (a path, a file, a row, an input object), reported by the core through
/// <see cref="IScanSink.Problem"/>. The scan goes on; the cmdlet turns it into an error record, a warning or verbose
/// text with <see cref="ErrorId"/>, the mapped category and <see cref="Target"/> as the TargetObject.
/// </summary>
internal sealed class ScanProblem
{
    public ScanProblem(string errorId, ProblemLevel level, ProblemCategory category, string message, object? target)
    {
        ErrorId = errorId ?? throw new ArgumentNullException(nameof(errorId));
        Level = level;
        Category = category;
        Message = message ?? throw new ArgumentNullException(nameof(message));
        Target = target;
    }

    /// <summary>One of <see cref="ErrorIds"/>.</summary>
    public string ErrorId { get; }

    public ProblemLevel Level { get; }

    public ProblemCategory Category { get; }

    /// <summary>What was wrong, in one or two sentences naming the item.</summary>
    public string Message { get; }

    /// <summary>The item: a path, an input object.</summary>
    public object? Target { get; }

    /// <summary>The exception behind it, when there is one.</summary>
    public Exception? Exception { get; init; }

    /// <summary>What the user can do about it.</summary>
    public string? RecommendedAction { get; init; }

    public static ScanProblem Error(string errorId, ProblemCategory category, string message, object? target, Exception? exception = null, string? recommendedAction = null) =>
        new(errorId, ProblemLevel.Error, category, message, target) { Exception = exception, RecommendedAction = recommendedAction };

    public static ScanProblem Warning(string errorId, string message, object? target) =>
        new(errorId, ProblemLevel.Warning, ProblemCategory.LimitsExceeded, message, target);

    public static ScanProblem Verbose(string message, object? target = null) =>
        new(string.Empty, ProblemLevel.Verbose, ProblemCategory.ReadError, message, target);

    public override string ToString() => ErrorId + ": " + Message;
}
