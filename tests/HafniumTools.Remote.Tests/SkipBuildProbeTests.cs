using System;
using System.Linq;
using System.Threading.Tasks;
using HafniumTools.Builds;
using HafniumTools.ExchangeEmulator;
using Xunit;

namespace HafniumTools.Remote.Tests;

/// <summary>
/// -SkipBuildProbe: only the CVE-2021-26855 check, one request per target, and a second (GET /owa/) only when the check
/// goes unanswered, which tells the mitigation's reset from a server that answers nothing.
/// </summary>
public class SkipBuildProbeTests
{
    public static TheoryData<string> Profiles => [.. ExchangeProfiles.All.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Each_front_end_gets_its_SSRF_state_from_one_request(string profileName)
    {
        var profile = ExchangeProfiles.All.Single(p => p.Name == profileName);
        await using var server = await ExchangeFrontEnd.StartAsync(profile);

        var result = await Probes.ProbeAsync(server.BaseUri, Probes.Options(skipBuildProbe: true));

        var expected = profile.Ssrf switch
        {
            SsrfBehavior.Vulnerable => SsrfStatus.Vulnerable,
            SsrfBehavior.Mitigated => SsrfStatus.Mitigated,
            _ => SsrfStatus.NotVulnerable,
        };
        Assert.True(result.Reachable, result.Error);
        Assert.Equal(expected, result.SsrfStatus);
        Assert.Contains("/owa/auth/x.js", result.SsrfEvidence, StringComparison.Ordinal);
        var requests = server.Requests;
        Assert.Equal(SsrfCheck.Path, requests[0].PathAndQuery);
        Assert.Equal(expected == SsrfStatus.Mitigated ? 2 : 1, requests.Count);
        Assert.DoesNotContain(requests, r => r.PathAndQuery.StartsWith("/ecp/", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(result.Notes, n => n.Contains("-SkipBuildProbe", StringComparison.Ordinal));
        if (profile.SendsOwaVersionHeader)
        {
            Assert.Equal(profile.Build, result.Build); // the check's own answer carried X-OWA-Version
        }
        else
        {
            Assert.Null(result.Build);
            Assert.Contains("-SkipBuildProbe", result.PatchReason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_server_that_closes_every_connection_unanswered_is_not_reachable_rather_than_mitigated()
    {
        await using var server = HostileServer.Start(HostileBehavior.CloseAfterRequest);

        var result = await Probes.ProbeAsync(server.BaseUri, Probes.Options(skipBuildProbe: true, totalSeconds: 10));

        Assert.False(result.Reachable);
        Assert.NotEqual(SsrfStatus.Mitigated, result.SsrfStatus);
        Assert.Contains("without a response", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_full_probe_calls_the_same_server_not_reachable_too()
    {
        await using var server = HostileServer.Start(HostileBehavior.CloseAfterRequest);

        var result = await Probes.ProbeAsync(server.BaseUri, Probes.Options(totalSeconds: 10));

        Assert.False(result.Reachable);
        Assert.NotEqual(SsrfStatus.Mitigated, result.SsrfStatus);
    }
}
