using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using HafniumTools.Core;

namespace HafniumTools.Commands.Infrastructure;

/// <summary>
/// Base of every HafniumTools cmdlet: a cancellation token that Ctrl+C (StopProcessing) cancels, error
/// helpers that follow the module's conventions, and throttled progress.
/// </summary>
public abstract class HafniumCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken CancellationToken => _stopping.Token;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected override void StopProcessing()
    {
        _stopping.Cancel();
        base.StopProcessing();
    }

    /// <summary>The registry key where Exchange 2013 and later setup records its install path.</summary>
    protected const string ExchangeSetupKey = @"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\ExchangeServer\v15\Setup";

    /// <summary>
    /// Exchange setup's <c>MsiInstallPath</c> from the registry (through the PowerShell registry provider, so no
    /// registry package is needed), or null when it is absent or unreadable. Pass it to
    /// <c>DefaultScanRoots.ForThisMachine</c>, which falls back to the <c>ExchangeInstallPath</c> variable.
    /// </summary>
    protected string? ReadExchangeSetupInstallPath()
    {
        try
        {
            var values = InvokeProvider.Property.Get(@"Registry::" + ExchangeSetupKey, ["MsiInstallPath"]);
            return values.Select(v => v.Properties["MsiInstallPath"]?.Value as string).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        }
        catch (Exception e) when (e is ItemNotFoundException or ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or PSArgumentException or PSNotSupportedException or System.Security.SecurityException or UnauthorizedAccessException)
        {
            WriteVerbose("Exchange setup key not readable: " + e.Message);
            return null;
        }
    }

    /// <summary>
    /// Resolves <c>-Path</c> (or, with <paramref name="literal"/>, <c>-LiteralPath</c>) arguments to file-system paths,
    /// the one way every cmdlet does it. A literal path is taken as it is. A <c>-Path</c> that names an existing item is
    /// taken as it is too (so <c>EX01 [case 2]</c> works either way); otherwise it is a wildcard pattern. A path that does
    /// not exist, or a pattern that matches nothing, is a <c>PathNotFound</c> error naming it (never a silent empty scan);
    /// a path on another provider is <c>NotAFileSystemPath</c>. Either way the other paths are still resolved.
    /// </summary>
    private protected List<string> ResolvePaths(IEnumerable<string>? paths, bool literal)
    {
        var resolved = new List<string>();
        foreach (string path in paths ?? [])
        {
            resolved.AddRange(ResolvePath(path, literal));
        }

        return resolved;
    }

    private IEnumerable<string> ResolvePath(string path, bool literal)
    {
        const string CheckPath = "Check the path; give the root of an Exchange install or of a triage copy. The other paths are still scanned.";
        try
        {
            string unresolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                WriteProblem(ScanProblem.Error(ErrorIds.NotAFileSystemPath, ProblemCategory.InvalidArgument, "'" + path + "' is not a file-system path (provider " + provider.Name + ").", path, recommendedAction: "Pass a folder or file on disk."));
                return [];
            }

            if (File.Exists(unresolved) || Directory.Exists(unresolved))
            {
                return [unresolved];
            }

            if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
            {
                WriteProblem(ScanProblem.Error(ErrorIds.PathNotFound, ProblemCategory.ObjectNotFound, "Cannot find path '" + path + "' because it does not exist.", path, recommendedAction: CheckPath));
                return [];
            }

            var matches = GetResolvedProviderPathFromPSPath(path, out _);
            if (matches.Count > 0)
            {
                return matches;
            }
        }
        catch (Exception e) when (e is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or PSArgumentException or NotSupportedException or ArgumentException or IOException)
        {
            if (e is not ItemNotFoundException)
            {
                WriteProblem(ScanProblem.Error(ErrorIds.PathNotFound, ProblemCategory.ObjectNotFound, "Cannot resolve path '" + path + "': " + e.Message, path, e, CheckPath));
                return [];
            }
        }

        WriteProblem(ScanProblem.Error(
            ErrorIds.PathNotFound,
            ProblemCategory.ObjectNotFound,
            "No file or folder matches the wildcard pattern '" + path + "'.",
            path,
            recommendedAction: "If the name itself contains [ ] or other wildcard characters, pass it with -LiteralPath."));
        return [];
    }

    /// <summary>
    /// Resolves the path of a file to write, the way PowerShell's own export cmdlets do: <c>~</c>, relative and PS-drive
    /// paths become a file-system path; a <c>-Path</c> with wildcards names the one existing file it matches, and
    /// otherwise is taken as written (a new file); with <paramref name="literal"/> the path is always taken as written.
    /// A path on another provider, or a pattern that matches several files, stops the command: nothing can be written.
    /// </summary>
    private protected string ResolveOutputPath(string path, bool literal)
    {
        var matches = literal || !WildcardPattern.ContainsWildcardCharacters(path) ? [] : MatchExisting(path);
        if (matches.Count > 1)
        {
            ThrowTerminating(new ArgumentException("'" + path + "' matches " + matches.Count + " files; name one file, or pass the name as it is written with -LiteralPath."), ErrorIds.OutputPathAmbiguous, ErrorCategory.InvalidArgument, path);
        }

        if (matches.Count == 1)
        {
            return matches[0];
        }

        string resolved;
        ProviderInfo provider;
        try
        {
            resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
        }
        catch (Exception e) when (e is System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or PSArgumentException or NotSupportedException)
        {
            ThrowTerminating(new ArgumentException("Cannot write to '" + path + "': " + e.Message, e), ErrorIds.PathNotFound, ErrorCategory.InvalidArgument, path);
            throw;
        }

        if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            ThrowTerminating(new ArgumentException("'" + path + "' is not a file-system path (provider " + provider.Name + "); pass a file on disk."), ErrorIds.NotAFileSystemPath, ErrorCategory.InvalidArgument, path);
        }

        return resolved;
    }

    private List<string> MatchExisting(string pattern)
    {
        try
        {
            var matches = GetResolvedProviderPathFromPSPath(pattern, out ProviderInfo provider);
            return string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase) ? [.. matches] : [];
        }
        catch (Exception e) when (e is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException)
        {
            return [];
        }
    }

    /// <summary>Tells a problem the core (or the cmdlet) met: an error record, a warning or verbose text.</summary>
    internal void WriteProblem(ScanProblem problem)
    {
        switch (problem.Level)
        {
            case ProblemLevel.Verbose:
                WriteVerbose(problem.Message);
                break;
            case ProblemLevel.Warning:
                WriteWarning(problem.Message);
                break;
            default:
                WriteItemError(problem.Exception is { } inner && inner.Message == problem.Message ? inner : new HafniumException(problem.Message, problem.Exception), problem.ErrorId, ToErrorCategory(problem.Category), problem.Target, problem.RecommendedAction);
                break;
        }
    }

    private static ErrorCategory ToErrorCategory(ProblemCategory category) => category switch
    {
        ProblemCategory.ObjectNotFound => ErrorCategory.ObjectNotFound,
        ProblemCategory.PermissionDenied => ErrorCategory.PermissionDenied,
        ProblemCategory.InvalidData => ErrorCategory.InvalidData,
        ProblemCategory.InvalidArgument => ErrorCategory.InvalidArgument,
        ProblemCategory.InvalidOperation => ErrorCategory.InvalidOperation,
        ProblemCategory.LimitsExceeded => ErrorCategory.LimitsExceeded,
        ProblemCategory.NotImplemented => ErrorCategory.NotImplemented,
        _ => ErrorCategory.ReadError,
    };

    /// <summary>
    /// Reports trouble with one input item and lets the pipeline go on. The message shows control characters from
    /// evidence visibly (<see cref="Model.DisplayText"/>); the target object keeps the raw value.
    /// </summary>
    /// <summary>
    /// True for an exception thrown by an input's own code (its ToString, a property getter, an enumerator) or by a
    /// bound on reading it: that input gets an error record and the pipeline goes on. Ctrl+C, flow control and
    /// running out of memory are never taken for the input's fault.
    /// </summary>
    private protected static bool IsInputCodeFailure(Exception e) =>
        e is not (PipelineStoppedException or FlowControlException or OutOfMemoryException or OperationCanceledException);

    protected void WriteItemError(Exception exception, string errorId, ErrorCategory category, object? targetObject, string? recommendedAction = null) =>
        WriteError(SafeRecord(exception, errorId, category, targetObject, recommendedAction));

    /// <summary>Stops the whole invocation: only for failures no input could recover from.</summary>
    protected void ThrowTerminating(Exception exception, string errorId, ErrorCategory category, object? targetObject) =>
        ThrowTerminatingError(SafeRecord(exception, errorId, category, targetObject, null));

    /// <summary>A warning, with control characters from evidence shown visibly.</summary>
    protected new void WriteWarning(string text) => base.WriteWarning(Model.DisplayText.Escape(text));

    /// <summary>Verbose text, with control characters from evidence shown visibly.</summary>
    protected new void WriteVerbose(string text) => base.WriteVerbose(Model.DisplayText.Escape(text));

    /// <summary>
    /// An error record whose displayed message is safe for a terminal: when the exception's message holds control
    /// characters, the record's <see cref="ErrorDetails"/> (what PowerShell shows) carry it escaped.
    /// </summary>
    internal static ErrorRecord SafeRecord(Exception exception, string errorId, ErrorCategory category, object? targetObject, string? recommendedAction)
    {
        var record = new ErrorRecord(exception, errorId, category, targetObject);
        if (recommendedAction is not null || Model.DisplayText.NeedsEscaping(exception.Message))
        {
            record.ErrorDetails = new ErrorDetails(Model.DisplayText.Escape(exception.Message)) { RecommendedAction = recommendedAction };
        }

        return record;
    }

    /// <summary>Runs <paramref name="action"/>, turning a Ctrl+C cancellation into PowerShell's pipeline stop.</summary>
    protected void RunCancellable(Action action)
    {
        try
        {
            action();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private protected ProgressReporter CreateProgress(int activityId, string activity) => new(this, activityId, activity);

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        if (disposing)
        {
            _stopping.Dispose();
        }

        _disposed = true;
    }
}
