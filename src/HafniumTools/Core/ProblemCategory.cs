namespace HafniumTools.Core;

/// <summary>What kind of trouble a <see cref="ScanProblem"/> is; cmdlets map it to PowerShell's ErrorCategory.</summary>
internal enum ProblemCategory
{
    ReadError,
    ObjectNotFound,
    PermissionDenied,
    InvalidData,
    InvalidArgument,
    InvalidOperation,
    LimitsExceeded,
    NotImplemented,
}
