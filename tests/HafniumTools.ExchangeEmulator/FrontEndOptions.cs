using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace HafniumTools.ExchangeEmulator;

/// <summary>
/// Where and how an <see cref="ExchangeFrontEnd"/> listens. <see cref="IPAddress.Any"/> on Linux receives connections to
/// every 127.x.y.z address (the whole 127.0.0.0/8 is local), which is how one listener serves a loopback fleet.
/// </summary>
public sealed class FrontEndOptions
{
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    public bool Https { get; init; } = true;

    /// <summary>The server certificate; the shared self-signed test certificate when null.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Certificates sent after the server certificate in the handshake (its issuers), or null to let Kestrel choose.</summary>
    public X509Certificate2Collection? CertificateChain { get; init; }

    /// <summary>Keep every request for assertions (off for benchmarks).</summary>
    public bool RecordRequests { get; init; } = true;
}
