namespace HafniumTools.Remote;

/// <summary>Whether a target answered HTTP, or why not.</summary>
public enum Reachability
{
    /// <summary>The target answered HTTP requests.</summary>
    Reachable,

    /// <summary>The name did not resolve to an address (DNS).</summary>
    NameNotResolved,

    /// <summary>Every address refused the TCP connection (nothing listens on the port).</summary>
    ConnectionRefused,

    /// <summary>No answer within a timeout: the TCP connection, the TLS handshake, the first byte or the target's total.</summary>
    Timeout,

    /// <summary>The TLS handshake failed: the port does not speak TLS, or no protocol or cipher in common.</summary>
    TlsHandshakeFailed,

    /// <summary>The server's certificate failed validation (see CertificateErrors); -SkipCertificateCheck probes anyway.</summary>
    CertificateRejected,

    /// <summary>The connection was made but no valid HTTP response came back (garbage, oversized headers, closed mid-response).</summary>
    InvalidResponse,

    /// <summary>Another network failure: unreachable network or host, connection reset.</summary>
    ConnectionFailed,
}
