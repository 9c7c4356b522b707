namespace HafniumTools.ExchangeEmulator;

/// <summary>How a <see cref="HostileServer"/> misbehaves.</summary>
public enum HostileBehavior
{
    /// <summary>Answers one byte per second, forever.</summary>
    Slowloris,

    /// <summary>Sends a 1 MB header line.</summary>
    HugeHeader,

    /// <summary>Sends a body that never ends, as fast as the client reads.</summary>
    EndlessBody,

    /// <summary>Closes the connection in the middle of the status line and headers.</summary>
    MidResponseClose,

    /// <summary>Plain TCP garbage as soon as a client connects (no TLS, no HTTP).</summary>
    Garbage,

    /// <summary>Accepts the TCP connection and never sends anything (a TLS handshake that never answers).</summary>
    Silent,

    /// <summary>Completes TLS, reads the request, never answers.</summary>
    SilentAfterRequest,

    /// <summary>Completes TLS, reads the request, closes the connection without an answer (every connection).</summary>
    CloseAfterRequest,

    /// <summary>Answers the first request of each connection with a 404 and Connection: close, ignoring the rest.</summary>
    OneAnswerPerConnection,

    /// <summary>
    /// Keeps the connection and answers one request per read, the first one in it, dropping any request pipelined
    /// behind it: an Exchange 2016 CU19 OWA (/owa/ redirects to the logon page, which shows its asset paths), 404
    /// for anything else.
    /// </summary>
    IgnoresPipelinedRequests,
}
