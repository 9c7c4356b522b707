using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HafniumTools.ExchangeEmulator;

/// <summary>
/// A raw-socket server on loopback that misbehaves in one way (<see cref="HostileBehavior"/>), over TLS with a
/// self-signed certificate or in plain TCP. Each connection is served until the client goes away or the server is
/// disposed; nothing it does ever ends by itself, so a client that does not bound its time would hang on it.
/// </summary>
public sealed class HostileServer : IAsyncDisposable
{
    private const int MegaByte = 1024 * 1024;
    private readonly TcpListener _listener;
    private readonly HostileBehavior _behavior;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private HostileServer(HostileBehavior behavior, bool tls, IPAddress address)
    {
        _behavior = behavior;
        _certificate = tls ? TestCertificate.Shared : null;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        string host = address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();
        BaseUri = new Uri((tls ? "https" : "http") + "://" + host + ":" + Port + "/");
        _accepting = AcceptAsync();
    }

    public Uri BaseUri { get; }

    public int Port { get; }

    /// <summary>How many connections it has accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    private int _connections;

    private readonly ConcurrentQueue<string> _received = new();

    /// <summary>What each connection had sent (as ASCII) by the time its first request's header ended, in order.</summary>
    public IReadOnlyCollection<string> Received => _received.ToArray();

    public static HostileServer Start(HostileBehavior behavior, bool tls = true, IPAddress? address = null) =>
        new(behavior, tls, address ?? IPAddress.Loopback);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopping
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var token = _stop.Token;
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                switch (_behavior)
                {
                    case HostileBehavior.Garbage:
                        await stream.WriteAsync(Garbage(4096), token).ConfigureAwait(false);
                        await Task.Delay(200, token).ConfigureAwait(false);
                        return;
                    case HostileBehavior.Silent:
                        await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
                        return;
                }

                if (_certificate is not null)
                {
                    var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, token).ConfigureAwait(false);
                    stream = tls;
                }

                if (_behavior == HostileBehavior.IgnoresPipelinedRequests)
                {
                    while (true)
                    {
                        string request = await ReadRequestAsync(stream, token).ConfigureAwait(false);
                        await stream.WriteAsync(OneAnswer(request), token).ConfigureAwait(false);
                    }
                }

                await ReadRequestAsync(stream, token).ConfigureAwait(false);
                await MisbehaveAsync(stream, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
            {
                // The client gave up or the server is stopping: that is how every hostile connection ends.
            }
        }
    }

    private async Task MisbehaveAsync(Stream stream, CancellationToken token)
    {
        switch (_behavior)
        {
            case HostileBehavior.Slowloris:
                var answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + new string('s', 100_000));
                foreach (byte b in answer)
                {
                    await stream.WriteAsync(new[] { b }, token).ConfigureAwait(false);
                    await stream.FlushAsync(token).ConfigureAwait(false);
                    await Task.Delay(1000, token).ConfigureAwait(false);
                }

                break;
            case HostileBehavior.HugeHeader:
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: ", token).ConfigureAwait(false);
                var block = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
                for (int sent = 0; sent < MegaByte; sent += block.Length)
                {
                    await stream.WriteAsync(block, token).ConfigureAwait(false);
                }

                await WriteAsync(stream, "\r\nContent-Length: 2\r\n\r\nok", token).ConfigureAwait(false);
                break;
            case HostileBehavior.EndlessBody:
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>", token).ConfigureAwait(false);
                var chunk = Encoding.ASCII.GetBytes(new string('z', 16 * 1024));
                while (true)
                {
                    await stream.WriteAsync(chunk, token).ConfigureAwait(false);
                }

            case HostileBehavior.MidResponseClose:
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: te", token).ConfigureAwait(false);
                await stream.FlushAsync(token).ConfigureAwait(false);
                break;
            case HostileBehavior.CloseAfterRequest:
                break;
            case HostileBehavior.SilentAfterRequest:
                await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
                break;
            case HostileBehavior.OneAnswerPerConnection:
                await WriteAsync(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", token).ConfigureAwait(false);
                break;
        }
    }

    // The answer to the first request in what was read, as an Exchange 2016 CU19 front end would give it.
    private byte[] OneAnswer(string received)
    {
        string line = received.Substring(0, Math.Max(0, received.IndexOf("\r\n", StringComparison.Ordinal)));
        string[] parts = line.Split(' ');
        string path = parts.Length > 1 ? parts[1] : "/";
        if (path.StartsWith("/owa/auth/logon.aspx", StringComparison.OrdinalIgnoreCase))
        {
            byte[] page = Encoding.UTF8.GetBytes(ExchangePages.Logon(ExchangeProfiles.Exchange2016Cu19Unpatched));
            byte[] head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + page.Length + "\r\n\r\n");
            return [.. head, .. page];
        }

        if (path == "/owa/")
        {
            return Encoding.ASCII.GetBytes("HTTP/1.1 302 Found\r\nLocation: " + ExchangePages.LogonRedirect(BaseUri.GetLeftPart(UriPartial.Authority)) + "\r\nContent-Length: 0\r\n\r\n");
        }

        return Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    }

    private async Task<string> ReadRequestAsync(Stream stream, CancellationToken token)
    {
        var buffer = new byte[64 * 1024];
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(filled), token).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the client closed before its request ended");
            }

            filled += read;
            string text = Encoding.ASCII.GetString(buffer, 0, filled);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                _received.Enqueue(text);
                return text;
            }
        }

        return Encoding.ASCII.GetString(buffer, 0, filled); // 64 KB and the header has not ended: misbehave anyway
    }

    private static Task WriteAsync(Stream stream, string text, CancellationToken token) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(text), token).AsTask();

    private static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        new Random(26855).NextBytes(bytes);
        bytes[0] = 0x00; // neither "HTTP/" nor a TLS record
        return bytes;
    }
}
