using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using HafniumTools.Core;
using HafniumTools.Files;
using HafniumTools.Model;

namespace WebShell.Benchmark;

/// <summary>
/// Generates a web tree of N files and measures, in the same run and on the same warm page cache:
/// our scan (walk + parallel evidence-safe read + every rule), grep -rlE with the China Chopper / eval-Request
/// patterns, and a naive scan that reads every file as text and runs a set of signature regexes over all of it.
/// </summary>
internal static class Program
{
    // The patterns a quick hunt would grep for (China Chopper, eval of request input, uploaders, command runners).
    private const string GrepPattern = @"eval *\(Request|eval\(System\.Text|JScriptEvaluate|Request\.Files|Process\.Start|WScript\.Shell|FromBase64String|unsafe";

    private static readonly Regex[] NaivePatterns =
    [
        .. new[]
        {
            @"<%@\s*Page\s+Language\s*=\s*.Jscript.\s*%>\s*<%\s*eval\s*\(\s*Request\.Item\[",
            @"runat\s*=\s*""server"">\s*function\s+Page_Load\s*\(\s*\)\s*\{\s*eval\s*\(\s*Request",
            @"\beval[\s\(]{1,20}request[.\(\[]",
            @"eval\(System\.Text\.Encoding\.[\s\S]{0,100}FromBase64String\(",
            @"Request\.Files\[0\]\.SaveAs\(|HttpPostedFile\s+\w+\s*=\s*Request\.Files",
            @"new\s+System\.IO\.StreamWriter\(Request\.Form\[",
            @"Process\.Start\s*\([^)]{0,200}Request",
            @"new\s+ActiveXObject\s*\(\s*[""']WScript\.Shell[""']\s*\)\.Exec\(",
            @"JScriptEvaluate\s*\(",
            @"ExternalUrl\s*:\s*http://[^\s]*<script",
            @"InternalUrl\s*:\s*http://[^\s]*<script",
            @"[""']unsafe[""']",
        }.Select(p => new Regex(p, RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant)),
    ];

    public static int Main(string[] args)
    {
        int files = IntArg(args, "--files", 100_000);
        int runs = IntArg(args, "--runs", 3);
        int threads = IntArg(args, "--threads", Environment.ProcessorCount);
        string repo = FindRepoRoot();
        string data = Path.Combine(repo, "bench-data", "webshell-tree-" + files);
        if (args.Contains("--regenerate") && Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        if (!Directory.Exists(data))
        {
            Console.WriteLine($"Generating {files:N0} files in {data} ...");
            var clock = Stopwatch.StartNew();
            var generator = new TreeGenerator(data + ".tmp", files, seed: 20210302, Path.Combine(repo, "tests", "HafniumTools.Tests", "Fixtures", "Files", "Shells"));
            generator.Generate();
            Directory.Move(data + ".tmp", data);
            Console.WriteLine($"  generated in {clock.Elapsed.TotalSeconds:N1} s");
        }

        var allFiles = Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).ToList();
        long bytes = allFiles.Sum(f => new FileInfo(f).Length);
        var shells = allFiles.Where(f => Path.GetFileName(f).Contains('-') && !Path.GetFileName(f).StartsWith("App_Web_", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        Console.WriteLine($"Tree: {allFiles.Count:N0} files, {bytes / 1048576.0:N1} MB, {shells.Count} planted shells; {threads} threads; {Environment.ProcessorCount} cores; best of {runs} runs");

        // Warm the page cache so every contender reads from memory, not from the disk.
        foreach (string f in allFiles)
        {
            File.ReadAllBytes(f);
        }

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var ours = Measure(runs, () => OurScan(data, threads));
        var oursCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        if (args.Contains("--ours-only"))
        {
            // For profiling and for comparing builds of the module: our scan alone, its time and what it found.
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ours: {0:N2} s, {4:N2} s of CPU, {1} of {2} shells, {3} other files flagged",
                ours.Seconds, ours.Flagged.Count(shells.Contains), shells.Count, ours.Flagged.Count(f => !shells.Contains(f)), oursCpu.TotalSeconds));
            return 0;
        }

        var naive = Measure(runs, () => NaiveScan(data, threads));
        var grep = Measure(runs, () => GrepScan(data));

        Console.WriteLine();
        Console.WriteLine("| scanner | seconds | files/s | MB/s | vs ours | shells found | other files flagged |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Row("HafniumTools FileScan.WebShells (High+ Compromise)", ours, ours.Seconds, allFiles.Count, bytes, shells);
        Row("naive ReadAllText + 12 signature regexes (" + threads + " threads)", naive, ours.Seconds, allFiles.Count, bytes, shells);
        Row("grep -rlE (China Chopper / eval-Request / runner patterns)", grep, ours.Seconds, allFiles.Count, bytes, shells);
        Console.WriteLine();
        Console.WriteLine("Load average after measuring: " + (File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a"));
        return 0;
    }

    private static void Row(string name, Result r, double ourSeconds, int files, long bytes, HashSet<string> shells)
    {
        int found = r.Flagged.Count(shells.Contains);
        int other = r.Flagged.Count(f => !shells.Contains(f));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:N2} | {2:N0} | {3:N0} | {4:N2}x | {5}/{6} | {7:N0} |",
            name, r.Seconds, files / r.Seconds, bytes / 1048576.0 / r.Seconds, r.Seconds / ourSeconds, found, shells.Count, other));
    }

