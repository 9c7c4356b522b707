using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using HafniumTools.ExchangeEmulator;
using HafniumTools.Remote;

namespace Exposure.Benchmark;

/// <summary>
/// The benchmark's fleet: target i is 127.1.(i / 250).(i % 250 + 1), served by one front end listening on 0.0.0.0, which
/// picks the profile by the address the connection was made to: every emulated Exchange in turn, and a plain web site.
/// </summary>
internal static class Fleet
{
    private static readonly IReadOnlyList<ExchangeProfile> Profiles = [.. ExchangeProfiles.All, ExchangeProfile.PlainWebSite];

    public static string Address(int index) =>
        string.Format(CultureInfo.InvariantCulture, "127.1.{0}.{1}", index / 250, index % 250 + 1);

    public static int IndexOf(IPAddress? address)
    {
        byte[] bytes = (address ?? IPAddress.Loopback).MapToIPv4().GetAddressBytes();
        return bytes[1] == 1 ? bytes[2] * 250 + bytes[3] - 1 : -1;
    }

    public static ExchangeProfile ProfileOf(IPAddress? address) => ProfileOf(IndexOf(address));

    public static ExchangeProfile ProfileOf(int index) => index < 0 ? ExchangeProfile.PlainWebSite : Profiles[index % Profiles.Count];

    /// <summary>The CVE-2021-26855 state target <paramref name="index"/> must get.</summary>
    public static SsrfStatus ExpectedSsrf(int index) => ProfileOf(index) switch
    {
        { Kind: not SiteKind.Exchange } => SsrfStatus.NotVulnerable,
        { Ssrf: SsrfBehavior.Vulnerable } => SsrfStatus.Vulnerable,
        { Ssrf: SsrfBehavior.Mitigated } => SsrfStatus.Mitigated,
        _ => SsrfStatus.NotVulnerable,
    };

    /// <summary>What nmap's one request must show for target <paramref name="index"/>.</summary>
    public static string ExpectedNmap(int index) => ExpectedSsrf(index) switch
    {
        SsrfStatus.Vulnerable => "VULNERABLE",
        SsrfStatus.Mitigated => "NO RESPONSE",
        _ => "NOT VULNERABLE",
    };

    /// <summary>The build the CVE-2021-26855 check alone shows for target <paramref name="index"/>: X-OWA-Version's, when the server sends it.</summary>
    public static Version? ExpectedBuildFromCheckAlone(int index) =>
        ProfileOf(index) is { Kind: SiteKind.Exchange, SendsOwaVersionHeader: true } profile ? profile.Build : null;

    /// <summary>The build target <paramref name="index"/> must get, or null for a site that is not Exchange.</summary>
    public static Version? ExpectedBuild(int index)
    {
        var profile = ProfileOf(index);
        if (profile.Kind != SiteKind.Exchange)
        {
            return null;
        }

        // Without X-OWA-Version or version routing only the CU is visible.
        return profile.SendsOwaVersionHeader || profile.RoutesExportTool || profile.Is2010 ? profile.Build : new Version(profile.Build.Major, profile.Build.Minor, profile.Build.Build);
    }
}
