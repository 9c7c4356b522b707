using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace HafniumTools.Shell;

/// <summary>
/// A runspace of the PowerShell engine with HafniumTools imported from its manifest and a host that renders
/// through the module's format views. Used by the shell and by the in-engine tests.
/// </summary>
public sealed class ShellSession : IDisposable
{
    private ShellSession(ShellHost host, Runspace runspace)
    {
        Host = host;
        Runspace = runspace;
    }

    public ShellHost Host { get; }

    public Runspace Runspace { get; }

    /// <summary>Opens a fresh runspace and imports the module; throws when the import fails.</summary>
    public static ShellSession Open(string manifestPath, TextWriter output, TextWriter error, int width, bool colour = false)
    {
        var host = new ShellHost(output, error, width);
        ((ShellHostUserInterface)host.UI).PlainText = !colour;
        var state = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows())
        {
            state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        }

        var runspace = RunspaceFactory.CreateRunspace(host, state);
        runspace.Open();
        var session = new ShellSession(host, runspace);
        try
        {
            // Plain text unless the caller renders to a terminal, as pwsh does when its output is redirected.
            session.Invoke(ps => ps.AddScript(colour ? "$PSStyle.OutputRendering = 'Host'" : "$PSStyle.OutputRendering = 'PlainText'"));
            session.Invoke(ps => ps.AddCommand("Import-Module").AddParameter("Name", manifestPath).AddParameter("ErrorAction", "Stop"));
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return session;
    }

    /// <summary>Runs a command built by <paramref name="build"/> and returns its output.</summary>
    public Collection<PSObject> Invoke(Action<PowerShell> build, IEnumerable<object>? input = null)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        build(ps);
        return input is null ? ps.Invoke() : ps.Invoke(input);
    }

    /// <summary>Renders objects (including error records) exactly as pwsh's default output would.</summary>
    public void Render(IEnumerable<object> objects) => Invoke(ps => ps.AddCommand("Out-Default"), objects);

    /// <summary>
    /// Runs a script or a script file the way pwsh's -Command and -File do, writing everything through the host,
    /// and returns the process exit code: the script's <c>exit</c> code, 1 after a terminating error, else 0.
    /// </summary>
    public int Execute(Action<PowerShell> build)
    {
        try
        {
            Invoke(ps =>
            {
                build(ps);
                ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
                ps.AddCommand("Out-Default");
            });
        }
        catch (ExitException e)
        {
            return ExitCodeOf(e.Argument);
        }
        catch (RuntimeException e)
        {
            RenderError(e.ErrorRecord);
            return 1;
        }

        if (Host.ExitCode is int requested)
        {
            return requested;
        }

        var last = Invoke(ps => ps.AddScript("$global:LASTEXITCODE"));
        return last.Count == 1 ? ExitCodeOf(last[0]?.BaseObject) : 0;
    }

    /// <summary>Writes an error record the way the host writes any error (to the error writer, in $ErrorView).</summary>
    public void RenderError(ErrorRecord record) => Invoke(ps =>
    {
        ps.AddScript("[CmdletBinding()] param($Record) $PSCmdlet.WriteError($Record)").AddParameter("Record", record);
        ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
        ps.AddCommand("Out-Default");
    });

    public void Dispose()
    {
        Runspace.Dispose();
    }

    private static int ExitCodeOf(object? value) => value switch
    {
        int code => code,
        PSObject pso => ExitCodeOf(pso.BaseObject),
        null => 0,
        _ => LanguagePrimitives.TryConvertTo(value, out int converted) ? converted : 1,
    };
}
