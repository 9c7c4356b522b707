using System;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using HafniumTools.ExchangeEmulator;
using Xunit;

namespace HafniumTools.Remote.Tests;

/// <summary>
/// With -SkipCertificateCheck the handshake leaves the system's trust out and the sweep's trust cache answers whether
/// the certificate validated: that answer must be the one SslStream's own check gives (the check that refuses the
/// certificate without -SkipCertificateCheck), for every kind of certificate, and is computed once per certificate.
/// </summary>
public class CertificateTrustTests
{
    // Each kind of certificate and a fact its errors must show (so that the kinds really differ).
    public static TheoryData<string, string> Kinds => new()
    {
        { "self-signed", "RemoteCertificateChainErrors (UntrustedRoot)" },
        { "other name", "RemoteCertificateNameMismatch" },
        { "expired", "NotTimeValid" },
        { "issued, issuer offered", "PartialChain" }, // a root is not sent (SslStream trims it), so the chain stays partial
        { "issued, issuer not sent", "PartialChain" },
    };

    [Fact]
    public void This_runtime_offers_the_deferred_trust_handshake()
    {
        // The test projects run on .NET 10: if the reflection stops finding the API, the fast path is silently gone.
        Assert.True(DeferredTrustHandshake.Available);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_skipped_check_records_what_the_full_check_says(string kind, string fact)
    {
        var (certificate, chain) = Make(kind);
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2019Cu8Mar21Header, new FrontEndOptions { Certificate = certificate, CertificateChain = chain });

        var checkedResult = await Probes.ProbeAsync(server.BaseUri, Probes.Options(skipCertificateCheck: false));
        var skipped = await Probes.ProbeAsync(server.BaseUri, Probes.Options(skipCertificateCheck: true));

        Assert.Equal(Reachability.CertificateRejected, checkedResult.Reachability);
        Assert.True(skipped.Reachable, skipped.Error);
        Assert.True(skipped.CertificateCheckSkipped);
        Assert.NotEqual(string.Empty, checkedResult.CertificateErrors);
        Assert.Contains(fact, checkedResult.CertificateErrors, StringComparison.Ordinal);
        Assert.Equal(checkedResult.CertificateValidated, skipped.CertificateValidated);
        Assert.Equal(checkedResult.CertificateErrors, skipped.CertificateErrors);
        Assert.Equal(checkedResult.CertificateThumbprint, skipped.CertificateThumbprint);
        Assert.Equal(checkedResult.CertificateSubject, skipped.CertificateSubject);
        Assert.Equal(checkedResult.CertificateExpires, skipped.CertificateExpires);
    }

    [Fact]
    public async Task The_certificates_the_server_sends_reach_the_trust_check()
    {
        // The trust answer is only right if the server's intermediates are in the chain's ExtraStore, as SslStream's
        // ordinary handshake puts them.
        var now = DateTimeOffset.UtcNow;
        using var root = Authority(now, "CN=HafniumTools test root CA", null);
        using var intermediate = Authority(now, "CN=HafniumTools test issuing CA", root);
        using var leaf = Issued(intermediate, now);
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2019Cu8Mar21Header, new FrontEndOptions
        {
            Certificate = leaf,
            CertificateChain = [X509CertificateLoader.LoadCertificate(intermediate.RawData)],
        });

