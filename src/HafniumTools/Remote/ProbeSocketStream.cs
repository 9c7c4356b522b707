using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace HafniumTools.Remote;

/// <summary>
/// The byte stream of a probe's TCP connection (under TLS, or the HTTP itself for http), reading and writing with one
/// reused <see cref="SocketAsyncEventArgs"/> each way. Once <see cref="ResetEndsStream"/> is set (after the TLS
/// handshake), a connection the server resets (TCP RST, how the URL Rewrite mitigation answers the CVE-2021-26855
/// check) reads as the end of the stream and sets <see cref="ResetByPeer"/>, for the caller to report as a reset.
/// <see cref="NetworkStream"/> raises a reset as a SocketException whose stack trace is rendered, with file and line,
/// when it is made, then rethrown at every await of SslStream and of the reader above it: about 0.6 ms of CPU per
/// mitigated target, and the runtime compiling the stack-trace and symbol-reading code at the start of a sweep.
/// Every other failure is an IOException around the SocketException, as NetworkStream raises it. Cancellation is by
/// closing (the connection's deadlines dispose it), not by the token. One read and one write at a time, as SslStream
/// and the response reader use it. Owns the socket.
/// </summary>
internal sealed class ProbeSocketStream : Stream
{
    private readonly Socket _socket;
    private readonly SocketAsyncEventArgs _receive = new();
    private readonly SocketAsyncEventArgs _send = new();
    private TaskCompletionSource<int>? _pendingReceive;
    private TaskCompletionSource<int>? _pendingSend;
    private int _disposed;

    public ProbeSocketStream(Socket socket)
    {
        _socket = socket ?? throw new ArgumentNullException(nameof(socket));
        _receive.Completed += (_, e) => ReceiveCompleted(e);
        _send.Completed += (_, e) => SendCompleted(e);
    }

    /// <summary>When true, a reset by the server reads as the end of the stream (and sets <see cref="ResetByPeer"/>).</summary>
    public bool ResetEndsStream { get; set; }

    /// <summary>True once a read met the server's reset while <see cref="ResetEndsStream"/> was set.</summary>
    public bool ResetByPeer { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        CheckArguments(buffer, offset, count);
        if (ResetByPeer)
        {
            return Task.FromResult(0);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<int>(cancellationToken);
        }

        var completion = new TaskCompletionSource<int>();
        _pendingReceive = completion;
        try
        {
            _receive.SetBuffer(buffer, offset, count);
            if (!_socket.ReceiveAsync(_receive))
            {
                ReceiveCompleted(_receive);
            }
        }
        catch (ObjectDisposedException e)
        {
            _pendingReceive = null;
            return Task.FromException<int>(e);
        }

        return completion.Task;
    }

