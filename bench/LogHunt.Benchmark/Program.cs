using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using HafniumTools.Logs;

namespace LogHunt.Benchmark;

/// <summary>
/// Log hunt benchmark. Usage:
///   dotnet run -c Release --project bench/LogHunt.Benchmark -- [--size-mb 1024] [--data bench-data/loghunt] [--runs 2] [--python-runs 1]
/// Generates the logs once (clean server + server under attack), warms the page cache, then measures in the same run:
/// our engine (a child process running exactly the cmdlet's engine, reporting its peak memory), grep -F with the three
/// ProxyLogon strings, and a Python csv-module scan applying Test-ProxyLogon's condition.
///   ... -- engine &lt;folder&gt;   (child mode: scan and print findings, bytes and VmHWM)
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "engine")
        {
            int workers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
            int repeat = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
            for (int i = 1; i < repeat; i++)
            {
                // Warm runs first (the same hunt in this process): each prints its own time; the last is reported in full.
                var warm = Stopwatch.StartNew();
                HafniumTools.Logs.LogHunt.Run(new LogHuntRequest { Paths = [args[1]], ThrottleLimit = workers }, new CountingSink(), CancellationToken.None);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "run={0} seconds={1:0.000}", i, warm.Elapsed.TotalSeconds));
            }

            return RunEngine(args[1], workers);
        }

        long sizeMb = Option(args, "--size-mb", 1024);
        int runs = (int)Option(args, "--runs", 2);
        int pythonRuns = (int)Option(args, "--python-runs", 1);
        string data = Path.GetFullPath(OptionText(args, "--data") ?? Path.Combine(RepoRoot(), "bench-data", "loghunt"));
        Generate(data, sizeMb);
        var files = Directory.EnumerateFiles(data, "*.LOG", SearchOption.AllDirectories).ToList();
        long bytes = files.Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"Data: {data}: {files.Count} files, {bytes / 1048576.0:N0} MiB; {Environment.ProcessorCount} cores; .NET {Environment.Version}");
        WarmCache(files);

        var engine = Measure("engine (Find-HafniumLogIndicator core, child process)", runs, () => RunProcess(Environment.ProcessPath!, SelfArgs("engine", data)));
        var grep = Measure("grep -F -e 'ServerInfo~' -e 'X-BEResource' -e 'X-AnonResource' -r", runs, () => RunProcess("grep", ["-r", "-F", "-e", "ServerInfo~", "-e", "X-BEResource", "-e", "X-AnonResource", data]));
        string script = Path.Combine(AppContext.BaseDirectory, "testproxylogon_scan.py");
        var python = Measure("python3 csv scan with Test-ProxyLogon's condition", pythonRuns, () => RunProcess("python3", [script, data]));

        Console.WriteLine();
        Report("engine", engine, bytes);
        Report("grep -F", grep, bytes);
        Report("python csv", python, bytes);
        Console.WriteLine();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "engine time / grep time   = {0:0.00}  (goal <= 2.00); CPU time ratio {1:0.00}", engine.Best / grep.Best, engine.BestCpu / grep.BestCpu));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "python time / engine time = {0:0.0}  (goal >= 10); CPU time ratio {1:0.0}", python.Best / engine.Best, python.BestCpu / engine.BestCpu));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "load average at the end: {0}", File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a"));
        Console.WriteLine("engine: " + engine.LastOutput.Trim());
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "grep: {0} matching lines", grep.LastLines));
        Console.WriteLine("python: " + python.LastOutput.Trim());
        return 0;
    }

    private static int RunEngine(string folder, int throttle)
    {
        var watch = Stopwatch.StartNew();
        var sink = new CountingSink();
        HafniumTools.Logs.LogHunt.Run(new LogHuntRequest { Paths = [folder], ThrottleLimit = throttle }, sink, CancellationToken.None);
        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "files={0} bytes={1} seconds={2:0.000} findings={3} coverage={4} vmhwm_kb={5} verdicts=[{6}] rules=[{7}]",
            sink.Coverage.Sum(c => c.Files),
            sink.Coverage.Sum(c => c.Bytes),
            watch.Elapsed.TotalSeconds,
            sink.ByRule.Values.Sum(),
            sink.Coverage.Count,
            PeakKilobytes(),
            string.Join(" ", sink.ByVerdict.Select(p => p.Key + "=" + p.Value)),
            string.Join(" ", sink.ByRule.Select(p => p.Key + "=" + p.Value))));
        return 0;
    }

    private static long PeakKilobytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / 1024;
    }

    private static void Generate(string data, long sizeMb)
    {
        string marker = Path.Combine(data, "generated-" + sizeMb.ToString(CultureInfo.InvariantCulture) + "mb.txt");
        if (File.Exists(marker))
        {
            return;
        }

        if (Directory.Exists(data))
        {
            Directory.Delete(data, true);
        }

        var watch = Stopwatch.StartNew();
        long half = sizeMb * 1024 * 1024 / 2;
        var clean = new HttpProxyLogGenerator("EXCH11", attacked: false, seed: 11);
        clean.Write(data, half);
        var attacked = new HttpProxyLogGenerator("EXCH12", attacked: true, seed: 12);
        attacked.Write(data, half);
        File.WriteAllText(marker, string.Format(CultureInfo.InvariantCulture, "clean rows {0}, attacked rows {1}, malicious rows {2}\n", clean.Rows, attacked.Rows, attacked.MaliciousRows));
        Console.WriteLine($"Generated {sizeMb} MiB in {watch.Elapsed.TotalSeconds:0.0} s: " + File.ReadAllText(marker).Trim());
    }

    private static void WarmCache(List<string> files)
    {
        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            while (stream.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
    }

    private static Result Measure(string name, int runs, Func<(string Output, long Lines)> run)
    {
        var result = new Result(name);
        for (int i = 0; i < runs; i++)
        {
            double cpuBefore = ChildCpuSeconds();
            var watch = Stopwatch.StartNew();
            var (output, lines) = run();
            result.Seconds.Add(watch.Elapsed.TotalSeconds);
            result.CpuSeconds.Add(ChildCpuSeconds() - cpuBefore);
            result.LastOutput = output;
            result.LastLines = lines;
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}: run {1}: {2:0.000} s wall, {3:0.000} s CPU", name, i + 1, watch.Elapsed.TotalSeconds, result.CpuSeconds[^1]));
        }

        return result;
    }

    // User + system CPU time of all finished child processes (getrusage RUSAGE_CHILDREN); 0 where unavailable.
    private static double ChildCpuSeconds()
    {
        try
        {
            return NativeMethods.GetRUsage(-1, out var usage) == 0
                ? usage.UserSeconds + (usage.UserMicroseconds / 1e6) + usage.SystemSeconds + (usage.SystemMicroseconds / 1e6)
                : 0;
        }
        catch (DllNotFoundException)
        {
            return 0;
        }
        catch (EntryPointNotFoundException)
        {
            return 0;
        }
    }

    private static (string Output, long Lines) RunProcess(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        long lines = 0;
        string? last = null;
        var all = new System.Text.StringBuilder();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            lines++;
            last = line;
            if (all.Length < 4096)
            {
                all.AppendLine(line);
            }
        }

        process.WaitForExit();
        return (lines == 1 ? last! : all.ToString(), lines);
    }

    private static string[] SelfArgs(params string[] args)
    {
        // Run the same build as a child: 'dotnet LogHunt.Benchmark.dll engine <folder>' or the apphost directly.
        string? dll = typeof(Program).Assembly.Location;
        return Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? [dll, .. args] : args;
    }

    private static void Report(string name, Result r, long bytes) =>
        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "{0,-12} best {1,7:0.000} s wall {2,8:N0} MB/s | best {3,7:0.000} s CPU {4,8:N0} MB/s per CPU-second  (wall runs: {5})",
            name,
            r.Best,
            bytes / 1048576.0 / r.Best,
            r.BestCpu,
            bytes / 1048576.0 / r.BestCpu,
            string.Join(", ", r.Seconds.Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)))));

    private static long Option(string[] args, string name, long fallback) =>
        OptionText(args, name) is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HafniumTools.psd1")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    private sealed class Result(string name)
    {
        public string Name { get; } = name;

        public List<double> Seconds { get; } = [];

        public List<double> CpuSeconds { get; } = [];

        public double BestCpu => CpuSeconds.Count == 0 ? double.NaN : CpuSeconds.Min();

        public double Best => Seconds.Count == 0 ? double.NaN : Seconds.Min();

        public string LastOutput { get; set; } = string.Empty;

        public long LastLines { get; set; }
    }
}

internal static class NativeMethods
{
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getrusage")]
    public static extern int GetRUsage(int who, out RUsage usage);
}

[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
internal struct RUsage
{
    public long UserSeconds;
    public long UserMicroseconds;
    public long SystemSeconds;
    public long SystemMicroseconds;
    public long MaxRss;
    public long IxRss;
    public long IdRss;
    public long IsRss;
    public long MinFlt;
    public long MajFlt;
    public long NSwap;
    public long InBlock;
    public long OuBlock;
    public long MsgSnd;
    public long MsgRcv;
    public long NSignals;
    public long NVCsw;
    public long NIvCsw;
}
