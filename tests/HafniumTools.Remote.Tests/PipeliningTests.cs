using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HafniumTools.ExchangeEmulator;
using Xunit;

namespace HafniumTools.Remote.Tests;

/// <summary>Many GETs pipelined on kept-alive connections: every path gets its own answer, in order.</summary>
public class PipeliningTests
{
    [Fact]
    public async Task Seventy_paths_come_back_in_order_over_kept_alive_connections()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2016Cu19Unpatched);
        var options = Probes.Options();
        using var budget = new TargetBudget(options.TotalTimeout, CancellationToken.None);
        using var session = new HttpProbeSession(Probes.Target(server.BaseUri), options, budget);
        var paths = Enumerable.Range(0, 70).Select(i => i == 33 ? "/ecp/15.1.2176.4/exporttool/" : "/ecp/15.1." + i + ".0/exporttool/").ToList();

        var answers = await session.GetManyAsync(paths, "test");

        Assert.Equal(paths, answers.Select(a => a.Path));
        Assert.All(answers, a => Assert.Null(a.Failure));
        Assert.Equal(200, answers[33].Response!.StatusCode);
        Assert.All(answers.Where((_, i) => i != 33), a => Assert.Equal(404, a.Response!.StatusCode));
        Assert.Equal(paths, server.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task A_server_that_closes_after_each_answer_still_answers_every_path()
    {
        await using var server = HostileServer.Start(HostileBehavior.OneAnswerPerConnection);
        var options = Probes.Options();
        using var budget = new TargetBudget(options.TotalTimeout, CancellationToken.None);
        using var session = new HttpProbeSession(Probes.Target(server.BaseUri), options, budget);
        var paths = Enumerable.Range(0, 5).Select(i => "/p" + i).ToList();

        var answers = await session.GetManyAsync(paths, "test");

        Assert.All(answers, a => Assert.Equal(404, a.Response!.StatusCode));
        Assert.Equal(5, server.Connections);
    }

    [Fact]
    public async Task OWA_and_its_logon_page_leave_in_one_write_before_any_answer()
    {
        await using var server = HostileServer.Start(HostileBehavior.SilentAfterRequest);

        var result = await Probes.ProbeAsync(server.BaseUri, Probes.Options(firstByteSeconds: 2, totalSeconds: 10));

        Assert.False(result.Reachable);
        string first = server.Received.First();
        Assert.StartsWith("GET /owa/ HTTP/1.1\r\n", first, StringComparison.Ordinal);
        Assert.Contains("\r\n\r\nGET /owa/auth/logon.aspx HTTP/1.1\r\n", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_drops_a_request_pipelined_behind_another_still_shows_its_logon_page()
    {
        await using var server = HostileServer.Start(HostileBehavior.IgnoresPipelinedRequests);
        await Probes.ProbeAsync(server.BaseUri, Probes.Options(skipBuildProbe: true)); // both sides' first TLS handshake, untimed

        var result = await Probes.ProbeAsync(server.BaseUri, Probes.Options(firstByteSeconds: 2, totalSeconds: 40));

        Assert.True(result.Reachable, result.Error);
        Assert.True(result.IsExchange, string.Join(" | ", result.Evidence));
        Assert.Equal(BuildMethod.OwaAssetPath, result.BuildMethod);
        Assert.Equal(new Version(15, 1, 2176), result.Build);
        Assert.Contains(result.Evidence, e => e.StartsWith("GET /owa/auth/logon.aspx -> GET /owa/auth/logon.aspx: no answer within 2 s", StringComparison.Ordinal));
        Assert.Contains(result.Evidence, e => e.StartsWith("GET /owa/auth/logon.aspx?url=", StringComparison.Ordinal) && e.Contains("-> 200 OK", StringComparison.Ordinal));
        Assert.Equal(SsrfStatus.NotVulnerable, result.SsrfStatus);
    }
}
