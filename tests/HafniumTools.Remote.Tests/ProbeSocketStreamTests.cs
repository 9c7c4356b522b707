using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace HafniumTools.Remote.Tests;

/// <summary>
/// The probe's socket stream on real loopback connections: bytes both ways, the server's orderly close and its reset
/// (TCP RST, sent by closing with a zero linger time), a zero-byte read, and a read pending when the connection is
/// closed under it. Then a whole probe against a server that resets in the middle of a response.
/// </summary>
public class ProbeSocketStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private sealed class Pair : IDisposable
    {
        public Pair(ProbeSocketStream client, Socket server)
        {
            Client = client;
            Server = server;
        }

        public ProbeSocketStream Client { get; }

        public Socket Server { get; }

        public static async Task<Pair> OpenAsync()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var accept = listener.AcceptAsync();
            await client.ConnectAsync((IPEndPoint)listener.LocalEndPoint!);
            return new Pair(new ProbeSocketStream(client), await accept);
        }

        // Closing with a zero linger time sends RST instead of FIN.
        public void ResetFromServer()
        {
            Server.LingerState = new LingerOption(true, 0);
            Server.Close();
        }

        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }

    private static async Task<int> ReadAsync(Stream stream, byte[] buffer) =>
        await stream.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None).WaitAsync(Patience);

    [Fact]
    public async Task Bytes_go_both_ways_and_an_orderly_close_is_the_end_of_the_stream()
    {
        using var pair = await Pair.OpenAsync();
        await pair.Client.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n\r\n"), 0, 18, CancellationToken.None);
        var received = new byte[64];
        int n = await pair.Server.ReceiveAsync(received, SocketFlags.None);
        Assert.Equal("GET / HTTP/1.1\r\n\r\n", Encoding.ASCII.GetString(received, 0, n));

        await pair.Server.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK"), SocketFlags.None);
        pair.Server.Shutdown(SocketShutdown.Send);
        var buffer = new byte[64];
        var text = new StringBuilder();
        int read;
        while ((read = await ReadAsync(pair.Client, buffer)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.Equal("HTTP/1.1 200 OK", text.ToString());
        Assert.False(pair.Client.ResetByPeer);
    }

    [Fact]
    public async Task Once_reset_ends_the_stream_a_reset_reads_as_the_end_and_is_remembered()
    {
        using var pair = await Pair.OpenAsync();
        pair.Client.ResetEndsStream = true;
        var pending = pair.Client.ReadAsync(new byte[16], 0, 16, CancellationToken.None);
        pair.ResetFromServer();

        Assert.Equal(0, await pending.WaitAsync(Patience));
        Assert.True(pair.Client.ResetByPeer);
        Assert.Equal(0, await ReadAsync(pair.Client, new byte[16])); // and stays ended
    }

    [Fact]
    public async Task Before_that_a_reset_is_an_IOException_around_the_socket_error()
    {
        using var pair = await Pair.OpenAsync();
        var pending = pair.Client.ReadAsync(new byte[16], 0, 16, CancellationToken.None);
        pair.ResetFromServer();

        var error = await Assert.ThrowsAsync<IOException>(() => pending.WaitAsync(Patience));
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
        Assert.False(pair.Client.ResetByPeer);
    }

    [Fact]
    public async Task A_zero_byte_read_waits_for_data_and_takes_none()
    {
        using var pair = await Pair.OpenAsync();
        var buffer = new byte[4];
        var waiting = pair.Client.ReadAsync(buffer, 0, 0, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);

        await pair.Server.SendAsync(new byte[] { 42 }, SocketFlags.None);
        Assert.Equal(0, await waiting.WaitAsync(Patience));
        Assert.Equal(1, await ReadAsync(pair.Client, buffer));
        Assert.Equal(42, buffer[0]);
    }

    [Fact]
    public async Task Closing_the_stream_under_a_pending_read_fails_that_read()
    {
        using var pair = await Pair.OpenAsync();
        pair.Client.ResetEndsStream = true;
        var pending = pair.Client.ReadAsync(new byte[16], 0, 16, CancellationToken.None);
        pair.Client.Dispose(); // what a deadline does (ProbeConnection.Abort)

        var error = await Record.ExceptionAsync(() => pending.WaitAsync(Patience));
        Assert.True(error is IOException or ObjectDisposedException, error?.ToString() ?? "the read completed");
        Assert.False(pair.Client.ResetByPeer);

        // And a read after that fails at once rather than waiting.
        var late = await Record.ExceptionAsync(() => pair.Client.ReadAsync(new byte[16], 0, 16, CancellationToken.None).WaitAsync(Patience));
        Assert.IsType<ObjectDisposedException>(late);
    }

    [Fact]
    public async Task Begin_and_End_as_NET_Framework_SslStream_calls_them_complete_without_a_blocked_thread()
    {
        using var pair = await Pair.OpenAsync();
        var written = new TaskCompletionSource<object?>();
        var bytes = Encoding.ASCII.GetBytes("ping");
        var write = pair.Client.BeginWrite(bytes, 0, bytes.Length, r => written.SetResult(r.AsyncState), "write state");
        Assert.Equal("write state", await written.Task.WaitAsync(Patience));
        pair.Client.EndWrite(write);
        var received = new byte[8];
        Assert.Equal(4, await pair.Server.ReceiveAsync(received, SocketFlags.None));

        var buffer = new byte[8];
        var read = new TaskCompletionSource<IAsyncResult>();
        pair.Client.BeginRead(buffer, 0, buffer.Length, r => read.SetResult(r), "read state");
        await Task.Delay(100);
        Assert.False(read.Task.IsCompleted); // pending on the socket, not on a thread
        await pair.Server.SendAsync(Encoding.ASCII.GetBytes("pong"), SocketFlags.None);
        var done = await read.Task.WaitAsync(Patience);
        Assert.Equal("read state", done.AsyncState);
        Assert.Equal(4, pair.Client.EndRead(done));
        Assert.Equal("pong", Encoding.ASCII.GetString(buffer, 0, 4));
        Assert.False(done.CompletedSynchronously);

        // Data already there: completed synchronously, the callback run before Begin returns.
        await pair.Server.SendAsync(Encoding.ASCII.GetBytes("more"), SocketFlags.None);
        await Task.Delay(100);
        IAsyncResult? seen = null;
        var atOnce = pair.Client.BeginRead(buffer, 0, buffer.Length, r => seen = r, "again");
        Assert.True(atOnce.CompletedSynchronously);
        Assert.Same(atOnce, seen);
        Assert.Equal(4, pair.Client.EndRead(atOnce));

        var failed = new TaskCompletionSource<IAsyncResult>();
        pair.Client.BeginRead(buffer, 0, buffer.Length, r => failed.SetResult(r), null);
        pair.ResetFromServer();
        var error = Assert.Throws<IOException>(() => pair.Client.EndRead(failed.Task.WaitAsync(Patience).GetAwaiter().GetResult()));
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
    }

    [Fact]
    public async Task A_response_broken_off_by_a_reset_is_reported_as_a_reset_never_as_a_whole_answer()
    {
        // Plain HTTP: a body without Content-Length ends where the connection ends; a reset there is not its end.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Socket connection;
                try
                {
                    connection = await listener.AcceptAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                using (connection)
                {
                    await connection.ReceiveAsync(new byte[4096], SocketFlags.None);
                    await connection.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><title>Outlook"), SocketFlags.None);
                    await Task.Delay(50);
                    connection.LingerState = new LingerOption(true, 0);
                    connection.Close();
                }
            }
        });

        var result = await Probes.ProbeAsync(new Uri($"http://127.0.0.1:{port}/"), Probes.Options(totalSeconds: 20));
        stop.Cancel();
        await serving;

        Assert.Contains("the server reset the connection (TCP RST)", result.Error ?? string.Join(" | ", result.Evidence), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Evidence, e => e.Contains("-> 200 OK", StringComparison.Ordinal));
        Assert.False(result.IsExchange);
    }
}
