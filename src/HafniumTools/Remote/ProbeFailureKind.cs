namespace HafniumTools.Remote;

/// <summary>Why one request failed, finer than <see cref="Reachability"/> (the SSRF verdict needs to know whether any byte came back).</summary>
internal enum ProbeFailureKind
{
    NameNotResolved,
    ConnectionRefused,
    ConnectTimeout,
    TlsTimeout,
    TlsHandshakeFailed,
    CertificateRejected,

    /// <summary>The connection was reset or closed before the first byte of the response.</summary>
    NoResponse,

    /// <summary>No first byte of the response within the first-byte timeout.</summary>
    ResponseTimeout,

    /// <summary>The target's total timeout ran out.</summary>
    TotalTimeout,

    /// <summary>The answer does not start like an HTTP response.</summary>
    NotHttp,

    /// <summary>The status line and headers are larger than the cap, or malformed.</summary>
    BadHeaders,

    /// <summary>The connection closed after some bytes but before the headers ended.</summary>
    ClosedMidResponse,

    /// <summary>Unreachable network or host, or another socket failure.</summary>
    NetworkError,
}
