using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace HafniumTools.EngineTests.Harness;

/// <summary>
/// The real PowerShell 7 the project pins in <c>.config/dotnet-tools.json</c> (restored from NuGet by
/// <c>dotnet tool restore</c>), run as a separate process exactly as a user or a runbook runs it.
/// </summary>
public static partial class RealPwsh
{
    private static readonly Lazy<string> PwshDll = new(FindPwshDll);

    /// <summary>The pinned pwsh's entry assembly (<c>pwsh.dll</c>), run with <c>dotnet</c>.</summary>
    public static string EntryAssembly => PwshDll.Value;

    /// <summary>
    /// Runs pwsh with <paramref name="arguments"/> in <paramref name="workingDirectory"/> (the repository root by default),
    /// with <paramref name="environment"/> added to its environment.
    /// </summary>
    public static ProcessResult Run(IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? TestPaths.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(EntryAssembly);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet " + EntryAssembly);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("pwsh did not finish: " + string.Join(' ', start.ArgumentList));
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a script file with <c>pwsh -NoProfile -NonInteractive -File</c>.</summary>
    public static ProcessResult RunFile(string script, params string[] arguments) =>
        Run(["-NoProfile", "-NonInteractive", "-File", script, .. arguments]);

    /// <summary>Runs a command with <c>pwsh -NoProfile -NonInteractive -Command</c>.</summary>
    public static ProcessResult RunCommand(string command) =>
        Run(["-NoProfile", "-NonInteractive", "-Command", command]);

    private static string FindPwshDll()
    {
        string manifest = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, ".config", "dotnet-tools.json"));
        var match = ToolVersion().Match(manifest);
        if (!match.Success)
        {
            throw new InvalidDataException(".config/dotnet-tools.json pins no version of the powershell tool.");
        }

        string version = match.Groups[1].Value;
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string dll = Path.Combine(packages, "powershell", version, "tools", "net10.0", "any", OperatingSystem.IsWindows() ? "win" : "unix", "pwsh.dll");
        if (!File.Exists(dll))
        {
            Restore();
        }

        return File.Exists(dll) ? dll : throw new FileNotFoundException("dotnet tool restore did not bring pwsh " + version + " to " + dll);
    }

    private static void Restore()
    {
        var start = new ProcessStartInfo("dotnet", "tool restore") { WorkingDirectory = TestPaths.RepoRoot, UseShellExecute = false, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
    }

    [GeneratedRegex("\"powershell\"\\s*:\\s*\\{[^}]*\"version\"\\s*:\\s*\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ToolVersion();
}

/// <summary>What a process wrote and how it ended.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => "exit " + ExitCode + Environment.NewLine + Output + Environment.NewLine + Error;
}
