using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using HafniumTools.Builds;
using HafniumTools.ExchangeEmulator;
using HafniumTools.Remote;

namespace Exposure.Benchmark;

/// <summary>
/// Sweeps N loopback targets (127.1.x.y, one emulated front end on 0.0.0.0 serving a mixed fleet) several ways in the
/// same run, each as its own process so that its wall time and peak memory are its own, after one unmeasured warm-up
/// sweep of the front end:
///   ours    Test-HafniumExposure's engine (ExposureProbe + ExposureSweep, exactly what the cmdlet runs): the full probe
///           of every target (OWA, the version-routed path probes, the manifest, the CVE-2021-26855 check);
///   cmdlet  the same through Test-HafniumExposure in pwsh (dotnet pwsh, when the tool is restored), engine start included;
///   cmdlet, ReadyToRun pwsh  the same in pwsh's console host compiled ahead of time as Microsoft's packages are
///           (bench/PwshReadyToRun, published before the rounds): the pinned global tool has no ReadyToRun code;
///   check   the engine with -SkipBuildProbe: the CVE-2021-26855 check alone, the question nmap's script asks;
///   nmap    Debian's nmap running one scripted HTTPS request per target (the CVE-2021-26855 request, http-cve2021-26855-probe.nse);
///   floor   connect and TLS handshake only, as the probe makes them: what any SslStream-based probe costs at least.
/// Usage: Exposure.Benchmark [--targets 10000] [--throttle 256] [--port 18443] [--runs 1] [--no-cmdlet]
///        Exposure.Benchmark --sweep targets.txt --port P --throttle T [--skip-build-probe]   (child mode: our engine, prints one RESULT line)
///        Exposure.Benchmark --handshakes targets.txt --port P --throttle T   (child mode: connect and TLS handshake only)
///        Exposure.Benchmark --serve SECONDS [--port P]                  (only the emulated fleet, to try things by hand)
/// </summary>
internal static class Program
{
    // The emulated front end's request counter, read around each measured run.
    private static Func<long> _requestsServed = () => 0;

