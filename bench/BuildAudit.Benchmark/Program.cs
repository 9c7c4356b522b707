using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using HafniumTools.Builds;

namespace BuildAudit.Benchmark;

/// <summary>
/// 100,000 mixed build inputs (plain builds, ExSetup file versions, AdminDisplayVersion text, CU-level builds,
/// builds newer than the catalog and garbage) through the audit core: parse, then audit. The naive peer runs the
/// same inputs in the same process. Prints throughput and the ratio.
/// </summary>
internal static class Program
{
    private const int InputCount = 100_000;
    private const int Rounds = 5;

    private static int Main(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : InputCount;
        var catalog = BuildCatalog.Embedded;
        var reader = new BuildInputReader(catalog);
        var auditor = new BuildAuditor(catalog);
        var peer = new NaiveHealthCheckerPeer(catalog);
        string[] inputs = MixedInputs(catalog, count, new Random(20210302));

        // Warm-up (JIT, catalog indexes).
        RunCore(reader, auditor, inputs.Take(2_000).ToArray());
        RunPeer(peer, inputs.Take(2_000).ToArray());

        double coreBest = double.MaxValue, peerBest = double.MaxValue;
        int[] coreCounts = [], peerCounts = [];
        for (int round = 0; round < Rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            coreCounts = RunCore(reader, auditor, inputs);
            coreBest = Math.Min(coreBest, watch.Elapsed.TotalSeconds);

            watch.Restart();
            peerCounts = RunPeer(peer, inputs);
            peerBest = Math.Min(peerBest, watch.Elapsed.TotalSeconds);
        }

        Console.WriteLine($"Build audit benchmark: {count:N0} mixed inputs, catalog {catalog.Version} ({catalog.Entries.Count} builds), best of {Rounds} rounds");
        Console.WriteLine($"  HafniumTools audit core : {coreBest * 1000,9:F1} ms  {count / coreBest,12:N0} builds/s  (patched {coreCounts[0]:N0}, vulnerable {coreCounts[1]:N0}, indeterminate {coreCounts[2]:N0}, other {coreCounts[3]:N0}, rejected {coreCounts[4]:N0})");
        Console.WriteLine($"  naive HealthChecker peer: {peerBest * 1000,9:F1} ms  {count / peerBest,12:N0} builds/s  (patched {peerCounts[0]:N0}, vulnerable {peerCounts[1]:N0}, unknown {peerCounts[2]:N0})");
        Console.WriteLine($"  ratio (core throughput / peer throughput): {peerBest / coreBest:F1}x");
        return 0;
    }

    private static int[] RunCore(BuildInputReader reader, BuildAuditor auditor, string[] inputs)
    {
        var counts = new int[5];
        foreach (string input in inputs)
        {
            if (reader.Read(input).Observation is not { } observation)
            {
                counts[4]++;
                continue;
            }

            switch (auditor.Audit(observation).ProxyLogonStatus)
            {
                case ProxyLogonStatus.Patched: counts[0]++; break;
                case ProxyLogonStatus.Vulnerable: counts[1]++; break;
                case ProxyLogonStatus.Indeterminate: counts[2]++; break;
                default: counts[3]++; break;
            }
        }

        return counts;
    }

    private static int[] RunPeer(NaiveHealthCheckerPeer peer, string[] inputs)
    {
        var counts = new int[3];
        foreach (string input in inputs)
        {
            switch (peer.Judge(input))
            {
                case "Patched": counts[0]++; break;
                case "Vulnerable": counts[1]++; break;
                default: counts[2]++; break;
            }
        }

        return counts;
    }

    private static string[] MixedInputs(BuildCatalog catalog, int count, Random random)
    {
        var builds = catalog.Entries.Select(e => e.Build).ToArray();
        var inputs = new string[count];
        for (int i = 0; i < count; i++)
        {
            var b = builds[random.Next(builds.Length)];
            inputs[i] = random.Next(20) switch
            {
                < 8 => b.ToString(),
                < 13 => ExchangeBuildText.ToFileVersionText(b),
                < 16 => $"Version {b.Major}.{b.Minor} (Build {b.Build}.{b.Revision})",
                16 => $"{b.Major}.{b.Minor}.{b.Build}",
                17 => new Version(b.Major, b.Minor, b.Build, b.Revision + random.Next(1, 4)).ToString(),
                18 => "15.2.2562." + random.Next(60, 999).ToString(CultureInfo.InvariantCulture),
                _ => Garbage(random),
            };
        }

        return inputs;
    }

    private static string Garbage(Random random)
    {
        string[] samples = ["n/a", "15,1,2176,9", "unknown", "", "15.1", "Version 15.1", "15.1.2176.x"];
        return samples[random.Next(samples.Length)];
    }
}
