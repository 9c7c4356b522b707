using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using HafniumTools.Logs;
using HafniumTools.Logs.HttpProxy;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Logs;

public class LogEngineTests
{
    private static readonly string OwaLog = Fixture("triage", "EXCH01", "Logging", "HttpProxy", "Owa", "HttpProxy_2021030304-1.LOG");
    private static readonly string EcpLog = Fixture("triage", "EXCH01", "Logging", "HttpProxy", "Ecp", "HttpProxy_2021030303-1.LOG");

    [Fact]
    public void Coverage_is_one_object_per_server_and_source_with_the_time_span()
    {
        var hunt = Hunt([Fixture("triage")]);
        var coverage = Build(hunt);
        Assert.Equal(
            ["EXCH01 HttpProxy/Autodiscover", "EXCH01 HttpProxy/Ecp", "EXCH01 HttpProxy/Owa", "EXCH02 HttpProxy/Ecp", "EXCH02 HttpProxy/Owa"],
            coverage.Select(c => c.ComputerName + " " + c.Source));
        var owa = coverage.Single(c => c.ComputerName == "EXCH01" && c.Source == "HttpProxy/Owa");
        Assert.Equal(new DateTime(2021, 3, 3, 4, 0, 0, 101, DateTimeKind.Utc), owa.FirstTimestamp);
        Assert.Equal(new DateTime(2021, 3, 4, 12, 0, 10, DateTimeKind.Utc), owa.LastTimestamp);
        Assert.Equal(14, owa.Lines);
        Assert.Equal(1, owa.Files);
        Assert.Equal(new FileInfo(OwaLog).Length, owa.Bytes);
        Assert.Equal(0, owa.UnreadableFiles);
        Assert.Equal(LogKind.HttpProxy, owa.Kind);
        Assert.Equal(1.3, owa.Days);
    }

    [Fact]
    public void Binary_garbage_is_an_error_for_that_file_and_the_scan_goes_on()
    {
        var hunt = Hunt([Fixture("edge")]);
        var garbage = Assert.Single(hunt.Files, f => f.File.Path.EndsWith("garbage.LOG", StringComparison.Ordinal));
        Assert.IsType<InvalidDataException>(garbage.Error);
        Assert.Equal(LogKind.HttpProxy, garbage.Kind);
        Assert.Contains(hunt.Findings, f => f.Path!.EndsWith("headerless.LOG", StringComparison.Ordinal));
        var coverage = Build(hunt).Single(c => c.UnreadableFiles > 0);
        Assert.Equal([garbage.File.Path], coverage.UnreadablePaths);
        Assert.Equal(garbage.File.Path, coverage.UnreadablePaths.ToString());
    }

