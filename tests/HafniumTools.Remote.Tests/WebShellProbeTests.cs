using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using HafniumTools.ExchangeEmulator;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Remote.Tests;

/// <summary>Web-shell paths over the network: known names, given paths, the OAB dump, and sites that answer everything.</summary>
public class WebShellProbeTests
{
    private static string RepoFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HafniumTools.psd1")))
            {
                return Path.Combine([dir.FullName, .. parts]);
            }
        }

        throw new DirectoryNotFoundException("repository root not found");
    }

    [Fact]
    public void The_known_paths_cover_every_IOC_name_in_its_web_folders()
    {
        var known = WebShellProbe.Known;

        Assert.Contains(known, c => c.Path == "/owa/auth/RedirSuiteServerProxy.aspx" && c.Known);
        Assert.Contains(known, c => c.Path == "/aspnet_client/system_web/shell.aspx");
        Assert.Contains(known, c => c.Path == "/ecp/auth/TimeoutLogoff.aspx");
        Assert.Contains(known, c => c.Path == "/OAB/log.aspx");
        Assert.Contains(known, c => c.Path == "/OAB/help.aspx"); // "Any": every web-shell folder
        Assert.Equal(known.Count, known.Select(c => c.Path.ToUpperInvariant()).Distinct().Count());
        Assert.All(known, c => Assert.EndsWith("/", c.Folder, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("owa/auth/evil.aspx", "/owa/auth/evil.aspx")]
    [InlineData("/aspnet_client/system_web/a b.aspx", "/aspnet_client/system_web/a%20b.aspx")]
    [InlineData(@"\owa\auth\x.aspx", "/owa/auth/x.aspx")]
    [InlineData("/OAB//x%2Easpx", "/OAB/x.aspx")]
    public void Given_paths_become_escaped_absolute_paths(string given, string expected)
    {
        Assert.Equal(expected, WebShellProbe.NormalizePath(given));
    }

    [Theory]
    [InlineData("https://evil.example/owa/auth/x.aspx")]
    [InlineData("//evil.example/x.aspx")]
    [InlineData("/owa/../../x.aspx")]
    [InlineData("   ")]
    public void Paths_with_a_host_or_that_climb_out_are_refused(string given)
    {
        Assert.Throws<ArgumentException>(() => WebShellProbe.NormalizePath(given));
    }

    [Fact]
    public async Task Planted_shells_answer_and_become_Compromise_findings_while_absent_names_do_not()
    {
        string oabDump = File.ReadAllText(RepoFile("tests", "HafniumTools.Tests", "Fixtures", "Configuration", "dumps", "oab-dump-scriptfree.aspx"));
        var profile = ExchangeProfiles.Exchange2016Cu19Unpatched with
        {
            Name = "compromised",
            WebShells = new Dictionary<string, string>
            {
                ["/owa/auth/RedirSuiteServerProxy.aspx"] = string.Empty, // China Chopper on a bare GET: 200, nothing
                ["/aspnet_client/discover.aspx"] = oabDump,
                ["/owa/auth/custom-tool.aspx"] = "<html><body>upload</body></html>",
            },
        };
        await using var server = await ExchangeFrontEnd.StartAsync(profile);

        var result = await Probes.ProbeAsync(server.BaseUri, Probes.Options(webShell: true, webShellPaths: ["/owa/auth/custom-tool.aspx", "/owa/auth/not-there.aspx"]));

        var byUrl = result.Findings.ToDictionary(f => new Uri(f.Url!).AbsolutePath);
        Assert.Equal(3, result.Findings.Count);
        Assert.Equal("HT-RM-001", byUrl["/owa/auth/RedirSuiteServerProxy.aspx"].RuleId);
        Assert.Equal("HT-RM-003", byUrl["/aspnet_client/discover.aspx"].RuleId);
        Assert.Equal("HT-RM-002", byUrl["/owa/auth/custom-tool.aspx"].RuleId);
        Assert.All(result.Findings, f =>
        {
            Assert.Equal(Verdict.Compromise, f.Verdict);
            Assert.Equal(FindingCategory.Remote, f.Category);
            Assert.Equal(200, f.HttpStatus);
            Assert.Equal("127.0.0.1", f.ComputerName);
            Assert.Contains("CVE-2021-27065", f.Cve);
        });
        Assert.Equal(WebShellProbe.Known.Count + 2, result.WebShellPathsProbed);
        Assert.Contains("HT-RM-003 Critical Compromise: ", result.Findings.ToString(), StringComparison.Ordinal);
        Assert.Contains("(https://127.0.0.1:", result.Findings.ToString(), StringComparison.Ordinal);

        // Only bare GETs: no parameter, no body, no other method.
        Assert.All(server.Requests.Where(r => r.PathAndQuery.Contains(".aspx", StringComparison.Ordinal) && !r.PathAndQuery.Contains("logon.aspx", StringComparison.Ordinal)), r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.DoesNotContain("?", r.PathAndQuery, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_site_that_answers_any_path_gives_no_finding()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfile.CatchAll);

        var result = await Probes.ProbeAsync(server.BaseUri, Probes.Options(webShell: true));

        Assert.Empty(result.Findings);
        Assert.True(result.WebShellPathsProbed > 50);
        Assert.Contains(result.Notes, n => n.StartsWith("/owa/auth/ answers 200 for any name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_clean_front_end_gives_no_finding()
    {
        await using var server = await ExchangeFrontEnd.StartAsync(ExchangeProfiles.Exchange2019Cu8Mar21Header);

        var result = await Probes.ProbeAsync(server.BaseUri, Probes.Options(webShell: true));

        Assert.Empty(result.Findings);
        Assert.Equal(string.Empty, result.Findings.ToString());
        Assert.Equal(WebShellProbe.Known.Count, result.WebShellPathsProbed);
    }
}
