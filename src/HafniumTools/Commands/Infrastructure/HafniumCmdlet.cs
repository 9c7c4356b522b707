using System;
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