    [Fact]
    public void An_absurdly_long_line_is_an_error_and_the_next_file_is_still_read()
    {
        string dir = TempDir();
        try
        {
            string longFile = Path.Combine(dir, "long.log");
            File.WriteAllText(longFile, string.Join(",", LogFieldMap.HttpProxyFields) + "\n2021-03-03T00:00:00Z," + new string('A', 20000) + "\n");
            var hunt = Hunt([longFile, OwaLog], new LogHuntOptions { BufferSize = 4096, ThrottleLimit = 1 });
            Assert.IsType<InvalidDataException>(hunt.Files.Single(f => f.File.Path == longFile).Error);
            Assert.Contains("longer than", hunt.Files.Single(f => f.File.Path == longFile).Error!.Message, StringComparison.Ordinal);
            Assert.Null(hunt.Files.Single(f => f.File.Path == Path.GetFullPath(OwaLog)).Error);
            Assert.Equal(9, hunt.Findings.Count);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(5000)]
    [InlineData(65536)]
    public void Small_buffers_split_lines_anywhere_and_give_the_same_findings(int bufferSize)
    {
        var reference = Hunt([Fixture("triage")]).Findings.Select(Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var small = Hunt([Fixture("triage")], new LogHuntOptions { BufferSize = bufferSize }).Findings.Select(Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(reference);
        Assert.Equal(reference, small);
    }

    [Fact]
    public void Lf_crlf_and_bom_variants_of_a_file_give_the_same_rows()
    {
        string text = File.ReadAllText(EcpLog);
        string dir = TempDir();
        try
        {
            var variants = new Dictionary<string, byte[]>
            {
                ["crlf.log"] = Encoding.UTF8.GetBytes(text),
                ["lf.log"] = Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal)),
                ["bom.log"] = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray(),
                ["bom-lf-no-final-newline.log"] = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n'))).ToArray(),
            };
            foreach (var v in variants)
            {
                File.WriteAllBytes(Path.Combine(dir, v.Key), v.Value);
            }

            var hunt = Hunt([dir]);
            var perFile = hunt.Findings.GroupBy(f => Path.GetFileName(f.Path!)).ToDictionary(g => g.Key, g => g.Select(f => f.LineNumber + f.RuleId + f.AnchorMailbox + f.UserAgent).OrderBy(x => x, StringComparer.Ordinal).ToList());
            Assert.Equal(4, perFile.Count);
            Assert.Equal(8, perFile["crlf.log"].Count);
            Assert.All(perFile.Values, rows => Assert.Equal(perFile["crlf.log"], rows));
            Assert.All(hunt.Files, f => Assert.Equal(13, f.Lines));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_file_held_open_for_writing_by_another_process_is_read()
    {
        string dir = TempDir();
        try
        {
            string path = Path.Combine(dir, "HttpProxy_2021030399-1.LOG");
            File.Copy(EcpLog, path);
            using (var writer = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                var partial = Encoding.UTF8.GetBytes("2021-03-03T09:00:00.000Z,abc,15,1,2176,2,,Ecp,mail.contoso.com,/ecp/y.js,,,False,,,ServerInfo~a]@exch01:444/mapi/emsmdb/?#,python-req");
                writer.Write(partial, 0, partial.Length);
                writer.Flush();
                var hunt = Hunt([path]);
                Assert.Null(hunt.Files.Single().Error);
                Assert.Equal(9, hunt.Findings.Count);
                Assert.Contains(hunt.Findings, f => f.LineNumber == 20 && f.RuleId == HttpProxyRuleCatalog.SsrfAnchor.Id);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Since_and_until_select_rows_by_their_own_time()
    {
        var all = Hunt([OwaLog]).Findings;
        var window = Hunt([OwaLog], new LogHuntOptions { Since = new DateTime(2021, 3, 3, 4, 3, 0, DateTimeKind.Utc), Until = new DateTime(2021, 3, 3, 23, 0, 0, DateTimeKind.Utc) }).Findings;
        Assert.Equal(9, all.Count);
        Assert.Equal(["HT-HP-013", "HT-HP-050", "HT-HP-051"], window.Select(f => f.RuleId).OrderBy(x => x, StringComparer.Ordinal));
    }

    [Fact]
    public void Since_later_than_a_files_last_write_skips_the_file_unopened()
    {
        string dir = TempDir();
        try
        {
            string path = Path.Combine(dir, "old.log");
            File.Copy(OwaLog, path);
            File.SetLastWriteTimeUtc(path, new DateTime(2021, 3, 5, 0, 0, 0, DateTimeKind.Utc));
            var hunt = Hunt([path], new LogHuntOptions { Since = new DateTime(2021, 3, 6, 0, 0, 0, DateTimeKind.Utc) });
            Assert.True(hunt.Files.Single().SkippedByTime);
            Assert.Empty(hunt.Findings);
            Assert.Empty(Build(hunt));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("CVE-2021-27065", new[] { "HT-HP-011", "HT-HP-012", "HT-HP-012" })]
    [InlineData("27065", new[] { "HT-HP-011", "HT-HP-012", "HT-HP-012" })]
    [InlineData("CVE-2021-26857", new string[0])]
    public void Cve_selects_findings(string cve, string[] rules)
    {
        var hunt = Hunt([EcpLog], new LogHuntOptions { Cve = [cve] });
        Assert.Equal(rules, hunt.Findings.Select(f => f.RuleId).OrderBy(x => x, StringComparer.Ordinal));
    }

    [Fact]
    public void Kind_selects_logs()
    {
        Assert.Empty(Hunt([EcpLog], new LogHuntOptions { Kinds = [LogKind.EcpServer] }).Findings);
        Assert.NotEmpty(Hunt([EcpLog], new LogHuntOptions { Kinds = [LogKind.HttpProxy] }).Findings);
    }

    [Fact]
    public void Ecp_and_oab_rows_reach_plugged_in_rule_sets_with_their_fields()
    {
        var plugins = LogPlugins.FromAssemblies(typeof(RecordingEcpRules).Assembly);
        var hunt = Hunt([Fixture("other")], new LogHuntOptions { Plugins = plugins });
        var ecp = hunt.Findings.Where(f => f.RuleId == "TEST-ECP-001").OrderBy(f => f.LineNumber).ToList();
        var expected = File.ReadAllLines(Fixture("other", "ecp-eventdata-expected.txt"));
        Assert.Equal(expected, ecp.Select(f => f.Detail));
        Assert.Equal([6L, 7L, 8L], ecp.Select(f => f.LineNumber!.Value));
        Assert.All(ecp, f => Assert.Equal("EXCH01", f.ComputerName));
        Assert.All(ecp, f => Assert.Equal("ECP.Request", f.Operation));
        Assert.Equal(new DateTime(2021, 3, 3, 3, 37, 31, 442, DateTimeKind.Utc), ecp[1].Timestamp);
        Assert.Contains("''http://f/<script language=\"JScript\"", ecp[1].Detail, StringComparison.Ordinal);

        var oab = hunt.Findings.Where(f => f.RuleId == "TEST-OAB-001").OrderBy(f => f.LineNumber).ToList();
        Assert.Equal(2, oab.Count);
        Assert.Equal(File.ReadAllLines(Fixture("other", "EXCH01", "Logging", "OABGeneratorLog", "OABGeneratorLog_20210303-1.log"))[0], oab[0].Detail);
        Assert.Equal(new DateTime(2021, 3, 3, 3, 38, 2, 510, DateTimeKind.Utc), oab[0].Timestamp);
        Assert.Equal("EXCH01", oab[0].ComputerName);
        var sources = Build(hunt).Select(c => c.Source).ToList();
        Assert.Contains("ECP/Server", sources);
        Assert.Contains("OABGeneratorLog", sources);
    }

    [Fact]
    public void Plugin_formats_are_recognised_by_content_and_feed_their_rule_sets()
    {
        var plugins = LogPlugins.FromAssemblies(typeof(TestLineFormat).Assembly);
        Assert.Contains(plugins.Formats, f => f is TestLineFormat);
        string dir = TempDir();
        try
        {
            string path = Path.Combine(dir, "export.bin");
            File.WriteAllText(path, "TESTFMT header\nsecond record\n");
            var hunt = Hunt([path], new LogHuntOptions { Plugins = plugins, Cve = ["CVE-2021-26857"] });
            Assert.Equal(["TESTFMT header", "second record"], hunt.Findings.Select(f => f.Detail));
            var coverage = Assert.Single(Build(hunt));
            Assert.Equal(LogKind.EventLogXml, coverage.Kind);
            Assert.Equal("EVTHOST", coverage.ComputerName);
            Assert.Equal(2, coverage.Lines);
            Assert.Equal(new DateTime(2021, 3, 3, 2, 0, 0, DateTimeKind.Utc), coverage.LastTimestamp);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Live_sources_are_discovered_and_read_through_the_rule_sets_of_their_kind()
    {
        var plugins = LogPlugins.FromAssemblies(typeof(FakeLiveSource).Assembly);
        Assert.Contains(plugins.LiveSources, s => s is FakeLiveSource);
        var result = new HuntResult();
        LogHunt.RunLive(
            plugins.LiveSources,
            new LogHuntOptions { Plugins = plugins, Until = new DateTime(2021, 3, 4, 12, 0, 0, DateTimeKind.Utc) },
            e =>
            {
                if (e.Finding is { } f)
                {
                    result.Findings.Add(f);
                }

                if (e.Summary is { } s)
                {
                    result.Files.Add(s);
                }
            },
            CancellationToken.None);
        Assert.Equal(["record 1", "record 2"], result.Findings.Select(f => f.Detail));
        var coverage = Assert.Single(Build(result));
        Assert.Equal("EventLog/Application", coverage.Source);
        Assert.Equal("LIVEHOST", coverage.ComputerName);
        Assert.Equal(3, coverage.Lines);
        Assert.Equal(new DateTime(2021, 3, 5, 0, 0, 0, DateTimeKind.Utc), coverage.LastTimestamp);
    }

    [Fact]
    public void Reflection_only_takes_public_classes_with_a_parameterless_constructor()
    {
        var plugins = LogPlugins.FromAssemblies(typeof(RecordingEcpRules).Assembly);
        Assert.Contains(plugins.RuleSets, r => r is RecordingEcpRules);
        Assert.DoesNotContain(plugins.RuleSets, r => r.GetType() == typeof(HiddenRules));
        Assert.Null(plugins.Prefilters[LogKind.EcpServer]);
    }

    [Fact]
    public void Cancellation_stops_the_hunt()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var files = new LogFileDiscovery().Expand(Fixture("triage")).ToList();
        Assert.ThrowsAny<OperationCanceledException>(() => LogHunt.Run(files, new LogHuntOptions(), _ => { }, cts.Token));
    }

    [Fact]
    public void A_log_of_another_kind_is_recognised_as_such_and_not_read()
    {
        var hunt = Hunt([Fixture("unknown")]);
        var file = Assert.Single(hunt.Files);
        Assert.Equal(LogKind.Unknown, file.Kind);
        Assert.Null(file.Error);
        Assert.True(file.File.ExplicitlyNamed is false);
        Assert.Empty(Build(hunt));
    }

    [Fact]
    public void Oab_generator_rows_stay_whole_lines_even_under_a_fields_header()
    {
        string dir = TempDir();
        try
        {
            string folder = Path.Combine(dir, "EXCH05", "Logging", "OABGeneratorLog");
            Directory.CreateDirectory(folder);
            string line = "2021-03-03T03:38:02.510Z,1,OABGen,Download failed and temporary file 'C:\\inetpub\\wwwroot\\aspnet_client\\a.aspx' needs to be removed";
            File.WriteAllText(Path.Combine(folder, "OABGen_1.log"), "#Fields: DateTime,Thread,Component,Text\r\n" + line + "\r\n");
            var hunt = Hunt([dir], new LogHuntOptions { Plugins = LogPlugins.FromAssemblies(typeof(RecordingOabRules).Assembly) });
            var row = Assert.Single(hunt.Findings, f => f.RuleId == "TEST-OAB-001");
            Assert.Equal(line, row.Detail);
            Assert.Equal("EXCH05", row.ComputerName);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Cancelling_mid_scan_stops_promptly()
    {
        string dir = TempDir();
        try
        {
            var lines = File.ReadAllLines(OwaLog);
            string path = Path.Combine(dir, "big.log");
            using (var writer = new StreamWriter(path))
            {
                foreach (var header in lines.Take(6))
                {
                    writer.WriteLine(header);
                }

                for (int i = 0; i < 40000; i++)
                {
                    writer.WriteLine(lines[6 + (i % (lines.Length - 6))]);
                }
            }

            using var cts = new CancellationTokenSource();
            var files = new LogFileDiscovery().Expand(dir).ToList();
            int events = 0;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.ThrowsAny<OperationCanceledException>(() => LogHunt.Run(files, new LogHuntOptions { BufferSize = 65536 }, _ =>
            {
                if (++events == 3)
                {
                    cts.Cancel();
                }
            }, cts.Token));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "the scan did not stop promptly");
            Assert.InRange(events, 3, 1000);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Discovery_of_an_install_root_walks_only_logging_and_names_files_once()
    {
        string dir = TempDir();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "Bin"));
            Directory.CreateDirectory(Path.Combine(dir, "Mailbox"));
            File.WriteAllText(Path.Combine(dir, "Mailbox", "x.log"), "x");
            string proxy = Path.Combine(dir, "Logging", "HttpProxy", "Owa");
            Directory.CreateDirectory(proxy);
            File.Copy(OwaLog, Path.Combine(proxy, "HttpProxy_1.LOG"));
            File.WriteAllText(Path.Combine(proxy, "ignored.dll"), "x");
            var discovery = new LogFileDiscovery();
            var files = discovery.Expand(dir).Concat(discovery.Expand(Path.Combine(dir, "Logging"))).Concat(discovery.Expand(Path.Combine(proxy, "HttpProxy_1.LOG"))).ToList();
            Assert.Equal([Path.Combine(proxy, "HttpProxy_1.LOG")], files.Select(f => f.Path));
            Assert.Throws<FileNotFoundException>(() => discovery.Expand(Path.Combine(dir, "nope")).ToList());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData(@"D:\triage\EXCH01\Logging\HttpProxy\Owa\HttpProxy_2021030304-1.LOG", "EXCH01")]
    [InlineData("/cases/42/exch02/logging/httpproxy/ecp/x.log", "exch02")]
    [InlineData(@"\\EXCH03\c$\Program Files\Microsoft\Exchange Server\V15\Logging\HttpProxy\Owa\x.LOG", "EXCH03")]
    [InlineData(@"C:\Program Files\Microsoft\Exchange Server\V15\Logging\HttpProxy\Owa\x.LOG", null)]
    [InlineData("/tmp/loose.log", null)]
    [InlineData("/triage/EXCH04/inetpub/logs/LogFiles/W3SVC1/u_ex210303.log", "EXCH04")]
    public void The_server_is_read_from_a_triage_or_unc_path(string path, string? computer) =>
        Assert.Equal(computer, LogLocation.ComputerNameFromPath(path));

    [Theory]
    [InlineData(@"x\LOGGING\httpproxy\OWA\a.log", LogKind.HttpProxy)]
    [InlineData("x/Logging/ECP/Server/a.log", LogKind.EcpServer)]
    [InlineData("x/Logging/ecp/activity/a.log", LogKind.EcpActivity)]
    [InlineData("x/Logging/OABGeneratorLog/a.log", LogKind.OabGenerator)]
    [InlineData("x/LogFiles/W3SVC2/u_ex.log", LogKind.IisW3c)]
    [InlineData("x/HttpProxy_2021030304-1.LOG", LogKind.HttpProxy)]
    [InlineData("x/readme.txt", LogKind.Unknown)]
    public void Folders_suggest_a_kind_when_the_header_does_not(string path, LogKind kind) =>
        Assert.Equal(kind, LogLocation.KindFromPath(path));

    [Theory]
    [InlineData("#Software: Microsoft Exchange Server\n#Version: 15.0.0.0\n#Log-type: ECP Server Log\n#Fields: TimeStamp,ServerName,EventId,EventData\n", LogKind.EcpServer)]
    [InlineData("#Software: Microsoft Exchange Server\n#Log-type: ECP Activity Context Log\n#Fields: TimeStamp,ServerName,EventId,EventData\n", LogKind.EcpActivity)]
    [InlineData("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Fields: date time s-ip cs-method cs-uri-stem\n", LogKind.IisW3c)]
    [InlineData("DateTime,RequestId,UrlStem,AnchorMailbox\n2021-03-03T00:00:00Z,a,b,c\n", LogKind.HttpProxy)]
    [InlineData("#Log-type: HttpProxy Logs\n", LogKind.HttpProxy)]
    [InlineData("#Software: Microsoft Exchange Server\n#Log-type: Transport Message Tracking Log\n#Fields: date-time,client-ip\n", LogKind.Unknown)]
    [InlineData("hello world\n", LogKind.Unknown)]
    public void The_header_names_the_kind_whatever_the_file_is_called(string head, LogKind kind)
    {
        var bytes = Encoding.UTF8.GetBytes(head);
        var format = LogFormatDetector.Detect(bytes, bytes.Length, "/tmp/loose/renamed.dat", []);
        Assert.Equal(kind, format.Kind);
        Assert.Equal(kind != LogKind.Unknown, format.FromHeader);
    }

    [Fact]
    public void A_header_overrides_the_folder()
    {
        var bytes = Encoding.UTF8.GetBytes("#Software: Microsoft Exchange Server\n#Log-type: ECP Server Log\n#Fields: TimeStamp,ServerName,EventId,EventData\n");
        var format = LogFormatDetector.Detect(bytes, bytes.Length, "/x/Logging/HttpProxy/Owa/a.log", []);
        Assert.Equal(LogKind.EcpServer, format.Kind);
        Assert.True(format.FromHeader);
    }

    private static string Key(HafniumTools.Model.Finding f) => Relative(f.Path!) + ":" + f.LineNumber + ":" + f.RuleId;

    private static List<LogCoverage> Build(HuntResult hunt)
    {
        var builder = new LogCoverageBuilder();
        foreach (var s in hunt.Files)
        {
            builder.Add(s);
        }

        return builder.Build().ToList();
    }
}

/// <summary>Not plug-in material: no parameterless constructor.</summary>
public sealed class HiddenRules(int unused) : ILogRowRules
{
    public LogKind Kind => LogKind.EcpServer;

    public IReadOnlyList<HafniumTools.Model.DetectionRule> Rules => [];

    public int Unused => unused;

    public void Evaluate(ILogRow row, ICollection<HafniumTools.Model.Finding> findings)
    {
    }
}
