using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HafniumTools.ExchangeEmulator;

/// <summary>
/// Self-signed server certificates generated in the test (never from the machine's store): ECDSA P-256, so that
/// thousands of handshakes stay cheap, with the loopback addresses and the given name as subject alternative names.
/// Self-signed means "does not validate": the probes need -SkipCertificateCheck, as for many real Exchange servers.
/// </summary>
public static class TestCertificate
{
    private static readonly Lazy<X509Certificate2> SharedCertificate = new(() => Create("ex01.contoso.local"));

    /// <summary>One certificate for the whole test run.</summary>
    public static X509Certificate2 Shared => SharedCertificate.Value;

    public static X509Certificate2 Create(string commonName, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + commonName + ", O=HafniumTools test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(commonName);
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-1), notAfter ?? now.AddYears(1));

        // A PKCS#12 round trip gives a key every TLS stack (SChannel included) can use for a server.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
