using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace HafniumTools.Remote;

/// <summary>
/// Probes many targets at once, at most a throttle of them in flight, and hands each result back to the thread that
/// calls <see cref="Add"/> and <see cref="Complete"/> (the pipeline thread: only it writes to PowerShell), in input
/// order or as completed. Targets stream in: <see cref="Add"/> starts a target as soon as a slot is free, delivering
/// finished results while it waits. In input order, a slow target holds back at most a window of finished results,
/// after which <see cref="Add"/> waits for it, so memory stays bounded whatever the number of targets.
/// The probes are asynchronous (sockets, not threads), which is why this is not <c>ParallelPipeline</c>: that one
/// blocks a thread per item, and a thousand targets waiting on their timeouts would need a thousand threads.
/// </summary>
internal sealed class ExposureSweep : IDisposable
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    private readonly Func<ExposureTarget, CancellationToken, Task<ExposureResult>> _probe;
    private readonly Func<ExposureTarget, Exception, ExposureResult> _onDefect;
    private readonly int _throttle;
    private readonly bool _ordered;
    private readonly int _window;
    private readonly CancellationTokenSource _stop;
    private readonly ConcurrentQueue<(long Sequence, ExposureResult? Result)> _finished = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Dictionary<long, ExposureResult?> _held = [];
    private long _nextSequence;
    private long _nextToDeliver;
    private int _inFlight;
    private int _running;

    /// <param name="probe">Probes one target; may throw only OperationCanceledException on cancellation.</param>
    /// <param name="onDefect">The result for a target whose probe threw anything else (never a missing row).</param>
    /// <param name="throttle">Most targets in flight.</param>
    /// <param name="ordered">Deliver in input order (else as completed).</param>
    /// <param name="cancellationToken">Stops every probe (Ctrl+C).</param>
    public ExposureSweep(
        Func<ExposureTarget, CancellationToken, Task<ExposureResult>> probe,
        Func<ExposureTarget, Exception, ExposureResult> onDefect,
        int throttle,
        bool ordered,
        CancellationToken cancellationToken)
    {
        _probe = probe ?? throw new ArgumentNullException(nameof(probe));
        _onDefect = onDefect ?? throw new ArgumentNullException(nameof(onDefect));
        _throttle = Math.Max(1, throttle);
        _ordered = ordered;
        _window = _throttle + 4096;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Targets started so far.</summary>
    public long Started => _nextSequence;

    /// <summary>Results delivered so far.</summary>
    public long Delivered { get; private set; }

    /// <summary>Starts <paramref name="target"/> once a slot is free; results finished meanwhile go to <paramref name="deliver"/>.</summary>
    /// <exception cref="OperationCanceledException">The sweep was cancelled.</exception>
    public void Add(ExposureTarget target, Action<ExposureResult> deliver)
    {
        while (_inFlight >= _throttle || (_ordered && _inFlight + _held.Count >= _window))
        {
            TakeOne(deliver);
        }

        Start(target);
        while (_signal.Wait(0))
        {
            Deliver(deliver);
        }
    }

    /// <summary>Waits for every started target and delivers the rest of the results.</summary>
    /// <exception cref="OperationCanceledException">The sweep was cancelled.</exception>
    public void Complete(Action<ExposureResult> deliver)
    {
        while (_inFlight > 0)
        {
            TakeOne(deliver);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref _running) > 0 && clock.Elapsed < DisposeWait)
        {
            Thread.Sleep(10);
        }

        if (Volatile.Read(ref _running) == 0)
        {
            // Probes still running after the wait (none should: they abort on the token) keep the signal alive.
            _signal.Dispose();
            _stop.Dispose();
        }
    }

    private void Start(ExposureTarget target)
    {
        long sequence = _nextSequence++;
        _inFlight++;
        Interlocked.Increment(ref _running);
        var token = _stop.Token;
        _ = Task.Run(() => RunAsync(target, sequence, token), CancellationToken.None);
    }

    private async Task RunAsync(ExposureTarget target, long sequence, CancellationToken token)
    {
        ExposureResult? result;
        try
        {
            result = await _probe(target, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            result = null; // the sweep is stopping; nobody will read it
        }
#pragma warning disable CA1031 // A defect in one target's probe becomes that target's result; the sweep goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            result = _onDefect(target, e);
        }

        _finished.Enqueue((sequence, result));
        _signal.Release();
        Interlocked.Decrement(ref _running);
    }

    private void TakeOne(Action<ExposureResult> deliver)
    {
        _signal.Wait(_stop.Token);
        Deliver(deliver);
    }

    private void Deliver(Action<ExposureResult> deliver)
    {
        if (!_finished.TryDequeue(out var done))
        {
            return;
        }

        _inFlight--;
        if (!_ordered)
        {
            Emit(done.Result, deliver);
            return;
        }

        _held[done.Sequence] = done.Result;
        while (_held.TryGetValue(_nextToDeliver, out var next))
        {
            _held.Remove(_nextToDeliver);
            _nextToDeliver++;
            Emit(next, deliver);
        }
    }

    private void Emit(ExposureResult? result, Action<ExposureResult> deliver)
    {
        _stop.Token.ThrowIfCancellationRequested();
        if (result is not null)
        {
            Delivered++;
            deliver(result);
        }
    }
}
