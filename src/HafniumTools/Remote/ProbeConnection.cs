using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;

namespace HafniumTools.Remote;

/// <summary>
/// One TCP connection to a target, TLS on top for https, carrying HTTP/1.1 requests one after another (keep-alive).
/// The anonymous probes use this small client rather than HttpClient because it shows the TLS protocol and the
/// certificate, bounds the TCP connect, the TLS handshake and every response's first byte separately, and caps the
/// bytes a server may send, the same way on .NET Framework 4.7.2 and on .NET (HttpClient offers none of that on
/// netstandard2.0). Any deadline aborts the socket.
/// </summary>
internal sealed class ProbeConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly ProbeSocketStream _network;
    private readonly Stream _stream;
    private readonly HttpResponseReader _reader;
    private readonly ExposureOptions _options;
    private readonly TargetBudget _budget;
    private readonly CancellationTokenRegistration _lifetime;
    private int _disposed;

    private ProbeConnection(Socket socket, ProbeSocketStream network, Stream stream, ExposureOptions options, TargetBudget budget)
    {
        _socket = socket;
        _network = network;
        _stream = stream;
        _options = options;
        _budget = budget;
        _reader = new HttpResponseReader(stream, options.MaxHeaderBytes, options.MaxBodyBytes);
        _lifetime = budget.Token.Register(Abort);
    }

    /// <summary>How many responses this connection has carried.</summary>
    public int Responses { get; private set; }

    public bool IsOpen => Volatile.Read(ref _disposed) == 0;

    /// <summary>
    /// Connects to <paramref name="address"/> and, for https, completes the TLS handshake; <paramref name="onCertificate"/>,
    /// when given, gets the certificate facts before the handshake is accepted or refused.
    /// </summary>
    /// <exception cref="ProbeException">Refused, timed out, TLS failed or certificate rejected.</exception>
    public static async Task<ProbeConnection> OpenAsync(ExposureTarget target, IPAddress address, ExposureOptions options, TargetBudget budget, Action<TlsFacts>? onCertificate)
    {
        budget.ThrowIfStopped();
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var phase = budget.StartPhase(options.ConnectTimeout))
            using (phase.Token.Register(socket.Dispose))
            {
                try
                {
                    await socket.ConnectAsync(address, target.Port).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or InvalidOperationException)
                {
                    throw budget.Classify(e, phase, ProbeFailureKind.ConnectTimeout, "TCP connect to " + Endpoint(address, target.Port), options.ConnectTimeout);
                }
            }

            var network = new ProbeSocketStream(socket);
            Stream stream = network;
            if (target.IsHttps)
            {
                stream = await HandshakeAsync(target, stream, socket, options, budget, onCertificate).ConfigureAwait(false);
            }

            // From here a reset is an answer to a request (the mitigation's), reported by the reader, not thrown through it.
            network.ResetEndsStream = true;
            return new ProbeConnection(socket, network, stream, options, budget);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one request and reads its response within the first-byte deadline and the caps.</summary>
    /// <exception cref="ProbeException">The request failed; the connection is closed.</exception>
    public async Task<ProbeResponse> SendAsync(byte[] request, string what)
    {
        await WriteAsync(request, what).ConfigureAwait(false);
        return await ReadOneAsync(what).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends several requests in one write (HTTP/1.1 pipelining: one TLS record and one round trip instead of one per
    /// request) and reads the responses in order. Stops at the first response after which the connection cannot carry
    /// more, or at the first failure, which is returned with the responses read before it; the connection is then closed.
    /// </summary>
    public async Task<(List<ProbeResponse> Responses, ProbeException? Failure)> SendManyAsync(IReadOnlyList<byte[]> requests, IReadOnlyList<string> whats)
    {
        var responses = new List<ProbeResponse>(requests.Count);
        byte[] batch = new byte[requests.Sum(r => r.Length)];
        int offset = 0;
        foreach (byte[] request in requests)
        {
            Buffer.BlockCopy(request, 0, batch, offset, request.Length);
            offset += request.Length;
        }

        try
        {
            await WriteAsync(batch, whats[0]).ConfigureAwait(false);
            for (int i = 0; i < requests.Count && IsOpen; i++)
            {
                responses.Add(await ReadOneAsync(whats[i]).ConfigureAwait(false));
            }

            return (responses, null);
        }
        catch (ProbeException e) when (e.Kind != ProbeFailureKind.TotalTimeout)
        {
            return (responses, e);
        }
    }

    private async Task WriteAsync(byte[] bytes, string what)
    {
        _budget.ThrowIfStopped();
        using var phase = _budget.StartPhase(_options.FirstByteTimeout);
        using (phase.Token.Register(Abort))
        {
            try
            {
                await _stream.WriteAsync(bytes, 0, bytes.Length, _budget.Token).ConfigureAwait(false);
                await _stream.FlushAsync(_budget.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !_budget.Sweep.IsCancellationRequested)
            {
                Dispose();
                throw _budget.Classify(e, phase, ProbeFailureKind.ResponseTimeout, what, _options.FirstByteTimeout);
            }
        }
    }

    // One response, its first byte within the first-byte timeout; a response after which the connection cannot be
    // reused closes it.
    private async Task<ProbeResponse> ReadOneAsync(string what)
    {
        _budget.ThrowIfStopped();
        using var phase = _budget.StartPhase(_options.FirstByteTimeout);
        var firstByteTimer = phase.Token.Register(Abort);
        try
        {
            var response = await _reader.ReadAsync(headRequest: false, () => firstByteTimer.Dispose(), _budget.Token).ConfigureAwait(false);
            if (_network.ResetByPeer)
            {
                throw ResetFailure(what); // the response ended where the server reset the connection: not a whole answer
            }

            Responses++;
            if (!response.ConnectionReusable)
            {
                Dispose();
            }

            return response;
        }
        catch (Exception e) when (e is not OperationCanceledException || !_budget.Sweep.IsCancellationRequested)
        {
            Dispose();
            var failure = _budget.Classify(e, phase, ProbeFailureKind.ResponseTimeout, what, _options.FirstByteTimeout);
            if (_network.ResetByPeer && failure is ProbeException { Kind: ProbeFailureKind.NoResponse or ProbeFailureKind.ClosedMidResponse })
            {
                failure = ResetFailure(what);
            }
            else if (failure is ProbeException { Kind: ProbeFailureKind.NoResponse } && _reader.ResponseBytes > 0)
            {
                failure = new ProbeException(ProbeFailureKind.ClosedMidResponse, what + ": the connection broke after " + _reader.ResponseBytes + " bytes of the response", e);
            }

            throw failure;
        }
        finally
        {
            firstByteTimer.Dispose();
        }
    }

    // The server reset the connection (TCP RST) while a response was awaited: none came, or it broke off.
    private ProbeException ResetFailure(string what) => _reader.ResponseBytes == 0
        ? new ProbeException(ProbeFailureKind.NoResponse, what + ": the server reset the connection (TCP RST) without an answer")
        : new ProbeException(ProbeFailureKind.ClosedMidResponse, what + ": the server reset the connection (TCP RST) after " + _reader.ResponseBytes + " bytes of the response");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _lifetime.Dispose();
            Abort();
        }
    }

    private void Abort()
    {
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // Closing a broken TLS stream can fail; the socket is closed below either way.
        }

        _socket.Dispose();
    }

    private static async Task<Stream> HandshakeAsync(ExposureTarget target, Stream network, Socket socket, ExposureOptions options, TargetBudget budget, Action<TlsFacts>? onCertificate)
    {
        TlsFacts? facts = null;

        // With -SkipCertificateCheck the handshake does not wait for the system's verdict on the chain (built against no
        // trust at all, which is cheap); whether it would have validated is asked of the sweep's trust cache, only when
        // the facts are wanted (the first handshake of a target). Without it, SslStream's own check decides.
        bool deferTrust = options.SkipCertificateCheck && DeferredTrustHandshake.Available;
        var tls = new SslStream(network, leaveInnerStreamOpen: false, (_, certificate, chain, errors) =>
        {
            if (deferTrust)
            {
                if (onCertificate is not null)
                {
                    if (certificate is null)
                    {
                        facts = TlsFacts.From(certificate, errors, null);
                    }
                    else
                    {
                        var (trusted, status, identity) = options.CertificateTrust.CheckAndDescribe(certificate, chain?.ChainPolicy.ExtraStore, errors);
                        facts = TlsFacts.From(identity, trusted, status);
                    }

                    onCertificate(facts);
                }

                return true;
            }

            bool accept = errors == SslPolicyErrors.None || options.SkipCertificateCheck;
            if (onCertificate is not null || !accept)
            {
                // The facts are read once per target (the first handshake), or to say why a certificate is refused.
                facts = TlsFacts.From(certificate, chain, errors);
                facts.Rejected = !accept;
                onCertificate?.Invoke(facts);
            }

            return accept;
        });
        using var phase = budget.StartPhase(options.FirstByteTimeout);
        using (phase.Token.Register(socket.Dispose))
        {
            try
            {
                // Revocation is not checked: it would make each handshake fetch CRLs from the network.
                if (deferTrust)
                {
                    await DeferredTrustHandshake.AuthenticateAsClientAsync(tls, target.Host, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await tls.AuthenticateAsClientAsync(target.Host, null, SslProtocols.None, checkCertificateRevocation: false).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is AuthenticationException or IOException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                tls.Dispose();
                if (facts is { Rejected: true } && !phase.IsCancellationRequested)
                {
                    throw new ProbeException(ProbeFailureKind.CertificateRejected, "the server certificate did not validate: " + facts.Errors + ". Give -SkipCertificateCheck to probe anyway (recorded in the result).", e);
                }

                throw budget.Classify(e is AuthenticationException ? e : new AuthenticationException(e.Message, e), phase, ProbeFailureKind.TlsTimeout, "TLS handshake", options.FirstByteTimeout);
            }
        }

        if (facts is not null)
        {
            facts.Protocol = tls.SslProtocol.ToString();
        }

        return tls;
    }

    private static string Endpoint(IPAddress address, int port) =>
        (address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString()) + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