        string[]? sent = null;
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.BaseUri.Port);
        using var tls = new SslStream(client.GetStream(), false, (_, _, chain, _) =>
        {
            sent = chain!.ChainPolicy.ExtraStore.Cast<X509Certificate2>().Select(c => c.Thumbprint).ToArray();
            return true;
        });
        await DeferredTrustHandshake.AuthenticateAsClientAsync(tls, "127.0.0.1", CancellationToken.None);

        Assert.NotNull(sent);
        Assert.Contains(intermediate.Thumbprint, sent!);
    }

    [Fact]
    public async Task One_certificate_is_checked_once_for_a_whole_sweep()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2019Cu8Mar21Header);
        var options = Probes.Options();
        var probe = new ExposureProbe(options, Probes.Catalog);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => probe.ProbeAsync(Probes.Target(server.BaseUri), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal("RemoteCertificateChainErrors (UntrustedRoot)", r.CertificateErrors));
        Assert.All(results, r => Assert.False(r.CertificateValidated));
        Assert.Equal(1, options.CertificateTrust.ChainsBuilt);
    }

    [Fact]
    public void A_name_error_is_kept_and_the_chain_error_is_the_systems()
    {
        var cache = new CertificateTrustCache();
        using var certificate = TestCertificate.Create("ex01.contoso.local");

        var (errors, status) = cache.Check(certificate, null, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors);
        var (again, _) = cache.Check(certificate, null, SslPolicyErrors.None);

        Assert.Equal(SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors, errors);
        Assert.Equal(["UntrustedRoot"], status);
        Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, again); // the chain error is the system's, not the caller's
        Assert.Equal(1, cache.ChainsBuilt);
    }

    [Fact]
    public void A_certificate_is_described_once_with_its_answer()
    {
        var cache = new CertificateTrustCache();
        using var current = TestCertificate.Create("ex01.contoso.local");
        using var expired = TestCertificate.Create("ex02.contoso.local", DateTimeOffset.UtcNow.AddHours(-1));

        var (_, _, first) = cache.CheckAndDescribe(current, null, SslPolicyErrors.None);
        var (_, _, second) = cache.CheckAndDescribe(current, null, SslPolicyErrors.RemoteCertificateNameMismatch);
        var (_, _, other) = cache.CheckAndDescribe(expired, null, SslPolicyErrors.None);

        Assert.Same(first, second);
        Assert.Equal(current.Subject, first.Subject);
        Assert.Equal(current.Issuer, first.Issuer);
        Assert.Equal(current.NotAfter.ToUniversalTime(), first.Expires);
        Assert.Equal(current.Thumbprint, first.Thumbprint);
        Assert.Equal(expired.Subject, other.Subject);
        Assert.Equal(expired.NotAfter.ToUniversalTime(), other.Expires);
        Assert.NotEqual(first.Thumbprint, other.Thumbprint);
        Assert.Equal(2, cache.ChainsBuilt);
    }

    [Fact]
    public void Different_certificates_get_their_own_answer()
    {
        var cache = new CertificateTrustCache();
        using var current = TestCertificate.Create("ex01.contoso.local");
        using var expired = TestCertificate.Create("ex01.contoso.local", DateTimeOffset.UtcNow.AddHours(-1));

        var (_, currentStatus) = cache.Check(current, null, SslPolicyErrors.None);
        var (_, expiredStatus) = cache.Check(expired, null, SslPolicyErrors.None);

        Assert.DoesNotContain("NotTimeValid", currentStatus);
        Assert.Contains("NotTimeValid", expiredStatus);
        Assert.Equal(2, cache.ChainsBuilt);
    }

    private static (X509Certificate2 Certificate, X509Certificate2Collection? Chain) Make(string kind)
    {
        var now = DateTimeOffset.UtcNow;
        switch (kind)
        {
            case "self-signed":
                return (TestCertificate.Shared, null);
            case "expired":
                return (TestCertificate.Create("ex01.contoso.local", now.AddHours(-1)), null);
            case "other name":
                using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    var request = new CertificateRequest("CN=elsewhere.example", key, HashAlgorithmName.SHA256);
                    var names = new SubjectAlternativeNameBuilder();
                    names.AddDnsName("elsewhere.example");
                    request.CertificateExtensions.Add(names.Build());
                    using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
                    return (X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null), null);
                }

            default:
                var issuer = Authority(now, "CN=HafniumTools test issuing CA", null);
                var leaf = Issued(issuer, now);
                return (leaf, kind == "issued, issuer offered" ? [X509CertificateLoader.LoadCertificate(issuer.RawData)] : null);
        }
    }

    // A CA certificate with its key, self-signed or issued by <paramref name="parent"/>.
    private static X509Certificate2 Authority(DateTimeOffset now, string subject, X509Certificate2? parent)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (parent is null)
        {
            return request.CreateSelfSigned(now.AddDays(-2), now.AddYears(1));
        }

        byte[] serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        using var created = request.Create(parent, now.AddDays(-2), now.AddYears(1), serial);
        return created.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 Issued(X509Certificate2 issuer, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ex01.contoso.local", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("ex01.contoso.local");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        byte[] serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        using var created = request.Create(issuer, now.AddDays(-1), now.AddDays(30), serial);
        using var withKey = created.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }
}
