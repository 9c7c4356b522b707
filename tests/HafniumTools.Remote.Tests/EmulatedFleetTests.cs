using System;
using System.Linq;
using System.Threading.Tasks;
using HafniumTools.Builds;
using HafniumTools.ExchangeEmulator;
using Xunit;

namespace HafniumTools.Remote.Tests;

/// <summary>Whole probes against emulated front ends of every product, patched, unpatched and mitigated.</summary>
public class EmulatedFleetTests
{
    public static TheoryData<string, BuildPrecision, BuildMethod, string, ProxyLogonStatus, SsrfStatus> Fleet => new()
    {
        { ExchangeProfiles.Exchange2010Ru31.Name, BuildPrecision.Full, BuildMethod.OwaVersionHeader, "14.3.509.0", ProxyLogonStatus.Vulnerable, SsrfStatus.NotVulnerable },
        { ExchangeProfiles.Exchange2010Ru32.Name, BuildPrecision.Full, BuildMethod.OwaAssetPath, "14.3.513.0", ProxyLogonStatus.Patched, SsrfStatus.NotVulnerable },
        { ExchangeProfiles.Exchange2013Cu23Unpatched.Name, BuildPrecision.Full, BuildMethod.ExportToolPathProbe, "15.0.1497.2", ProxyLogonStatus.Vulnerable, SsrfStatus.Vulnerable },
        { ExchangeProfiles.Exchange2013Cu23Mar21.Name, BuildPrecision.Full, BuildMethod.ExportToolPathProbe, "15.0.1497.12", ProxyLogonStatus.Patched, SsrfStatus.NotVulnerable },
        { ExchangeProfiles.Exchange2016Cu19Unpatched.Name, BuildPrecision.Full, BuildMethod.ExportToolPathProbe, "15.1.2176.4", ProxyLogonStatus.Vulnerable, SsrfStatus.Vulnerable },
        { ExchangeProfiles.Exchange2016Cu19Mar21Header.Name, BuildPrecision.Full, BuildMethod.OwaVersionHeader, "15.1.2176.9", ProxyLogonStatus.Patched, SsrfStatus.NotVulnerable },
        { ExchangeProfiles.Exchange2016Cu19Mitigated.Name, BuildPrecision.Full, BuildMethod.ExportToolPathProbe, "15.1.2176.2", ProxyLogonStatus.Vulnerable, SsrfStatus.Mitigated },
        { ExchangeProfiles.Exchange2016Cu19NoRouting.Name, BuildPrecision.CumulativeUpdate, BuildMethod.ExportToolManifest, "15.1.2176", ProxyLogonStatus.Indeterminate, SsrfStatus.NotVulnerable },
        { ExchangeProfiles.Exchange2019Cu8Unpatched.Name, BuildPrecision.Full, BuildMethod.ExportToolPathProbe, "15.2.792.3", ProxyLogonStatus.Vulnerable, SsrfStatus.Vulnerable },
        { ExchangeProfiles.Exchange2019Cu8Mar21Header.Name, BuildPrecision.Full, BuildMethod.OwaVersionHeader, "15.2.792.10", ProxyLogonStatus.Patched, SsrfStatus.NotVulnerable },
        { ExchangeProfiles.ExchangeSeJun26.Name, BuildPrecision.Full, BuildMethod.ExportToolPathProbe, "15.2.2562.43", ProxyLogonStatus.Patched, SsrfStatus.NotVulnerable },
    };

    [Theory]
    [MemberData(nameof(Fleet))]
    public async Task Each_front_end_gets_its_build_precision_patch_status_and_SSRF_state(
        string profileName, BuildPrecision precision, BuildMethod method, string build, ProxyLogonStatus patchStatus, SsrfStatus ssrf)
    {
        var profile = ExchangeProfiles.All.Single(p => p.Name == profileName);
        await using var server = await ExchangeFrontEnd.StartAsync(profile);

        var result = await Probes.ProbeAsync(server.BaseUri);

        Assert.True(result.Reachable, result.Error);
        Assert.True(result.IsExchange, string.Join(" | ", result.Evidence));
        Assert.Equal(precision, result.BuildPrecision);
        Assert.Equal(method, result.BuildMethod);
        Assert.Equal(Version.Parse(build), result.Build);
        Assert.Equal(patchStatus, result.PatchStatus);
        Assert.Equal(ssrf, result.SsrfStatus);
        Assert.Contains(server.BaseUri.Authority, result.BuildEvidence, StringComparison.Ordinal);
        Assert.Contains("/owa/auth/x.js", result.SsrfEvidence, StringComparison.Ordinal);
        Assert.NotEqual(string.Empty, result.TlsProtocol);
        Assert.False(result.CertificateValidated);
        Assert.True(result.CertificateCheckSkipped);
        Assert.Equal(profile.Is2010 ? string.Empty : profile.FrontEndName, result.FrontEndServer);
        Assert.Equal("127.0.0.1", result.IPAddress);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OWA_and_its_logon_page_are_asked_together_on_one_connection_and_the_redirect_is_not_followed(bool owaVersionHeader)
    {
        var profile = owaVersionHeader ? ExchangeProfiles.Exchange2016Cu19Mar21Header : ExchangeProfiles.Exchange2016Cu19Unpatched;
        await using var server = await ExchangeFrontEnd.StartAsync(profile);

        var result = await Probes.ProbeAsync(server.BaseUri);

        var requests = server.Requests.ToList();
        Assert.Equal(["/owa/", "/owa/auth/logon.aspx"], requests.Take(2).Select(r => r.PathAndQuery));
        Assert.Equal(requests[0].ConnectionId, requests[1].ConnectionId);
        Assert.DoesNotContain(requests, r => r.PathAndQuery.StartsWith("/owa/auth/logon.aspx?", StringComparison.Ordinal));
        Assert.StartsWith("GET /owa/ -> 302 Found, Location: ", result.Evidence[0], StringComparison.Ordinal);
        Assert.StartsWith("GET /owa/auth/logon.aspx -> 200 OK", result.Evidence[1], StringComparison.Ordinal);
        Assert.Equal(owaVersionHeader ? BuildMethod.OwaVersionHeader : BuildMethod.ExportToolPathProbe, result.BuildMethod);
        Assert.Equal(profile.Build, result.Build);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public async Task A_broken_OWA_is_followed_to_its_error_page_and_still_named_Exchange()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfile.BrokenOwa);

        var result = await Probes.ProbeAsync(server.BaseUri);

        Assert.True(result.Reachable, result.Error);
        Assert.True(result.IsExchange, string.Join(" | ", result.Evidence));
        Assert.Contains("redirect to the OWA error page", result.ExchangeEvidence, StringComparison.Ordinal);
        Assert.Equal(BuildPrecision.None, result.BuildPrecision);
        Assert.Contains(result.Evidence, e => e.StartsWith("GET /owa/auth/errorFE.aspx?httpCode=500 -> 500", StringComparison.Ordinal));
        Assert.Single(server.Requests, r => r.PathAndQuery == "/owa/auth/errorFE.aspx?httpCode=500");
    }
}
