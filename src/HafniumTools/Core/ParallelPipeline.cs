using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace HafniumTools.Core;

/// <summary>
/// Runs work items on up to N worker threads and hands every result and every per-item failure back to the
/// calling thread, in the order they complete. Cmdlets call it from ProcessRecord/EndProcessing so that only
/// the pipeline thread ever writes to PowerShell. Cancelling the token, or the caller's callback throwing
/// (for example a stopped pipeline), stops the workers promptly.
/// </summary>
internal static class ParallelPipeline
{
    private const int QueueCapacity = 4096;

    public static void Run<TItem, TResult>(
        IEnumerable<TItem> items,
        int maxParallelism,
        Func<TItem, CancellationToken, IEnumerable<TResult>> work,
        Action<TResult> onResult,
        Action<TItem, Exception> onError,
        CancellationToken cancellationToken)
    {
        if (items is null)
        {
            throw new ArgumentNullException(nameof(items));
        }

        if (work is null || onResult is null || onError is null)
        {
            throw new ArgumentNullException(work is null ? nameof(work) : onResult is null ? nameof(onResult) : nameof(onError));
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<Envelope<TItem, TResult>>(QueueCapacity);
        var token = linked.Token;
        var producer = Task.Run(() => Produce(items, Math.Max(1, maxParallelism), work, queue, token), token);

        try
        {
            foreach (var envelope in queue.GetConsumingEnumerable(token))
            {
                if (envelope.Error is null)
                {
                    onResult(envelope.Result!);
                }
                else
                {
                    onError(envelope.Item, envelope.Error);
                }
            }
        }
        finally
        {
            linked.Cancel();
            try
            {
                producer.Wait(CancellationToken.None);
            }
            catch (AggregateException e) when (e.InnerException is OperationCanceledException)
            {
                // The workers were told to stop; that is the expected way out.
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (producer.Exception is { } failure)
        {
            throw failure.InnerException ?? failure;
        }
    }

    private static void Produce<TItem, TResult>(
        IEnumerable<TItem> items,
        int maxParallelism,
        Func<TItem, CancellationToken, IEnumerable<TResult>> work,
        BlockingCollection<Envelope<TItem, TResult>> queue,
        CancellationToken token)
    {
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = token };
            Parallel.ForEach(items, options, item =>
            {
                try
                {
                    foreach (var result in work(item, token))
                    {
                        queue.Add(new Envelope<TItem, TResult>(item, result, null), token);
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    throw;
                }
#pragma warning disable CA1031 // A failure of one item is reported for that item and the others go on.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    queue.Add(new Envelope<TItem, TResult>(item, default, e), token);
                }
            });
        }
        finally
        {
            queue.CompleteAdding();
        }
    }

    private readonly struct Envelope<TItem, TResult>(TItem item, TResult? result, Exception? error)
    {
        public TItem Item { get; } = item;

        public TResult? Result { get; } = result;

        public Exception? Error { get; } = error;
    }
}
