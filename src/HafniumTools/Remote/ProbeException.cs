using System;

namespace HafniumTools.Remote;

/// <summary>A request to a target failed; <see cref="Kind"/> says how, the message says what to a reader.</summary>
internal sealed class ProbeException : Exception
{
    public ProbeException(ProbeFailureKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    public ProbeFailureKind Kind { get; }

    /// <summary>The reachability a failure of the first request means for the whole target.</summary>
    public Reachability Reachability => Kind switch
    {
        ProbeFailureKind.NameNotResolved => Reachability.NameNotResolved,
        ProbeFailureKind.ConnectionRefused => Reachability.ConnectionRefused,
        ProbeFailureKind.ConnectTimeout or ProbeFailureKind.TlsTimeout or ProbeFailureKind.ResponseTimeout or ProbeFailureKind.TotalTimeout => Reachability.Timeout,
        ProbeFailureKind.TlsHandshakeFailed => Reachability.TlsHandshakeFailed,
        ProbeFailureKind.CertificateRejected => Reachability.CertificateRejected,
        ProbeFailureKind.NotHttp or ProbeFailureKind.BadHeaders or ProbeFailureKind.ClosedMidResponse or ProbeFailureKind.NoResponse => Reachability.InvalidResponse,
        _ => Reachability.ConnectionFailed,
    };
}
