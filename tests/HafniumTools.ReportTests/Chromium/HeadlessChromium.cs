using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace HafniumTools.ReportTests.Chromium;

/// <summary>
/// A headless Chromium of its own (fresh profile, DevTools on a loopback port the browser picks), with one page
/// connected over the DevTools protocol. Chromium is Debian's <c>chromium</c> (build.ps1 installs it for the tests), or
/// the browser named by the <c>HAFNIUM_CHROMIUM</c> environment variable.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>
    /// The flags every run uses: headless, no sandbox (root in CI), and nothing that reaches for the network on its own
    /// (without the background-networking flags Chromium floods a closed network with update and sync requests).
    /// </summary>
    public static readonly string[] QuietFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
        "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
    ];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _profile;

    private HeadlessChromium(Process process, string profile, DevToolsSession page)
    {
        _process = process;
        _profile = profile;
        Page = page;
    }

    /// <summary>The one page of this browser.</summary>
    public DevToolsSession Page { get; }

    /// <summary>The Chromium to run, or a message saying how to get one.</summary>
    public static string Executable
    {
        get
        {
            string? named = Environment.GetEnvironmentVariable("HAFNIUM_CHROMIUM");
            string[] candidates = string.IsNullOrEmpty(named)
                ? ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
                : [named];
            return candidates.FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException("No Chromium for the report tests: install Debian's chromium (build.ps1 -Task Test does, as root: apt-get install -y chromium) or set HAFNIUM_CHROMIUM to a Chromium or Chrome executable.");
        }
    }

    /// <summary>Starts Chromium on about:blank and connects to its page.</summary>
    public static async Task<HeadlessChromium> StartAsync(int width = 1280, int height = 900)
    {
        string profile = Directory.CreateTempSubdirectory("ht-chromium-").FullName;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string flag in QuietFlags.Concat([$"--user-data-dir={profile}", "--remote-debugging-port=0", $"--window-size={width},{height}", "about:blank"]))
        {
            start.ArgumentList.Add(flag);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + start.FileName);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            int port = await DevToolsPortAsync(profile, process);
            var page = await DevToolsSession.ConnectAsync(await PageEndpointAsync(port));
            return new HeadlessChromium(process, profile, page);
        }
        catch
        {
            Stop(process, profile);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Page.DisposeAsync();
        Stop(_process, _profile);
    }

    /// <summary>The port Chromium wrote to DevToolsActivePort in its profile once it listens.</summary>
    private static async Task<int> DevToolsPortAsync(string profile, Process process)
    {
        string file = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("Chromium exited with code " + process.ExitCode + " before it listened for DevTools.");
            }

            if (File.Exists(file))
            {
                string[] lines = await File.ReadAllLinesAsync(file);
                if (lines.Length > 0 && int.TryParse(lines[0], out int port))
                {
                    return port;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Chromium did not open its DevTools port within " + StartTimeout + ".");
    }

    private static async Task<Uri> PageEndpointAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            using var targets = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list")));
            foreach (var target in targets.RootElement.EnumerateArray())
            {
                if (target.GetProperty("type").GetString() == "page")
                {
                    return new Uri(target.GetProperty("webSocketDebuggerUrl").GetString()!);
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Chromium opened no page within " + StartTimeout + ".");
    }

    private static void Stop(Process process, string profile)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
        for (int attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                Directory.Delete(profile, true);
                return;
            }
            catch (IOException)
            {
                System.Threading.Thread.Sleep(200);
            }
        }
    }
}
