using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;

namespace HafniumTools.Remote;

/// <summary>
/// The time one target may take: a total deadline (cancelled with the whole sweep on Ctrl+C) and per-phase deadlines
/// within it. A deadline aborts the socket, which is the one way to stop a pending read, connect or handshake on every
/// runtime (.NET Framework streams ignore cancellation tokens). <see cref="Classify"/> turns what the aborted operation
/// threw into the reason a reader needs.
/// </summary>
internal sealed class TargetBudget : IDisposable
{
    private readonly CancellationTokenSource _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TargetBudget(TimeSpan totalTimeout, CancellationToken sweep)
    {
        TotalTimeout = totalTimeout;
        Sweep = sweep;
        _total = CancellationTokenSource.CreateLinkedTokenSource(sweep);
        _total.CancelAfter(totalTimeout);
    }

    /// <summary>Cancelled when the target's total timeout runs out or the sweep stops.</summary>
    public CancellationToken Token => _total.Token;

    /// <summary>Cancelled when the whole sweep stops (Ctrl+C).</summary>
    public CancellationToken Sweep { get; }

    public TimeSpan TotalTimeout { get; }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>True when the total timeout ran out (and the sweep was not stopped).</summary>
    public bool Expired => _total.IsCancellationRequested && !Sweep.IsCancellationRequested;

    /// <summary>A deadline of <paramref name="timeout"/> within the total; the caller registers what to abort on it.</summary>
    public CancellationTokenSource StartPhase(TimeSpan timeout)
    {
        var phase = CancellationTokenSource.CreateLinkedTokenSource(_total.Token);
        phase.CancelAfter(timeout);
        return phase;
    }

    /// <summary>Throws when the sweep stopped (OperationCanceledException) or the total ran out (ProbeException).</summary>
    public void ThrowIfStopped()
    {
        Sweep.ThrowIfCancellationRequested();
        if (Expired)
        {
            throw TotalTimeoutException();
        }
    }

    /// <summary>
    /// The exception to throw for <paramref name="error"/>, raised by an operation that <paramref name="phase"/>
    /// bounded: cancellation of the sweep, the phase's timeout (<paramref name="timeoutKind"/>, <paramref name="what"/>),
    /// the total timeout, or the network failure itself.
    /// </summary>
    public Exception Classify(Exception error, CancellationTokenSource? phase, ProbeFailureKind timeoutKind, string what, TimeSpan phaseTimeout)
    {
        if (Sweep.IsCancellationRequested)
        {
            return new OperationCanceledException(Sweep);
        }

        if (Expired)
        {
            return TotalTimeoutException();
        }

        if (phase is not null && phase.IsCancellationRequested)
        {
            return new ProbeException(timeoutKind, string.Format(CultureInfo.InvariantCulture, "{0}: no answer within {1:0.###} s", what, phaseTimeout.TotalSeconds), error);
        }

        return error switch
        {
            ProbeException probe => probe,
            SocketException socket => FromSocket(socket, what),
            IOException { InnerException: SocketException socket } => FromSocket(socket, what),
            AuthenticationException => new ProbeException(ProbeFailureKind.TlsHandshakeFailed, what + ": " + error.Message, error),
            IOException or ObjectDisposedException => new ProbeException(ProbeFailureKind.NoResponse, what + ": the connection was closed (" + error.Message + ")", error),
            _ => new ProbeException(ProbeFailureKind.NetworkError, what + ": " + error.Message, error),
        };
    }

    public void Dispose() => _total.Dispose();

    private ProbeException TotalTimeoutException() =>
        new(ProbeFailureKind.TotalTimeout, string.Format(CultureInfo.InvariantCulture, "the target's total timeout of {0:0.###} s ran out", TotalTimeout.TotalSeconds));

    private static ProbeException FromSocket(SocketException socket, string what)
    {
        var kind = socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => ProbeFailureKind.ConnectionRefused,
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => ProbeFailureKind.NameNotResolved,
            SocketError.TimedOut => ProbeFailureKind.ConnectTimeout,
            SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.OperationAborted => ProbeFailureKind.NoResponse,
            _ => ProbeFailureKind.NetworkError,
        };
        string detail = kind == ProbeFailureKind.NetworkError ? " (" + socket.SocketErrorCode + ")" : string.Empty;
        return new ProbeException(kind, what + ": " + socket.Message + detail, socket);
    }
}
