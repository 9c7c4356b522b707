using System;
using System.Collections.Generic;
using System.Net;

namespace HafniumTools.Remote;

/// <summary>How the targets are probed: timeouts, caps on what a server may send, certificate and credential policy, and the optional checks.</summary>
internal sealed class ExposureOptions
{
    /// <summary>Longest wait for a TCP connection (each address of a name in turn, within the total).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait for the first byte of the server's TLS handshake answer and of each HTTP response.</summary>
    public TimeSpan FirstByteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest time one target may take, every request included; what is not done by then is noted as cut short.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest status line plus headers accepted; a larger head is an invalid response (real Exchange heads are a few KB).</summary>
    public int MaxHeaderBytes { get; init; } = 64 * 1024;

    /// <summary>Largest body read; the rest is not read (the connection is closed instead). The OWA logon page is about 30 KB.</summary>
    public int MaxBodyBytes { get; init; } = 512 * 1024;

    /// <summary>Most redirects followed (same origin only) from /owa/ to the logon page.</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>Probe whatever the certificate; recorded in every result.</summary>
    public bool SkipCertificateCheck { get; init; }

    /// <summary>Credential for the one authenticated EWS call, or null for anonymous probes only.</summary>
    public NetworkCredential? Credential { get; init; }

    /// <summary>
    /// Only the CVE-2021-26855 check: no OWA request and no build probe, so one request per target (a second, GET /owa/,
    /// only when the check goes unanswered, to tell the mitigation's reset from a server that answers nothing).
    /// </summary>
    public bool SkipBuildProbe { get; init; }

    /// <summary>Request the module's known web-shell paths.</summary>
    public bool ProbeKnownWebShells { get; init; }

    /// <summary>Further paths to request as possible web shells (absolute paths on the site, e.g. /owa/auth/x.aspx).</summary>
    public IReadOnlyList<string> WebShellPaths { get; init; } = [];

    /// <summary>Whether the certificates seen validate, answered once per certificate for the whole sweep (-SkipCertificateCheck).</summary>
    public CertificateTrustCache CertificateTrust { get; } = new();

    /// <summary>The User-Agent of every request, so that the probes are easy to find in IIS and HttpProxy logs.</summary>
    public string UserAgent { get; init; } = "HafniumTools-Test-HafniumExposure/" + typeof(ExposureOptions).Assembly.GetName().Version?.ToString(3);
}
