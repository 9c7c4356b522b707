using System;
using System.Security.Cryptography.X509Certificates;

namespace HafniumTools.Remote;

/// <summary>What a result says about a server certificate: its subject, issuer, expiry (UTC) and SHA-1 thumbprint.</summary>
internal sealed class CertificateIdentity
{
    private CertificateIdentity(string subject, string issuer, DateTime expires, string thumbprint)
    {
        Subject = subject;
        Issuer = issuer;
        Expires = expires;
        Thumbprint = thumbprint;
    }

    public string Subject { get; }

    public string Issuer { get; }

    public DateTime Expires { get; }

    public string Thumbprint { get; }

    public static CertificateIdentity Of(X509Certificate2 certificate) =>
        new((certificate ?? throw new ArgumentNullException(nameof(certificate))).Subject, certificate.Issuer, certificate.NotAfter.ToUniversalTime(), certificate.Thumbprint ?? string.Empty);
}