    public static async Task<int> Main(string[] args)
    {
        int port = IntArg(args, "--port", 18443);
        int throttle = IntArg(args, "--throttle", 256);
        if (Array.IndexOf(args, "--sweep") is int at and >= 0)
        {
            return await SweepAsync(args[at + 1], port, throttle, skipBuildProbe: Array.IndexOf(args, "--skip-build-probe") >= 0).ConfigureAwait(false);
        }

        if (Array.IndexOf(args, "--handshakes") is int handshakes and >= 0)
        {
            return await HandshakeFloor.RunAsync(args[handshakes + 1], port, throttle).ConfigureAwait(false);
        }

        if (Array.IndexOf(args, "--serve") is int serve and >= 0)
        {
            // Only the fleet, for trying the cmdlet by hand: Test-HafniumExposure -Uri https://127.1.0.3:<port>/ -SkipCertificateCheck
            await using var fleet = await ExchangeFrontEnd.StartAsync(Fleet.ProfileOf, new FrontEndOptions { Address = IPAddress.Any, Port = port, RecordRequests = false }).ConfigureAwait(false);
            Console.WriteLine($"Serving the fleet on 0.0.0.0:{port} for {args[serve + 1]} s; 127.1.0.1 is {Fleet.ProfileOf(0)}, 127.1.0.2 {Fleet.ProfileOf(1)}, ...");
            using var stop = new CancellationTokenSource();
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; stop.Cancel(); });
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; stop.Cancel(); });
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(int.Parse(args[serve + 1], CultureInfo.InvariantCulture)), stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("Stopped.");
            }

            return 0;
        }

        int count = IntArg(args, "--targets", 10_000);
        int runs = IntArg(args, "--runs", 1);
        string repo = Directory.GetCurrentDirectory();
        if (!File.Exists(Path.Combine(repo, "HafniumTools.psd1")))
        {
            Console.Error.WriteLine("Run it from the repository root (the folder of HafniumTools.psd1); see docs/benchmarks.md.");
            return 2;
        }

        string data = Path.Combine(repo, "bench-data", "exposure");
        Directory.CreateDirectory(data);
        string targets = Path.Combine(data, "targets-" + count + ".txt");
        File.WriteAllLines(targets, Enumerable.Range(0, count).Select(Fleet.Address));

        await using var server = await ExchangeFrontEnd.StartAsync(Fleet.ProfileOf, new FrontEndOptions { Address = IPAddress.Any, Port = port, RecordRequests = false }).ConfigureAwait(false);
        _requestsServed = () => server.RequestCount;
        Console.WriteLine($"Fleet: {count:N0} targets 127.1.0.1 ... {Fleet.Address(count - 1)}, one emulated front end on 0.0.0.0:{port} ({ExchangeProfiles.All.Count} Exchange profiles and a plain site in turn); {Environment.ProcessorCount} cores; load {LoadAverage()}");

        string self = typeof(Program).Assembly.Location;
        string xml = Path.Combine(data, "nmap-" + count + ".xml");
        string script = Path.Combine(AppContext.BaseDirectory, "http-cve2021-26855-probe.nse");
        string[] nmapArgs = ["-n", "-Pn", "-p", port.ToString(CultureInfo.InvariantCulture), "-T5", "--max-retries", "0", "--min-hostgroup", count.ToString(CultureInfo.InvariantCulture), "--script", script, "-iL", targets, "-oX", xml];
        string command = "$t = [System.IO.File]::ReadAllLines('" + targets + "'); Import-Module '" + Path.Combine(repo, "HafniumTools.psd1") + "'; "
            + "$n = 0; $ok = 0; $t | Test-HafniumExposure -Port " + port + " -SkipCertificateCheck -ThrottleLimit " + throttle + " -TotalTimeoutSeconds 120 | ForEach-Object { $n++; if ($_.Reachable) { $ok++ } }; "
            + "'RESULT cmdlet results=' + $n + ' reachable=' + $ok";
        bool withCmdlet = Array.IndexOf(args, "--no-cmdlet") < 0;

        // The engine child's arguments over every target (the floor child takes the same ones after its mode).
        string[] sweep = [self, "--sweep", targets, "--port", port.ToString(CultureInfo.InvariantCulture), "--throttle", throttle.ToString(CultureInfo.InvariantCulture)];

        // The emulated front end compiles its code while it serves its first thousands of requests (tiered JIT, then
        // the optimised tier of what stays hot), which costs seconds of CPU on the same cores: whichever tool ran first
        // would pay for it. After one sweep of the first 2,000 targets the server still compiled for about a second of
        // CPU during the next full sweep, and not at all during the one after: one unmeasured sweep of every target
        // comes first.
        Run("warm-up of the emulated front end (not measured)", "dotnet", sweep);

        // The machine is shared and its speed drifts: the tools take turns, in the opposite order every other round,
        // and each one's best round is compared.
        Measured? ours = null, check = null, nmap = null, cmdlet = null, readyCmdlet = null, floor = null;
        List<double> oursRounds = [], nmapRounds = [], cmdletRounds = [], readyCmdletRounds = [];
        var tools = new List<Action>
        {
            () => ours = Best(ours, Round(oursRounds, Run("ours (engine, full probe)", "dotnet", sweep))),
            () => check = Best(check, Run("ours, -SkipBuildProbe (the CVE-2021-26855 check only)", "dotnet", [.. sweep, "--skip-build-probe"])),
            () =>
            {
                var n = Best(nmap, Round(nmapRounds, Run("nmap (one scripted request)", "nmap", nmapArgs)));
                var (answered, correct) = NmapVerdicts(xml, count);
                Console.WriteLine($"  nmap: {answered:N0} of {count:N0} targets answered, {correct:N0} with the expected SSRF answer");
                nmap = n;
            },
            () => floor = Best(floor, Run("floor (TLS handshake only, SslStream)", "dotnet", [self, "--handshakes", .. sweep[2..]])),
        };
        if (withCmdlet)
        {
            tools.Add(() => cmdlet = Best(cmdlet, Round(cmdletRounds, Run("cmdlet (Test-HafniumExposure in pwsh)", "dotnet", ["pwsh", "-NoProfile", "-NonInteractive", "-Command", command], repo))));
            if (PublishReadyToRunPwsh(repo) is string readyPwsh)
            {
                tools.Add(() => readyCmdlet = Best(readyCmdlet, Round(readyCmdletRounds, Run("cmdlet, ReadyToRun pwsh (as Microsoft's packages)", readyPwsh, ["-NoProfile", "-NonInteractive", "-Command", command], repo))));
            }
        }

        for (int round = 1; round <= runs; round++)
        {
            Console.WriteLine($"Round {round} of {runs}{(round % 2 == 0 ? " (tools in reverse order)" : string.Empty)}, load {LoadAverage()}");
            foreach (var tool in round % 2 == 0 ? Enumerable.Reverse(tools) : tools)
            {
                tool();
            }
        }

        if (ours is null || nmap is null)
        {
            return 1;
        }

        Console.WriteLine();
        Console.WriteLine("| tool | what it does per target | wall s | targets/s | peak memory MB | its CPU s | emulated server's CPU s | HTTP requests per target |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Row(ours, "full probe: OWA, version-routed build probe, manifest when needed, SSRF check", count);
        if (cmdlet is not null)
        {
            Row(cmdlet, "the same, through the cmdlet (pwsh start included)", count);
        }

        if (readyCmdlet is not null)
        {
            Row(readyCmdlet, "the same, through the cmdlet in pwsh compiled ReadyToRun (start included)", count);
        }

        if (check is not null)
        {
            Row(check, "the CVE-2021-26855 check only (-SkipBuildProbe), GET /owa/ when it goes unanswered", count);
        }

        Row(nmap, "port scan + one HTTPS request (SSRF check)", count);
        if (floor is not null)
        {
            Row(floor, "connect + TLS handshake, no request: the floor under any probe made with SslStream", count);
        }

        Console.WriteLine();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ratio nmap wall / ours wall: {0:0.00}x{1}", nmap.Seconds / ours.Seconds,
            (cmdlet is null ? string.Empty : string.Format(CultureInfo.InvariantCulture, "; nmap / cmdlet: {0:0.00}x", nmap.Seconds / cmdlet.Seconds))
            + (readyCmdlet is null ? string.Empty : string.Format(CultureInfo.InvariantCulture, "; nmap / cmdlet in ReadyToRun pwsh: {0:0.00}x", nmap.Seconds / readyCmdlet.Seconds))));
        if (check is not null)
        {
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ratio nmap wall / ours with -SkipBuildProbe wall: {0:0.00}x (the same question per target)", nmap.Seconds / check.Seconds));
        }

        if (floor is not null)
        {
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ratio nmap wall / handshake floor wall: {0:0.00}x (above 1 is the most any SslStream probe could reach here)", nmap.Seconds / floor.Seconds));
        }

        // The machine's speed drifts between rounds: the ratio within each round, where the tools ran minutes apart, is
        // printed beside the ratio of best rounds.
        Console.WriteLine("ratio nmap wall / ours wall in each round: " + PerRound(nmapRounds, oursRounds));
        if (cmdletRounds.Count > 0)
        {
            Console.WriteLine("ratio nmap wall / cmdlet wall in each round: " + PerRound(nmapRounds, cmdletRounds));
        }

        if (readyCmdletRounds.Count > 0)
        {
            Console.WriteLine("ratio nmap wall / cmdlet in ReadyToRun pwsh wall in each round: " + PerRound(nmapRounds, readyCmdletRounds));
        }

        Console.WriteLine("Load average after measuring: " + LoadAverage());
        return 0;
    }

    // Child mode: our engine over the targets file, as the cmdlet runs it, checked against the expected answers.
    private static async Task<int> SweepAsync(string targetsFile, int port, int throttle, bool skipBuildProbe)
    {
        var clock = Stopwatch.StartNew();
        var options = new ExposureOptions { SkipCertificateCheck = true, TotalTimeout = TimeSpan.FromSeconds(120), SkipBuildProbe = skipBuildProbe };
        var probe = new ExposureProbe(options, new BuildCatalogAdapter(BuildCatalog.Embedded));
        int results = 0, reachable = 0, ssrfRight = 0, buildRight = 0;
        var byReachability = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Count(ExposureResult r)
        {
            int index = Fleet.IndexOf(IPAddress.Parse(r.ComputerName));
            results++;
            reachable += r.Reachable ? 1 : 0;
            ssrfRight += r.SsrfStatus == Fleet.ExpectedSsrf(index) ? 1 : 0;
            buildRight += Equals(r.Build, skipBuildProbe ? Fleet.ExpectedBuildFromCheckAlone(index) : Fleet.ExpectedBuild(index)) ? 1 : 0;
            byReachability[r.Reachability.ToString()] = byReachability.GetValueOrDefault(r.Reachability.ToString()) + 1;
        }

        using (var sweep = new ExposureSweep(probe.ProbeAsync, probe.Failed, throttle, ordered: true, CancellationToken.None))
        {
            foreach (string line in File.ReadLines(targetsFile))
            {
                ExposureTarget.TryParse(line, port, out var target, out _);
                sweep.Add(target!, Count);
            }

            sweep.Complete(Count);
        }

        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "RESULT ours results={0} reachable={1} ssrf-as-expected={2} build-as-expected={3} seconds={4:0.000} ({5}) allocated-mb={6:0} gc0={7} gc1={8} gc2={9} gc-pause-ms={11:0} jit-ms={12:0} peak-kb={10}",
            results, reachable, ssrfRight, buildRight, clock.Elapsed.TotalSeconds, string.Join(" ", byReachability.Select(p => p.Key + "=" + p.Value)),
            GC.GetTotalAllocatedBytes() / 1048576.0, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), PeakKilobytes(Environment.ProcessId),
            GC.GetTotalPauseDuration().TotalMilliseconds, System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds));
        return 0;
    }

    private static (int Answered, int Correct) NmapVerdicts(string xml, int count)
    {
        if (!File.Exists(xml))
        {
            return (0, 0);
        }

        int answered = 0, correct = 0;
        foreach (var host in XDocument.Load(xml).Descendants("host"))
        {
            string? address = host.Element("address")?.Attribute("addr")?.Value;
            string? output = host.Descendants("script").FirstOrDefault()?.Attribute("output")?.Value;
            if (address is null || output is null)
            {
                continue;
            }

            answered++;
            int index = Fleet.IndexOf(IPAddress.Parse(address));
            correct += index >= 0 && index < count && output.StartsWith(Fleet.ExpectedNmap(index), StringComparison.Ordinal) ? 1 : 0;
        }

        return (answered, correct);
    }

    // Runs a process to its end; wall time and the peak resident memory (VmHWM, polled) are its own.
    private static Measured Run(string name, string file, IEnumerable<string> arguments, string? directory = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory ?? Environment.CurrentDirectory };
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        Console.WriteLine(name + ": " + file + " " + string.Join(" ", info.ArgumentList.Select(a => a.Contains(' ', StringComparison.Ordinal) ? "'" + a + "'" : a)));
        var serverCpu = Process.GetCurrentProcess().TotalProcessorTime;
        long requestsBefore = _requestsServed();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        long peak = 0;
        double cpu = 0;
        var poll = Task.Run(async () =>
        {
            // dotnet pwsh runs PowerShell in a child of the dotnet muxer: the process and its descendants count.
            while (!process.HasExited)
            {
                var tree = WithDescendants(process.Id);
                peak = Math.Max(peak, tree.Max(PeakKilobytes));
                cpu = Math.Max(cpu, tree.Sum(CpuSeconds));
                await Task.Delay(50).ConfigureAwait(false);
            }
        });
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        double seconds = clock.Elapsed.TotalSeconds;
        double server = (Process.GetCurrentProcess().TotalProcessorTime - serverCpu).TotalSeconds;
        poll.Wait();
        string last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("RESULT", StringComparison.Ordinal)) ?? string.Empty;
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"  {name} exited with {process.ExitCode}: {error.Result.Trim()}");
        }

        // The child's own figure is the exact peak; polling can miss the last 50 ms.
        if (last.Contains("peak-kb=", StringComparison.Ordinal))
        {
            peak = Math.Max(peak, long.Parse(last[(last.IndexOf("peak-kb=", StringComparison.Ordinal) + 8)..], CultureInfo.InvariantCulture));
        }

        return new Measured(name, seconds, peak, last, cpu, server, _requestsServed() - requestsBefore);
    }

    // pwsh's console host compiled ReadyToRun (bench/PwshReadyToRun), published into bench-data before the rounds;
    // null, with the reason printed, when it could not be published or its engine carries no ReadyToRun code.
    private static string? PublishReadyToRunPwsh(string repo)
    {
        string output = Path.Combine(repo, "bench-data", "pwsh-readytorun");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = repo };
        foreach (string a in new[] { "publish", Path.Combine(repo, "bench", "PwshReadyToRun"), "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-o", output, "--nologo" })
        {
            info.ArgumentList.Add(a);
        }

        Console.WriteLine("publishing pwsh compiled ReadyToRun (not measured): dotnet " + string.Join(" ", info.ArgumentList));
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string host = Path.Combine(output, OperatingSystem.IsWindows() ? "PwshReadyToRun.exe" : "PwshReadyToRun");
        if (process.ExitCode != 0 || !File.Exists(host))
        {
            Console.WriteLine($"  not published (exit code {process.ExitCode}), the row is left out: " + string.Join(" ", (text + error.Result).Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(3)));
            return null;
        }

        // What is measured must be what the row says: the engine's assembly carries code compiled ahead of time.
        using var engine = new PEReader(File.OpenRead(Path.Combine(output, "System.Management.Automation.dll")));
        if (engine.PEHeaders.CorHeader is not { ManagedNativeHeaderDirectory.Size: > 0 })
        {
            Console.WriteLine("  System.Management.Automation.dll has no ReadyToRun code; the row is left out");
            return null;
        }

        return host;
    }

    private static Measured Round(List<double> rounds, Measured run)
    {
        rounds.Add(run.Seconds);
        return run;
    }

    private static string PerRound(List<double> peer, List<double> ours)
    {
        var ratios = peer.Zip(ours, (p, o) => p / o).ToList();
        var sorted = ratios.OrderBy(r => r).ToList();
        double median = sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture))) + string.Format(CultureInfo.InvariantCulture, " (median {0:0.00})", median);
    }

    private static Measured Best(Measured? best, Measured run)
    {
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0:0.00} s wall, {1:0.0} s CPU, {2:N0} MB peak; {3}", run.Seconds, run.CpuSeconds, run.PeakKb / 1024.0, run.LastLine));
        return best is null || run.Seconds < best.Seconds ? run : best;
    }

    private static void Row(Measured m, string what, int count) =>
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1} | {2:0.00} | {3:N0} | {4:N0} | {5:0.0} | {6:0.0} | {7:0.0} |", m.Name, what, m.Seconds, count / m.Seconds, m.PeakKb / 1024.0, m.CpuSeconds, m.ServerCpuSeconds, m.Requests / (double)count));

    private static long PeakKilobytes(int pid)
    {
        try
        {
            string? line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0; // the process has just ended
        }
    }

    private static List<int> WithDescendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out int pid) && StatFields(pid) is { } fields)
            {
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }

        var tree = new List<int> { root };
        for (int i = 0; i < tree.Count; i++)
        {
            tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        }

        return tree;
    }

    // The fields of /proc/<pid>/stat after the parenthesised name (state, ppid, ...), or null when it has ended.
    private static string[]? StatFields(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    // utime + stime of /proc/<pid>/stat (fields 14 and 15, after the parenthesised name), in clock ticks of 1/100 s.
    private static double CpuSeconds(int pid) =>
        StatFields(pid) is { } fields ? (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0 : 0;

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int IntArg(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : fallback;
    }

    private sealed record Measured(string Name, double Seconds, long PeakKb, string LastLine, double CpuSeconds, double ServerCpuSeconds, long Requests);
}
