using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace HafniumTools.Remote;

/// <summary>What the TLS handshake showed: the protocol, the server certificate and whether it validated.</summary>
internal sealed class TlsFacts
{
    private TlsFacts(string subject, string issuer, DateTime? expires, string thumbprint, bool validated, string errors)
    {
        Subject = subject;
        Issuer = issuer;
        Expires = expires;
        Thumbprint = thumbprint;
        Validated = validated;
        Errors = errors;
    }

    /// <summary>The negotiated protocol (Tls12, Tls13), set once the handshake completes.</summary>
    public string Protocol { get; set; } = string.Empty;

    public string Subject { get; }

    public string Issuer { get; }

    /// <summary>NotAfter, in UTC.</summary>
    public DateTime? Expires { get; }

    /// <summary>SHA-1 thumbprint, as Windows shows it; used to pin the certificate for the authenticated EWS call.</summary>
    public string Thumbprint { get; }

    /// <summary>True when the chain and the name validated.</summary>
    public bool Validated { get; }

    /// <summary>The policy errors and chain status when it did not validate, else empty.</summary>
    public string Errors { get; }

    /// <summary>True when the handshake was refused because of the certificate (validation on).</summary>
    public bool Rejected { get; set; }

    /// <summary>The facts from the certificate validation callback's arguments.</summary>
    public static TlsFacts From(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        From(certificate, errors, ChainProblems(chain));

    /// <summary>The problems a built chain reports, as X509ChainStatusFlags names, each once.</summary>
    public static string[] ChainProblems(X509Chain? chain) =>
        chain?.ChainStatus?.Where(s => s.Status != X509ChainStatusFlags.NoError).Select(s => s.Status.ToString()).Distinct().ToArray() ?? [];

    /// <summary>The facts from the policy errors and the chain's status (its problems, as X509ChainStatusFlags names).</summary>
    public static TlsFacts From(X509Certificate? certificate, SslPolicyErrors errors, IEnumerable<string>? chainStatus)
    {
        if (certificate is null)
        {
            return new TlsFacts(string.Empty, string.Empty, null, string.Empty, false, Describe(chainStatus, errors));
        }

        using var copy = new X509Certificate2(certificate);
        return From(CertificateIdentity.Of(copy), errors, chainStatus);
    }

    /// <summary>The facts of a certificate already described (the sweep's trust cache keeps each one's description).</summary>
    public static TlsFacts From(CertificateIdentity certificate, SslPolicyErrors errors, IEnumerable<string>? chainStatus) =>
        new((certificate ?? throw new ArgumentNullException(nameof(certificate))).Subject, certificate.Issuer, certificate.Expires, certificate.Thumbprint, errors == SslPolicyErrors.None, Describe(chainStatus, errors));

    /// <summary>SHA-1 thumbprint of a certificate, or empty.</summary>
    public static string ThumbprintOf(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return string.Empty;
        }

        using var copy = new X509Certificate2(certificate);
        return copy.Thumbprint ?? string.Empty;
    }

    private static string Describe(IEnumerable<string>? chainStatus, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return string.Empty;
        }

        string text = errors.ToString();
        var status = chainStatus?.Distinct().ToArray() ?? [];
        return status.Length == 0 ? text : text + " (" + string.Join(", ", status) + ")";
    }

    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0} {1} expires {2:yyyy-MM-dd} {3}", Protocol, Subject, Expires, Validated ? "valid" : "not valid: " + Errors);
}
