using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using HafniumTools.Core;
using Xunit;

namespace HafniumTools.Tests.Core;

public class ParallelPipelineTests
{
    [Fact]
    public void Every_result_reaches_the_calling_thread()
    {
        int caller = Environment.CurrentManagedThreadId;
        var results = new List<int>();
        var threads = new HashSet<int>();

        ParallelPipeline.Run(
            Enumerable.Range(0, 200),
            4,
            (i, _) => new[] { i * 10, i * 10 + 1 },
            r => { results.Add(r); threads.Add(Environment.CurrentManagedThreadId); },
            (_, e) => throw new InvalidOperationException("unexpected", e),
            CancellationToken.None);

        Assert.Equal(400, results.Count);
        Assert.Equal(Enumerable.Range(0, 200).SelectMany(i => new[] { i * 10, i * 10 + 1 }).OrderBy(x => x), results.OrderBy(x => x));
        Assert.Equal(new[] { caller }, threads);
    }

    [Fact]
    public void A_failing_item_is_reported_and_the_others_go_on()
    {
        var results = new List<int>();
        var failures = new List<(int Item, string Message)>();

        ParallelPipeline.Run(
            Enumerable.Range(0, 20),
            3,
            (i, _) => i % 5 == 0 ? throw new System.IO.IOException("bad " + i) : new[] { i },
            results.Add,
            (item, e) => failures.Add((item, e.Message)),
            CancellationToken.None);

        Assert.Equal(16, results.Count);
        Assert.Equal(new[] { 0, 5, 10, 15 }, failures.Select(f => f.Item).OrderBy(x => x));
        Assert.All(failures, f => Assert.Equal("bad " + f.Item, f.Message));
    }

    [Fact]
    public void Cancellation_stops_endless_work_promptly()
    {
        using var cts = new CancellationTokenSource();
        int seen = 0;

        Assert.ThrowsAny<OperationCanceledException>(() => ParallelPipeline.Run(
            Enumerable.Range(0, 4),
            4,
            Endless,
            _ => { if (++seen == 100) { cts.Cancel(); } },
            (_, e) => throw new InvalidOperationException("unexpected", e),
            cts.Token));

        Assert.True(seen >= 100);
    }

    [Fact]
    public void A_consumer_that_throws_stops_the_workers_and_the_exception_surfaces()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ParallelPipeline.Run(
            Enumerable.Range(0, 2),
            2,
            Endless,
            _ => throw new InvalidOperationException("pipeline stopped"),
            (_, _) => { },
            CancellationToken.None));

        Assert.Equal("pipeline stopped", ex.Message);
    }

    private static IEnumerable<int> Endless(int item, CancellationToken token)
    {
        for (int i = 0; ; i++)
        {
            token.ThrowIfCancellationRequested();
            yield return i;
        }
    }
}
