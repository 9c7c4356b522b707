using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using HafniumTools.Shell;

namespace HafniumTools.EngineTests.Harness;

/// <summary>
/// A fresh PowerShell 7.6 runspace with HafniumTools imported from the root manifest, exactly as a user imports
/// it. <c>PowerShellSession.Invoke("...")</c> is the one-line way to run PowerShell in a test.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    public const int RenderWidth = 120;

    private readonly StringWriter _rendered = new();
    private readonly StringWriter _hostErrors = new();
    private readonly ShellSession _shell;

    public PowerShellSession()
        : this(TestPaths.Manifest)
    {
    }

    /// <summary>A session that imports the module from another manifest (a packaged copy, say).</summary>
    public PowerShellSession(string manifestPath)
    {
        _shell = ShellSession.Open(manifestPath, _rendered, _hostErrors, RenderWidth);
        SetVariable("RepoRoot", TestPaths.RepoRoot);
        SetVariable("Fixtures", TestPaths.Fixtures);
        SetVariable("EngineFixtures", TestPaths.EngineFixtures);
    }

    /// <summary>Runs <paramref name="script"/> in a fresh session and returns what it produced.</summary>
    public static PsResult Invoke(string script)
    {
        using var session = new PowerShellSession();
        return session.Run(script);
    }

    public void SetVariable(string name, object? value) => _shell.Runspace.SessionStateProxy.SetVariable(name, value);

    public object? GetVariable(string name) => _shell.Runspace.SessionStateProxy.GetVariable(name);

    /// <summary>Runs a script in this session; a terminating error is captured in <see cref="PsResult.Exception"/>.</summary>
    public PsResult Run(string script)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _shell.Runspace;
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
        ps.Runspace = _shell.Runspace;
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

    /// <summary>The default rendering of <paramref name="objects"/> (format views, tables, lists).</summary>
    public string Render(params object[] objects)
    {
        _rendered.GetStringBuilder().Clear();
        if (objects.Length > 0)
        {
            _shell.Render(objects);
        }

        return _rendered.ToString();
    }

    public void Dispose()
    {
        _shell.Dispose();
        _rendered.Dispose();
        _hostErrors.Dispose();
    }
}
