using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using HafniumTools.Builds;
using HafniumTools.ExchangeEmulator;
using Xunit;

namespace HafniumTools.Remote.Tests;

/// <summary>The authenticated EWS call: what it reads, and where the credential is never sent.</summary>
public class CredentialTests
{
    private static NetworkCredential Good => new(ExchangeProfile.EwsUser, ExchangeProfile.EwsPassword);

    [Fact]
    public async Task EWS_answers_401_then_the_SOAP_body_whose_ServerVersionInfo_gives_the_full_build()
    {
        // Patched, but neither X-OWA-Version nor version routing shows it: without the credential only the CU is known.
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2016Cu19NoRouting);

        var result = await Probes.ProbeAsync(server.BaseUri, Probes.Options(credential: Good));

        Assert.Equal(BuildMethod.EwsServerVersion, result.BuildMethod);
        Assert.Equal(BuildPrecision.Full, result.BuildPrecision);
        Assert.Equal(new Version(15, 1, 2176, 9), result.Build);
        Assert.Equal(ProxyLogonStatus.Patched, result.PatchStatus);
        Assert.Equal("Basic", result.EwsAuthentication);
        Assert.Contains("ServerVersionInfo 15.1.2176.9", result.BuildEvidence, StringComparison.Ordinal);

        // Negotiate and NTLM were offered first and refused by the emulator; Basic went only to EWS, after a 401.
        var ews = server.Requests.Where(r => r.PathAndQuery == "/EWS/Exchange.asmx").ToList();
        Assert.Contains(ews, r => r.Method == "GET" && r.Authorization is null);
        Assert.Contains(ews, r => r.Method == "POST" && r.Authorization is null);
        Assert.Contains(ews, r => r.Method == "POST" && r.Authorization?.StartsWith("Basic ", StringComparison.Ordinal) == true);
        Assert.All(server.Requests.Where(r => r.PathAndQuery != "/EWS/Exchange.asmx"), r => Assert.Null(r.Authorization));
        Assert.Contains(result.Notes, n => n.StartsWith("EWS: POST /EWS/Exchange.asmx (Negotiate)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_ServerVersionInfo_namespace_written_with_https_is_read_too()
    {
        var profile = ExchangeProfiles.Exchange2016Cu19NoRouting with { Name = "https namespace", EwsHttpsNamespace = true };
        await using var server = await ExchangeFrontEnd.StartAsync(profile);

        var result = await Probes.ProbeAsync(server.BaseUri, Probes.Options(credential: Good));

        Assert.Equal(BuildMethod.EwsServerVersion, result.BuildMethod);
        Assert.Equal(new Version(15, 1, 2176, 9), result.Build);
    }

    [Fact]
    public async Task A_refused_credential_leaves_the_anonymous_answer_and_says_why()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2016Cu19NoRouting);

        var result = await Probes.ProbeAsync(server.BaseUri, Probes.Options(credential: new NetworkCredential(ExchangeProfile.EwsUser, "wrong")));

        Assert.Equal(string.Empty, result.EwsAuthentication);
        Assert.Equal(BuildPrecision.CumulativeUpdate, result.BuildPrecision);
        Assert.Equal(ProxyLogonStatus.Indeterminate, result.PatchStatus);
        Assert.Contains(result.Notes, n => n.Contains("(Basic) -> 401: the credential was refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_credential_is_never_sent_over_plain_HTTP()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2016Cu19NoRouting, new FrontEndOptions { Https = false });
        Assert.Equal("http", server.BaseUri.Scheme);

        var result = await Probes.ProbeAsync(server.BaseUri, Probes.Options(credential: Good));

        Assert.True(result.Reachable, result.Error);
        Assert.Contains(result.Notes, n => n.Contains("plain HTTP, and credentials go over https only", StringComparison.Ordinal));
        Assert.NotEmpty(server.Requests);
        Assert.All(server.Requests, r => Assert.Null(r.Authorization));
        Assert.DoesNotContain(server.Requests, r => r.PathAndQuery.StartsWith("/EWS", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(string.Empty, result.TlsProtocol);
        Assert.Null(result.CertificateValidated);
    }

    [Fact]
    public async Task The_credential_is_never_sent_across_a_redirect()
    {
        var profile = ExchangeProfiles.Exchange2016Cu19NoRouting with { Name = "EWS redirects", EwsRedirectTo = "https://collector.example/EWS/Exchange.asmx" };
        await using var server = await ExchangeFrontEnd.StartAsync(profile);

        var result = await Probes.ProbeAsync(server.BaseUri, Probes.Options(credential: Good));

        Assert.Equal(string.Empty, result.EwsAuthentication);
        Assert.Contains(result.Notes, n => n.Contains("302 to https://collector.example/EWS/Exchange.asmx: not followed", StringComparison.Ordinal));
        Assert.All(server.Requests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task Without_SkipCertificateCheck_nothing_at_all_is_sent_to_a_host_whose_certificate_fails()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2016Cu19NoRouting);

        var result = await Probes.ProbeAsync(server.BaseUri, Probes.Options(skipCertificateCheck: false, credential: Good));

        Assert.Equal(Reachability.CertificateRejected, result.Reachability);
        Assert.Empty(server.Requests);
    }
}
