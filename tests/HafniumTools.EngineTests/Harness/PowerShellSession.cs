using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace HafniumTools.EngineTests.Harness;

/// <summary>
/// A fresh runspace of the full PowerShell 7.6 engine (Microsoft.PowerShell.SDK: every cmdlet pwsh has, including
/// Export-Csv, ConvertTo-Json, Export-Clixml, Get-ChildItem and Start-Job) with HafniumTools imported from the
/// root manifest, exactly as a user imports it. <c>PowerShellSession.Invoke("...")</c> is the one-line way to run
/// PowerShell in a test.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    public const int RenderWidth = 120;

    private readonly Runspace _runspace;

    public PowerShellSession()
        : this(TestPaths.Manifest)
    {
    }

    /// <summary>A session that imports the module from another manifest (a packaged copy, say).</summary>
    public PowerShellSession(string manifestPath)
    {
        JobProcess.EnsureAvailable();
        var state = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows())
        {
            state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        }

        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        try
        {
            // Plain text, as pwsh renders when its output is redirected.
            Invoke(ps => ps.AddScript("$PSStyle.OutputRendering = 'PlainText'"));
            Invoke(ps => ps.AddCommand("Import-Module").AddParameter("Name", manifestPath).AddParameter("ErrorAction", "Stop"));
        }
        catch
        {
            _runspace.Dispose();
            throw;
        }

        SetVariable("RepoRoot", TestPaths.RepoRoot);
        SetVariable("Fixtures", TestPaths.Fixtures);
        SetVariable("EngineFixtures", TestPaths.EngineFixtures);
        SetVariable("ModuleManifest", manifestPath);
    }

    /// <summary>Runs <paramref name="script"/> in a fresh session and returns what it produced.</summary>
    public static PsResult Invoke(string script)
    {
        using var session = new PowerShellSession();
        return session.Run(script);
    }

    public void SetVariable(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

    public object? GetVariable(string name) => _runspace.SessionStateProxy.GetVariable(name);

    /// <summary>Runs a script in this session; a terminating error is captured in <see cref="PsResult.Exception"/>.</summary>
    public PsResult Run(string script)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        PSObject[] output;
        Exception? failure = null;
        try
        {
            output = ps.Invoke().ToArray();
        }
        catch (RuntimeException e)
        {
            failure = e;
            output = [];
        }

        return new PsResult
        {
            Output = output,
            Errors = ps.Streams.Error.ToArray(),
            Warnings = ps.Streams.Warning.ToArray(),
            Verbose = ps.Streams.Verbose.ToArray(),
            Information = ps.Streams.Information.ToArray(),
            Rendered = Render(output),
            Exception = failure,
        };
    }

    /// <summary>
    /// Runs <paramref name="script"/> and stops it after <paramref name="stopAfter"/> as Ctrl+C does
    /// (<see cref="PowerShell.Stop"/>); returns what it produced and how long the stop took to complete.
    /// </summary>
    public (PsResult Result, TimeSpan StopTook) RunAndStop(string script, TimeSpan stopAfter)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        var output = new PSDataCollection<PSObject>();
        var pending = ps.BeginInvoke<PSObject, PSObject>(null, output);
        System.Threading.Thread.Sleep(stopAfter);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ps.Stop();
        Exception? failure = null;
        try
        {
            ps.EndInvoke(pending);
        }
        catch (RuntimeException e)
        {
            failure = e;
        }

        var took = clock.Elapsed;
        var result = new PsResult
        {
            Output = output.ToArray(),
            Errors = ps.Streams.Error.ToArray(),
            Warnings = ps.Streams.Warning.ToArray(),
            Verbose = ps.Streams.Verbose.ToArray(),
            Information = ps.Streams.Information.ToArray(),
            Rendered = string.Empty,
            Exception = failure,
        };
        return (result, took);
    }

    /// <summary>The default rendering of <paramref name="objects"/> (format views, tables, lists), as pwsh shows it.</summary>
    public string Render(params object[] objects)
    {
        if (objects.Length == 0)
        {
            return string.Empty;
        }

        var text = Invoke(ps => ps.AddCommand("Out-String").AddParameter("Width", RenderWidth), objects);
        return string.Concat(text.Select(t => t?.ToString()));
    }

    public void Dispose() => _runspace.Dispose();

    private System.Collections.ObjectModel.Collection<PSObject> Invoke(Action<PowerShell> build, object[]? input = null)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        build(ps);
        return input is null ? ps.Invoke() : ps.Invoke(input);
    }
}
