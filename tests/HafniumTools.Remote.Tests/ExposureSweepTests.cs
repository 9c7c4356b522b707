using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace HafniumTools.Remote.Tests;

/// <summary>The fan-out: order, throttle, every target a row, and a prompt stop.</summary>
public class ExposureSweepTests
{
    private static ExposureTarget Target(int i)
    {
        Assert.True(ExposureTarget.TryParse("10.0." + (i / 250) + "." + (i % 250 + 1), 443, out var target, out _));
        return target!;
    }

    private static ExposureResult ResultFor(ExposureTarget target, string error = "") => new() { ComputerName = target.ComputerName, Error = error };

    private static ExposureSweep Sweep(Func<ExposureTarget, CancellationToken, Task<ExposureResult>> probe, int throttle, bool ordered, CancellationToken token = default) =>
        new(probe, (t, e) => ResultFor(t, "defect: " + e.Message), throttle, ordered, token);

    [Fact]
    public void Results_come_back_in_input_order_whatever_order_the_targets_finish_in()
    {
        var delays = new Random(7);
        var targets = Enumerable.Range(0, 200).Select(Target).ToList();
        var wait = targets.ToDictionary(t => t.ComputerName, _ => delays.Next(0, 20));
        var output = new List<string>();
        using (var sweep = Sweep(async (t, ct) => { await Task.Delay(wait[t.ComputerName], ct); return ResultFor(t); }, 16, ordered: true))
        {
            foreach (var target in targets)
            {
                sweep.Add(target, r => output.Add(r.ComputerName));
            }

            sweep.Complete(r => output.Add(r.ComputerName));
        }

        Assert.Equal(targets.Select(t => t.ComputerName), output);
    }

    [Fact]
    public void As_completed_delivers_a_fast_target_before_a_slow_one_given_earlier()
    {
        var output = new List<string>();
        using var sweep = Sweep(async (t, ct) => { await Task.Delay(t.ComputerName.EndsWith(".1", StringComparison.Ordinal) ? 500 : 0, ct); return ResultFor(t); }, 4, ordered: false);

        sweep.Add(Target(0), r => output.Add(r.ComputerName));
        sweep.Add(Target(1), r => output.Add(r.ComputerName));
        sweep.Complete(r => output.Add(r.ComputerName));

        Assert.Equal(["10.0.0.2", "10.0.0.1"], output);
    }

    [Fact]
    public void No_more_targets_than_the_throttle_are_in_flight()
    {
        int inFlight = 0, peak = 0, delivered = 0;
        using var sweep = Sweep(async (t, ct) =>
        {
            int now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref inFlight);
            return ResultFor(t);
        }, 8, ordered: true);

        foreach (var target in Enumerable.Range(0, 300).Select(Target))
        {
            sweep.Add(target, _ => delivered++);
        }

        sweep.Complete(_ => delivered++);

        Assert.Equal(300, delivered);
        Assert.InRange(peak, 1, 8);
        Assert.Equal(300, sweep.Delivered);
    }

    [Fact]
    public void A_probe_that_throws_still_gives_its_target_a_row()
    {
        var output = new List<ExposureResult>();
        using var sweep = Sweep((t, _) => t.ComputerName == "10.0.0.2" ? throw new InvalidOperationException("boom") : Task.FromResult(ResultFor(t)), 2, ordered: true);

        foreach (var target in Enumerable.Range(0, 3).Select(Target))
        {
            sweep.Add(target, output.Add);
        }

        sweep.Complete(output.Add);

        Assert.Equal(3, output.Count);
        Assert.Equal("defect: boom", output[1].Error);
    }

    [Fact]
    public void Cancelling_stops_the_waiting_caller_promptly()
    {
        using var cancel = new CancellationTokenSource();
        using var sweep = Sweep(async (t, ct) => { await Task.Delay(Timeout.Infinite, ct); return ResultFor(t); }, 4, ordered: true, cancel.Token);
        foreach (var target in Enumerable.Range(0, 4).Select(Target))
        {
            sweep.Add(target, _ => { });
        }

        var clock = Stopwatch.StartNew();
        cancel.CancelAfter(200);

        Assert.ThrowsAny<OperationCanceledException>(() => sweep.Complete(_ => { }));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