    public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        CheckArguments(buffer, offset, count);
        while (count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var completion = new TaskCompletionSource<int>();
            _pendingSend = completion;
            _send.SetBuffer(buffer, offset, count);
            if (!_socket.SendAsync(_send))
            {
                SendCompleted(_send);
            }

            int sent = await completion.Task.ConfigureAwait(false);
            if (sent <= 0)
            {
                throw Failure(SocketError.ConnectionAborted, "write data to"); // nothing taken: never loop on it
            }

            offset += sent;
            count -= sent;
        }
    }

    // .NET Framework's SslStream reads and writes its inner stream through Begin/End; Stream's own would block a pool
    // thread in a synchronous Receive for every pending read.
    public override IAsyncResult BeginRead(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) =>
        Begin(ReadAsync(buffer, offset, count, CancellationToken.None), callback, state);

    public override int EndRead(IAsyncResult asyncResult) => End(asyncResult);

    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) =>
        Begin(WriteCountedAsync(buffer, offset, count), callback, state);

    public override void EndWrite(IAsyncResult asyncResult) => End(asyncResult);

    public override int Read(byte[] buffer, int offset, int count)
    {
        CheckArguments(buffer, offset, count);
        if (ResetByPeer)
        {
            return 0;
        }

        int received = _socket.Receive(buffer, offset, count, SocketFlags.None, out var error);
        return error == SocketError.Success ? received : ReceiveFailed(error);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        CheckArguments(buffer, offset, count);
        while (count > 0)
        {
            int sent = _socket.Send(buffer, offset, count, SocketFlags.None, out var error);
            if (error != SocketError.Success || sent <= 0)
            {
                throw Failure(error == SocketError.Success ? SocketError.ConnectionAborted : error, "write data to");
            }

            offset += sent;
            count -= sent;
        }
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Closing the socket completes a pending operation (OperationAborted); the event args free themselves then.
            _socket.Dispose();
            _receive.Dispose();
            _send.Dispose();
        }

        base.Dispose(disposing);
    }

    private static void CheckArguments(byte[] buffer, int offset, int count)
    {
        if (buffer is null)
        {
            throw new ArgumentNullException(nameof(buffer));
        }

        if (offset < 0 || count < 0 || offset > buffer.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
    }

    // The task as an IAsyncResult carrying the caller's state, as the framework's own streams do it: a task already
    // complete is reported as completed synchronously, its callback run at once (callers then go on after Begin
    // returns, instead of nesting a call for every read that needed no wait).
    private static IAsyncResult Begin(Task<int> task, AsyncCallback? callback, object? state)
    {
        if (task.IsCompleted)
        {
            var done = new ApmResult(task, state, completedSynchronously: true);
            callback?.Invoke(done);
            return done;
        }

        var pending = new ApmResult(task, state, completedSynchronously: false);
        if (callback is not null)
        {
            task.ContinueWith(_ => callback(pending), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return pending;
    }

    private static int End(IAsyncResult asyncResult) =>
        (asyncResult as ApmResult ?? throw new ArgumentException("Not the result of this stream's Begin call.", nameof(asyncResult))).Task.GetAwaiter().GetResult();

    private async Task<int> WriteCountedAsync(byte[] buffer, int offset, int count)
    {
        await WriteAsync(buffer, offset, count, CancellationToken.None).ConfigureAwait(false);
        return count;
    }

    private static IOException Failure(SocketError error, string action)
    {
        var socket = new SocketException((int)error);
        return new IOException("Unable to " + action + " the transport connection: " + socket.Message + ".", socket);
    }

    private void ReceiveCompleted(SocketAsyncEventArgs e)
    {
        var completion = _pendingReceive!;
        _pendingReceive = null;
        if (e.SocketError == SocketError.Success)
        {
            completion.SetResult(e.BytesTransferred);
            return;
        }

        try
        {
            completion.SetResult(ReceiveFailed(e.SocketError));
        }
        catch (IOException failure)
        {
            completion.SetException(failure);
        }
    }

    // A reset after the handshake is the end of the stream (remembered); anything else is the failure NetworkStream raises.
    private int ReceiveFailed(SocketError error)
    {
        if (error == SocketError.ConnectionReset && ResetEndsStream)
        {
            ResetByPeer = true;
            return 0;
        }

        throw Failure(error, "read data from");
    }

    private void SendCompleted(SocketAsyncEventArgs e)
    {
        var completion = _pendingSend!;
        _pendingSend = null;
        if (e.SocketError == SocketError.Success)
        {
            completion.SetResult(e.BytesTransferred);
        }
        else
        {
            completion.SetException(Failure(e.SocketError, "write data to"));
        }
    }

    private sealed class ApmResult(Task<int> task, object? state, bool completedSynchronously) : IAsyncResult
    {
        public Task<int> Task { get; } = task;

        public object? AsyncState { get; } = state;

        public bool CompletedSynchronously { get; } = completedSynchronously;

        public bool IsCompleted => Task.IsCompleted;

        public WaitHandle AsyncWaitHandle => ((IAsyncResult)Task).AsyncWaitHandle;
    }
}
