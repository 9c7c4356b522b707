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
}
