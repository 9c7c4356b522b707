using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using HafniumTools.Remote;

namespace Exposure.Benchmark;

/// <summary>
/// The floor under any sweep built on .NET's TLS: a TCP connection and one TLS handshake per target, made the way the
/// probe makes it with -SkipCertificateCheck (<see cref="DeferredTrustHandshake"/>), and nothing else: no request, no
/// answer read. What a full probe costs above this is the module's; this much is SslStream's and OpenSSL's.
/// </summary>
internal static class HandshakeFloor
{
    public static async Task<int> RunAsync(string targetsFile, int port, int throttle)
    {
        var clock = Stopwatch.StartNew();
        var targets = File.ReadAllLines(targetsFile).Where(l => l.Length > 0).Select(IPAddress.Parse).ToArray();
        int next = -1, done = 0, failed = 0;
        var workers = Enumerable.Range(0, Math.Max(1, throttle)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < targets.Length)
            {
                try
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(new IPEndPoint(targets[i], port)).ConfigureAwait(false);
                    using var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false, (_, _, _, _) => true);
                    await DeferredTrustHandshake.AuthenticateAsClientAsync(tls, targets[i].ToString(), CancellationToken.None).ConfigureAwait(false);
                    Interlocked.Increment(ref done);
                }
                catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "RESULT floor handshakes={0} failed={1} seconds={2:0.000} peak-kb={3}",
            done,
            failed,
            clock.Elapsed.TotalSeconds,
            Process.GetCurrentProcess().PeakWorkingSet64 / 1024));
        return failed == 0 ? 0 : 1;
    }
}
