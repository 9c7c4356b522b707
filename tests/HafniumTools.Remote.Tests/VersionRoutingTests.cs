using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using HafniumTools.Builds;
using HafniumTools.ExchangeEmulator;
using Xunit;

namespace HafniumTools.Remote.Tests;

/// <summary>
/// The version-routed export-tool probe asks the catalogued builds of the CU oldest first, in rounds that double, and
/// stops after the round in which a build answered; the CVE-2021-26855 check comes after it, so that a mitigated
/// front end's reset costs one extra connection and no more.
/// </summary>
public class VersionRoutingTests
{
    private static readonly Regex Routed = new(@"^/ecp/(?<build>\d+\.\d+\.\d+\.\d+)/exporttool/", RegexOptions.CultureInvariant);

    private static List<Version> RoutedBuildsAsked(ExchangeFrontEnd server) =>
        server.Requests.Select(r => Routed.Match(r.PathAndQuery)).Where(m => m.Success).Select(m => Version.Parse(m.Groups["build"].Value)).ToList();

    [Fact]
    public async Task Builds_are_asked_oldest_first_and_the_probe_stops_after_the_round_that_answered()
    {
        var profile = ExchangeProfiles.Exchange2013Cu23Mar21;
        var candidates = Probes.Catalog.BuildsOfCumulativeUpdate(new Version(15, 0, 1497));
        int position = candidates.ToList().IndexOf(profile.Build);
        Assert.True(position >= 4, "the test needs a build past the first round");
        await using var server = await ExchangeFrontEnd.StartAsync(profile);

        var result = await Probes.ProbeAsync(server.BaseUri);

        Assert.Equal(profile.Build, result.Build);
        Assert.Equal(BuildPrecision.Full, result.BuildPrecision);
        Assert.Equal(BuildMethod.ExportToolPathProbe, result.BuildMethod);
        var asked = RoutedBuildsAsked(server);
        Assert.Equal(candidates.Take(asked.Count), asked); // oldest first, none skipped
        Assert.True(asked.Count < candidates.Count, "every catalogued build was asked although an early round answered");
        Assert.Contains(profile.Build, asked);
        int expected = 0;
        for (int round = 4; expected <= position; round *= 2)
        {
            expected += round; // rounds of 4, 8, 16, ... builds, the last one the round that holds the answer
        }

        Assert.Equal(Math.Min(expected, candidates.Count), asked.Count);
        Assert.Contains(position + " older and", result.BuildEvidence, StringComparison.Ordinal);
        Assert.Contains((candidates.Count - asked.Count) + " newer not asked", result.BuildEvidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("15.0.1497.2")] // an older server: found in an earlier round, so it is the one reported
    [InlineData("15.0.1497.44")] // a newer server: never asked, as the round of 15.0.1497.12 answered first
    public async Task Of_several_builds_behind_the_front_end_the_oldest_routed_one_is_reported(string other)
    {
        var profile = ExchangeProfiles.Exchange2013Cu23Mar21 with { OtherRoutedBuilds = [Version.Parse(other)] };
        await using var server = await ExchangeFrontEnd.StartAsync(profile);

        var result = await Probes.ProbeAsync(server.BaseUri);

        var oldest = new[] { profile.Build, Version.Parse(other) }.Min()!;
        Assert.Equal(oldest, result.Build);
        Assert.Equal(BuildPrecision.Full, result.BuildPrecision);
        Assert.Equal(oldest < new Version(15, 0, 1497, 12) ? ProxyLogonStatus.Vulnerable : ProxyLogonStatus.Patched, result.PatchStatus);
    }

    [Fact]
    public async Task Two_builds_answering_in_one_round_are_reported_and_not_used_as_the_build()
    {
        var profile = ExchangeProfiles.Exchange2013Cu23Unpatched with { OtherRoutedBuilds = [new Version(15, 0, 1497, 4)] };
        await using var server = await ExchangeFrontEnd.StartAsync(profile);

        var result = await Probes.ProbeAsync(server.BaseUri);

        Assert.NotEqual(BuildPrecision.Full, result.BuildPrecision);
        Assert.Contains(result.Notes, n => n.Contains("answered for 2 builds", StringComparison.Ordinal) && n.Contains("15.0.1497.4", StringComparison.Ordinal));
        Assert.Equal(ProxyLogonStatus.Indeterminate, result.PatchStatus);
    }

    [Fact]
    public async Task A_mitigated_front_end_costs_one_extra_connection_for_the_confirming_retry()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2016Cu19Mitigated);

        var result = await Probes.ProbeAsync(server.BaseUri);

        Assert.Equal(SsrfStatus.Mitigated, result.SsrfStatus);
        Assert.Equal(BuildPrecision.Full, result.BuildPrecision);
        var connections = server.Requests.GroupBy(r => r.ConnectionId).ToList();
        Assert.Equal(2, connections.Count);
        var retry = Assert.Single(connections[1]); // the fresh connection carries only the CVE-2021-26855 request again
        Assert.Equal(SsrfCheck.Path, retry.PathAndQuery);
        Assert.Equal(SsrfCheck.Path, connections[0].Last().PathAndQuery);
        Assert.Contains(result.Evidence, e => e.Contains("the server reset the connection (TCP RST) without an answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_front_end_gets_the_CVE_2021_26855_check_before_the_build_probes()
    {
        // 22 catalogued builds of CU23 at 0.3 s an answer do not fit in 4 s (this server's build is in the second
        // round: 12 answers); the check does.
        var profile = ExchangeProfiles.Exchange2013Cu23Mar21 with { ResponseDelay = TimeSpan.FromSeconds(0.3) };
        await using var server = await ExchangeFrontEnd.StartAsync(profile);

        var result = await Probes.ProbeAsync(server.BaseUri, Probes.Options(totalSeconds: 4));

        Assert.Equal(SsrfStatus.NotVulnerable, result.SsrfStatus);
        Assert.Contains(result.Notes, n => n.Contains("came slowly", StringComparison.Ordinal));
        int check = server.Requests.ToList().FindIndex(r => r.PathAndQuery == SsrfCheck.Path);
        int firstRouted = server.Requests.ToList().FindIndex(r => Routed.IsMatch(r.PathAndQuery));
        Assert.True(check >= 0 && (firstRouted < 0 || check < firstRouted), "the check came after the build probes");
    }

    [Fact]
    public async Task A_prompt_front_end_gets_the_check_after_the_build_probes()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2013Cu23Unpatched);

        var result = await Probes.ProbeAsync(server.BaseUri);

        Assert.Equal(SsrfStatus.Vulnerable, result.SsrfStatus);
        Assert.DoesNotContain(result.Notes, n => n.Contains("came slowly", StringComparison.Ordinal));
        Assert.Equal(SsrfCheck.Path, server.Requests[^1].PathAndQuery);
    }
}
