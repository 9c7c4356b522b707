using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;

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
    /// Resolves one <c>-Path</c> argument (wildcards allowed) to file-system paths. A path that does not exist or is
    /// not on the file system is reported (<c>PathNotFound</c>, <c>NotAFileSystemPath</c>) and yields nothing, so
    /// the other paths are still scanned.
    /// </summary>
    protected IReadOnlyList<string> ResolveFileSystemPath(string path)
    {
        const string CheckPath = "Check the path; give the root of an Exchange install or of a triage copy. The other paths are still scanned.";
        try
        {
            var resolved = GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider);
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                WriteItemError(
                    new PSArgumentException("'" + path + "' is not a file-system path (provider " + provider.Name + ")."),
                    "NotAFileSystemPath",
                    ErrorCategory.InvalidArgument,
                    path,
                    "Pass a folder or file on disk.");
                return [];
            }

            return resolved;
        }
        catch (Exception e) when (e is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or PSArgumentException or NotSupportedException)
        {
            WriteItemError(e, "PathNotFound", ErrorCategory.ObjectNotFound, path, CheckPath);
            return [];
        }
    }

    /// <summary>Reports trouble with one input item and lets the pipeline go on.</summary>
    protected void WriteItemError(Exception exception, string errorId, ErrorCategory category, object? targetObject, string? recommendedAction = null)
    {
        var record = new ErrorRecord(exception, errorId, category, targetObject);
        if (recommendedAction is not null)
        {
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction };
        }

        WriteError(record);
    }

    /// <summary>Stops the whole invocation: only for failures no input could recover from.</summary>
    protected void ThrowTerminating(Exception exception, string errorId, ErrorCategory category, object? targetObject) =>
        ThrowTerminatingError(new ErrorRecord(exception, errorId, category, targetObject));

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

    protected ProgressReporter CreateProgress(int activityId, string activity) => new(this, activityId, activity);

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
