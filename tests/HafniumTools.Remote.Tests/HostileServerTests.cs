using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using HafniumTools.ExchangeEmulator;
using Xunit;

namespace HafniumTools.Remote.Tests;

/// <summary>
/// Broken and hostile endpoints: each gets the right reachability and costs no more than its timeout. The time bounds
/// are loose (the timeout plus a generous slack, the machine being shared); what they catch is a hang.
/// </summary>
public class HostileServerTests
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(8);

    private static async Task<(ExposureResult Result, TimeSpan Elapsed)> Timed(Uri uri, ExposureOptions options)
    {
        var clock = Stopwatch.StartNew();
        var result = await Probes.ProbeAsync(uri, options);
        return (result, clock.Elapsed);
    }

    [Fact]
    public async Task One_byte_per_second_costs_the_total_timeout_and_no_more()
    {
        await using var server = HostileServer.Start(HostileBehavior.Slowloris);
        var options = Probes.Options(firstByteSeconds: 2, totalSeconds: 3);

        var (result, elapsed) = await Timed(server.BaseUri, options);

        Assert.Equal(Reachability.Timeout, result.Reachability);
        Assert.Contains("total timeout of 3 s", result.Error, StringComparison.Ordinal);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(2.5), options.TotalTimeout + Slack);
        Assert.Equal(SsrfStatus.Unknown, result.SsrfStatus);
    }

    [Fact]
    public async Task A_one_megabyte_header_is_refused_at_the_header_cap()
    {
        await using var server = HostileServer.Start(HostileBehavior.HugeHeader);
        var options = Probes.Options(totalSeconds: 20);

        var (result, elapsed) = await Timed(server.BaseUri, options);

        Assert.Equal(Reachability.InvalidResponse, result.Reachability);
        Assert.Contains("64 KiB cap", result.Error, StringComparison.Ordinal);
        Assert.InRange(elapsed, TimeSpan.Zero, Slack);
    }

    [Fact]
    public async Task An_endless_body_is_cut_at_the_body_cap_and_the_probe_goes_on()
    {
        await using var server = HostileServer.Start(HostileBehavior.EndlessBody);
        var options = Probes.Options(totalSeconds: 20);

        var (result, elapsed) = await Timed(server.BaseUri, options);

        Assert.True(result.Reachable, result.Error);
        Assert.False(result.IsExchange);
        Assert.Contains(result.Evidence, e => e.StartsWith("GET /owa/ -> 200 OK, 524,288 bytes (truncated)", StringComparison.Ordinal));
        Assert.Equal(SsrfStatus.NotVulnerable, result.SsrfStatus);
        Assert.Equal(BuildPrecision.None, result.BuildPrecision);
        Assert.InRange(elapsed, TimeSpan.Zero, Slack);
    }

    [Fact]
    public async Task A_redirect_loop_is_cut_and_reported()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfile.RedirectLoop);

        var (result, elapsed) = await Timed(server.BaseUri, Probes.Options());

        Assert.True(result.Reachable, result.Error);
        Assert.False(result.IsExchange);
        Assert.Contains(result.Evidence, e => e.StartsWith("redirect loop: /owa/ -> /loop/a -> /loop/b -> /loop/a", StringComparison.Ordinal));
        Assert.InRange(server.Requests.Count, 3, 12);
        Assert.InRange(elapsed, TimeSpan.Zero, Slack);
    }

    [Fact]
    public async Task An_invalid_certificate_stops_the_probe_before_any_request_unless_the_check_is_skipped()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2016Cu19Unpatched);

        var (result, _) = await Timed(server.BaseUri, Probes.Options(skipCertificateCheck: false));

        Assert.Equal(Reachability.CertificateRejected, result.Reachability);
        Assert.False(result.CertificateValidated);
        Assert.False(result.CertificateCheckSkipped);
        Assert.Contains("RemoteCertificateChainErrors", result.CertificateErrors, StringComparison.Ordinal);
        Assert.Contains("CN=ex01.contoso.local", result.CertificateSubject, StringComparison.Ordinal);
        Assert.True(result.CertificateExpires > DateTimeOffset.UtcNow);
        Assert.Contains("-SkipCertificateCheck", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.Equal(SsrfStatus.Unknown, result.SsrfStatus);
    }

    [Fact]
    public async Task Plain_TCP_garbage_fails_the_TLS_handshake_or_is_not_HTTP()
    {
        await using var tls = HostileServer.Start(HostileBehavior.Garbage, tls: true);
        await using var plain = HostileServer.Start(HostileBehavior.Garbage, tls: false);

        var (overTls, tlsElapsed) = await Timed(tls.BaseUri, Probes.Options());
        var (overHttp, httpElapsed) = await Timed(plain.BaseUri, Probes.Options());

        Assert.Equal(Reachability.TlsHandshakeFailed, overTls.Reachability);
        Assert.Equal(Reachability.InvalidResponse, overHttp.Reachability);
        Assert.Contains("not HTTP", overHttp.Error, StringComparison.Ordinal);
        Assert.InRange(tlsElapsed, TimeSpan.Zero, Slack);
        Assert.InRange(httpElapsed, TimeSpan.Zero, Slack);
    }

    [Fact]
    public async Task A_connection_closed_mid_response_is_an_invalid_response()
    {
        await using var server = HostileServer.Start(HostileBehavior.MidResponseClose);

        var (result, elapsed) = await Timed(server.BaseUri, Probes.Options());

        Assert.Equal(Reachability.InvalidResponse, result.Reachability);
        Assert.Contains("before the headers ended", result.Error, StringComparison.Ordinal);
        Assert.InRange(elapsed, TimeSpan.Zero, Slack);
    }

    [Fact]
    public async Task A_silent_server_costs_the_first_byte_timeout_of_the_handshake_or_of_the_response()
    {
        await using var handshake = HostileServer.Start(HostileBehavior.Silent);
        await using var response = HostileServer.Start(HostileBehavior.SilentAfterRequest);
        var options = Probes.Options(firstByteSeconds: 1.5, totalSeconds: 30);

        var (noHandshake, handshakeElapsed) = await Timed(handshake.BaseUri, options);
        var (noAnswer, answerElapsed) = await Timed(response.BaseUri, options);

        Assert.Equal(Reachability.Timeout, noHandshake.Reachability);
        Assert.Contains("TLS handshake: no answer within 1.5 s", noHandshake.Error, StringComparison.Ordinal);
        Assert.Equal(Reachability.Timeout, noAnswer.Reachability);
        Assert.Contains("GET /owa/: no answer within 1.5 s", noAnswer.Error, StringComparison.Ordinal);
        Assert.InRange(handshakeElapsed, TimeSpan.FromSeconds(1.2), options.FirstByteTimeout + Slack);
        Assert.InRange(answerElapsed, TimeSpan.FromSeconds(1.2), options.FirstByteTimeout + Slack);
    }

    [Fact]
    public async Task A_closed_port_is_refused_and_an_unknown_name_does_not_resolve()
    {
        int closedPort = FreePort();

        var refused = await Probes.ProbeAsync(new Uri("https://127.0.0.1:" + closedPort + "/"));
        Assert.True(ExposureTarget.TryParse("no-such-host.invalid", 443, out var unknown, out _));
        var unresolved = await new ExposureProbe(Probes.Options(), Probes.Catalog).ProbeAsync(unknown!, default);

        Assert.Equal(Reachability.ConnectionRefused, refused.Reachability);
        Assert.False(refused.Reachable);
        Assert.Equal(Reachability.NameNotResolved, unresolved.Reachability);
        Assert.Equal("no-such-host.invalid", unresolved.ComputerName);
        Assert.Equal(string.Empty, unresolved.IPAddress);
    }

    [Fact]
    public async Task IPv6_loopback_front_end_is_probed_like_any_other()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2019Cu8Unpatched, new FrontEndOptions { Address = IPAddress.IPv6Loopback });
        Assert.Equal("[::1]", server.BaseUri.Host);

        var result = await Probes.ProbeAsync(server.BaseUri);

        Assert.True(result.Reachable, result.Error);
        Assert.Equal("::1", result.IPAddress);
        Assert.Equal("::1", result.ComputerName);
        Assert.Equal(new Version(15, 2, 792, 3), result.Build);
        Assert.Equal(SsrfStatus.Vulnerable, result.SsrfStatus);
        Assert.All(server.Requests, r => Assert.Equal(IPAddress.IPv6Loopback, r.LocalAddress));
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