    private static Result OurScan(string root, int threads)
    {
        // Exactly what Find-HafniumWebShell runs: the engine's one way in, reporting to a sink.
        var sink = new FlaggingSink();
        FileScan.WebShells([new ScanRoot(root)], new FileScanOptions { ThrottleLimit = threads }, sink, CancellationToken.None);
        return new Result(0, sink.Flagged);
    }

    /// <summary>Keeps the files with a High or Critical Compromise finding and prints every error.</summary>
    private sealed class FlaggingSink : IScanSink
    {
        public HashSet<string> Flagged { get; } = new(StringComparer.Ordinal);

        public void Found(Finding finding)
        {
            if (finding.Verdict == Verdict.Compromise && finding.Severity >= Severity.High)
            {
                Flagged.Add(finding.Path!);
            }
        }

        public void Covered(ScanCoverage coverage)
        {
        }

        public void Problem(ScanProblem problem)
        {
            if (problem.Level == ProblemLevel.Error)
            {
                Console.Error.WriteLine("error: " + problem);
            }
        }

        public void Progress(ScanProgress progress)
        {
        }
    }

    private static Result NaiveScan(string root, int threads)
    {
        var flagged = new ConcurrentBag<string>();
        Parallel.ForEach(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories), new ParallelOptions { MaxDegreeOfParallelism = threads }, file =>
        {
            string text = File.ReadAllText(file);
            if (NaivePatterns.Any(p => p.IsMatch(text)))
            {
                flagged.Add(file);
            }
        });
        return new Result(0, flagged.ToHashSet(StringComparer.Ordinal));
    }

    private static Result GrepScan(string root)
    {
        var start = new ProcessStartInfo("grep", ["-rlE", GrepPattern, root]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var grep = Process.Start(start)!;
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        string? line;
        while ((line = grep.StandardOutput.ReadLine()) is not null)
        {
            flagged.Add(line);
        }

        grep.WaitForExit();
        return new Result(0, flagged);
    }

    private static Result Measure(int runs, Func<Result> scan)
    {
        Result? best = null;
        for (int i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            var result = scan();
            double seconds = clock.Elapsed.TotalSeconds;
            if (best is null || seconds < best.Seconds)
            {
                best = result with { Seconds = seconds };
            }
        }

        return best!;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : fallback;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HafniumTools.psd1")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private sealed record Result(double Seconds, HashSet<string> Flagged);
}
