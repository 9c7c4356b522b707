using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace HafniumTools.EngineTests.Harness;

/// <summary>
/// Real PowerShell remoting over SSH on loopback, as admins run it: an OpenSSH server (Debian's openssh-server,
/// installed by build.ps1 -Task Test and .ci/run) started by the tests on a free port of 127.0.0.1, with the pinned
/// pwsh as its <c>powershell</c> subsystem and key authentication. Two servers: one where HafniumTools is on the
/// PSModulePath (a server with the module installed) and one where it is not.
/// </summary>
public sealed class SshLoopback : IDisposable
{
    private static readonly Lazy<SshLoopback> Shared = new(() => new SshLoopback());
    private readonly string _folder;
    private readonly Process _withModule;
    private readonly Process _withoutModule;

    private SshLoopback()
    {
        foreach (string tool in new[] { Sshd, "/usr/bin/ssh", "/usr/bin/ssh-keygen" })
        {
            if (!File.Exists(tool))
            {
                throw new InvalidOperationException(tool + " is missing: the SSH remoting tests need Debian's openssh-server and openssh-client (build.ps1 -Task Test installs them when run as root).");
            }
        }

        _folder = Path.Combine(Path.GetTempPath(), "hafnium-ssh-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
        KeyFile = Path.Combine(_folder, "client_key");
        Run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", Path.Combine(_folder, "host_key"));
        Run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", KeyFile);
        File.Copy(KeyFile + ".pub", Path.Combine(_folder, "authorized_keys"));

        // A module folder named after the module, pointing at the repository root (manifest, bin/, en-US/).
        string modules = Path.Combine(_folder, "Modules");
        Directory.CreateDirectory(modules);
        File.CreateSymbolicLink(Path.Combine(modules, "HafniumTools"), TestPaths.RepoRoot);

        if (Environment.UserName == "root")
        {
            Directory.CreateDirectory("/run/sshd");
        }

        PortWithModule = FreePort();
        _withModule = StartServer("with-module", PortWithModule, modules);
        PortWithoutModule = FreePort();
        _withoutModule = StartServer("without-module", PortWithoutModule, Path.Combine(_folder, "EmptyModules"));
    }

    /// <summary>The shared loopback servers, started on first use and stopped when the test process ends.</summary>
    public static SshLoopback Instance => Shared.Value;

    public string UserName => Environment.UserName;

    public string KeyFile { get; }

    public int PortWithModule { get; }

    public int PortWithoutModule { get; }

    private static string Sshd => "/usr/sbin/sshd";

    /// <summary>The PowerShell that opens a session to one of the servers.</summary>
    public string NewSession(bool withModule) =>
        $"New-PSSession -HostName 127.0.0.1 -Port {(withModule ? PortWithModule : PortWithoutModule)} -UserName '{UserName}' -KeyFilePath '{KeyFile}' " +
        "-Options @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' } -ErrorAction Stop";

    public void Dispose()
    {
        foreach (var server in new[] { _withModule, _withoutModule })
        {
            try
            {
                if (!server.HasExited)
                {
                    server.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
            }

            server.Dispose();
        }

        try
        {
            Directory.Delete(_folder, true);
        }
        catch (IOException)
        {
        }
    }

    private Process StartServer(string name, int port, string modulePath)
    {
        Directory.CreateDirectory(modulePath);
        string subsystem = Path.Combine(_folder, name + "-pwsh");
        File.WriteAllText(subsystem, $"#!/bin/sh\nexport PSModulePath='{modulePath}'\nexport POWERSHELL_TELEMETRY_OPTOUT=1\nexec dotnet '{RealPwsh.EntryAssembly}' -sshs -NoLogo -NoProfile\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(subsystem, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        string config = Path.Combine(_folder, name + ".sshd_config");
        File.WriteAllText(config, string.Join('\n',
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + Path.Combine(_folder, "host_key"),
            "PidFile " + Path.Combine(_folder, name + ".pid"),
            "AuthorizedKeysFile " + Path.Combine(_folder, "authorized_keys"),
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "PermitRootLogin prohibit-password",
            "StrictModes no",
            "UsePAM no",
            "Subsystem powershell " + subsystem,
            string.Empty));

        // -D: stay in the foreground as the test process's child; -e: log to stderr.
        var start = new ProcessStartInfo(Sshd) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in new[] { "-D", "-e", "-f", config })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + Sshd);
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        WaitForPort(port, process);
        return process;
    }

    private static void WaitForPort(int port, Process server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException("sshd exited with code " + server.ExitCode + " before listening on port " + port);
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                System.Threading.Thread.Sleep(100);
            }
        }

        throw new TimeoutException("sshd did not listen on port " + port + " within 20 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(file + " failed: " + error);
        }
    }
}
