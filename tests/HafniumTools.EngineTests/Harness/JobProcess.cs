using System;
using System.IO;
using System.Management.Automation;

namespace HafniumTools.EngineTests.Harness;

/// <summary>
/// Start-Job starts <c>$PSHOME/pwsh</c> as the job's process. A hosted engine's <c>$PSHOME</c> is the folder of
/// System.Management.Automation.dll in the test output, which has no pwsh, so the harness puts a launcher there
/// that runs the real pwsh the project pins (<see cref="RealPwsh"/>): jobs then cross a real process boundary
/// and come back through PowerShell's serializer, exactly as they do for users.
/// </summary>
public static class JobProcess
{
    private static readonly Lazy<bool> Installed = new(Install);

    /// <summary>Whether Start-Job works in the hosted engine (on Windows the launcher would need an executable).</summary>
    public static bool IsAvailable => Installed.Value;

    public static void EnsureAvailable() => _ = Installed.Value;

    private static bool Install()
    {
        string psHome = Path.GetDirectoryName(typeof(PSObject).Assembly.Location)!;
        if (OperatingSystem.IsWindows())
        {
            return File.Exists(Path.Combine(psHome, "pwsh.exe"));
        }

        string launcher = Path.Combine(psHome, "pwsh");
        string script = "#!/bin/sh\nexec dotnet \"" + RealPwsh.EntryAssembly + "\" \"$@\"\n";
        if (!File.Exists(launcher) || File.ReadAllText(launcher) != script)
        {
            string temp = launcher + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(temp, script);
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            File.Move(temp, launcher, overwrite: true);
        }

        return true;
    }
}
