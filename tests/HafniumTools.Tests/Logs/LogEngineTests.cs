using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using HafniumTools.Core;
using HafniumTools.Logs;
using HafniumTools.Logs.HttpProxy;
using HafniumTools.Model;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Logs;

public class LogEngineTests
{
    /// <summary>The test assembly's own rule sets, formats and live sources, stood in for the module's.</summary>
    private static LogRegistry TestPlugins() => new(
        [new RecordingEcpRules(), new RecordingOabRules(), new TestLineRules()],
        [new TestLineFormat()],
        [new FakeLiveSource(), new MissingLiveSource()]);

    private static readonly string OwaLog = Fixture("triage", "EXCH01", "Logging", "HttpProxy", "Owa", "HttpProxy_2021030304-1.LOG");
    private static readonly string EcpLog = Fixture("triage", "EXCH01", "Logging", "HttpProxy", "Ecp", "HttpProxy_2021030303-1.LOG");

    [Fact]
    public void Coverage_is_one_object_per_server_and_source_with_the_time_span()
    {
        var hunt = Hunt([Fixture("triage")]);
        var coverage = hunt.Coverage;
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
        Assert.Equal(FindingCategory.HttpProxy, owa.Category);
        Assert.Equal(1.3, owa.Days);
    }

    [Fact]
    public void Binary_garbage_is_an_error_for_that_file_and_the_scan_goes_on()
    {
        var hunt = Hunt([Fixture("edge")]);
        var garbage = Assert.Single(hunt.Errors, p => ((string)p.Target!).EndsWith("garbage.LOG", StringComparison.Ordinal));
        Assert.IsType<InvalidDataException>(garbage.Exception);
        Assert.Contains(hunt.Findings, f => f.Path!.EndsWith("headerless.LOG", StringComparison.Ordinal));
        var coverage = hunt.Coverage.Single(c => c.UnreadableFiles > 0);
        Assert.Equal(FindingCategory.HttpProxy, coverage.Category);
        Assert.Equal([(string)garbage.Target!], coverage.UnreadablePaths);
        Assert.Equal((string)garbage.Target!, coverage.UnreadablePaths.ToString());
    }

    [Fact]
    public void A_line_longer_than_the_buffer_is_skipped_with_a_warning_and_the_file_and_the_next_are_still_read()
    {
        string dir = TempDir();
        try
        {
            string longFile = Path.Combine(dir, "long.log");
            File.WriteAllText(longFile, string.Join(",", LogFieldMap.HttpProxyFields) + "\n2021-03-03T00:00:00Z," + new string('A', 20000) + "\n");
            var hunt = Hunt(new LogHuntRequest { Paths = [longFile, OwaLog], BufferSize = 4096, ThrottleLimit = 1 });
            Assert.Empty(hunt.Errors);
            var warning = Assert.Single(hunt.Problems, p => p.ErrorId == ErrorIds.LogLineSkipped);
            Assert.Contains("'" + longFile + "', line 2:", warning.Message, StringComparison.Ordinal);
            Assert.Contains(hunt.Coverage, c => c.Source == "HttpProxy/Owa" && c.Files == 1 && c.UnreadableFiles == 0);
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
        var small = Hunt(new LogHuntRequest { Paths = [Fixture("triage")], BufferSize = bufferSize }).Findings.Select(Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
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
            Assert.All(variants.Keys, name => Assert.Equal(13, Hunt([Path.Combine(dir, name)]).Coverage.Single().Lines));
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
                Assert.Empty(hunt.Errors);
                Assert.Equal(1, hunt.Coverage.Single().Files);
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
        var window = Hunt(new LogHuntRequest { Paths = [OwaLog], Since = new DateTime(2021, 3, 3, 4, 3, 0, DateTimeKind.Utc), Until = new DateTime(2021, 3, 3, 23, 0, 0, DateTimeKind.Utc) }).Findings;
        Assert.Equal(9, all.Count);
        Assert.Equal(["HT-HP-013", "HT-HP-050", "HT-HP-051"], window.Select(f => f.RuleId).OrderBy(x => x, StringComparer.Ordinal));
    }

    [Fact]
    public void Since_later_than_a_files_last_write_still_reads_the_file_because_an_attacker_sets_the_time()
    {
        string dir = TempDir();
        try
        {
            string path = Path.Combine(dir, "old.log");
            File.Copy(OwaLog, path);
            File.SetLastWriteTimeUtc(path, new DateTime(2021, 3, 5, 0, 0, 0, DateTimeKind.Utc));
            var hunt = Hunt(new LogHuntRequest { Paths = [path], Since = new DateTime(2021, 3, 6, 0, 0, 0, DateTimeKind.Utc) });
            Assert.DoesNotContain(hunt.Problems, p => p.Message.Contains("-Since"));
            Assert.Empty(hunt.Findings); // every row is older than -Since
            Assert.Equal(1, Assert.Single(hunt.Coverage).Files);
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
        var hunt = Hunt(new LogHuntRequest { Paths = [EcpLog], Cve = [cve] });
        Assert.Equal(rules, hunt.Findings.Select(f => f.RuleId).OrderBy(x => x, StringComparer.Ordinal));
    }

    [Fact]
    public void Kind_selects_logs()
    {
        Assert.Empty(Hunt(new LogHuntRequest { Paths = [EcpLog], Kinds = [LogKind.EcpServer] }).Findings);
        Assert.NotEmpty(Hunt(new LogHuntRequest { Paths = [EcpLog], Kinds = [LogKind.HttpProxy] }).Findings);
    }

    [Fact]
    public void Ecp_and_oab_rows_reach_plugged_in_rule_sets_with_their_fields()
    {
        var plugins = TestPlugins();
        var hunt = Hunt(new LogHuntRequest { Paths = [Fixture("other")], Registry = plugins });
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
        var sources = hunt.Coverage.Select(c => c.Source).ToList();
        Assert.Contains("ECP/Server", sources);
        Assert.Contains("OABGeneratorLog", sources);
    }

    [Fact]
    public void Plugin_formats_are_recognised_by_content_and_feed_their_rule_sets()
    {
        var plugins = TestPlugins();
        Assert.Contains(plugins.AllFormats, f => f is TestLineFormat);
        string dir = TempDir();
        try
        {
            string path = Path.Combine(dir, "export.bin");
            File.WriteAllText(path, "TESTFMT header\nsecond record\n");
            var hunt = Hunt(new LogHuntRequest { Paths = [path], Registry = plugins, Cve = ["CVE-2021-26857"] });
            Assert.Equal(["TESTFMT header", "second record"], hunt.Findings.Select(f => f.Detail));
            var coverage = Assert.Single(hunt.Coverage);
            Assert.Equal(FindingCategory.EventLog, coverage.Category);
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
        var plugins = TestPlugins();
        Assert.Contains(plugins.AllLiveSources, s => s is FakeLiveSource);
        var result = Hunt(new LogHuntRequest { Registry = plugins, ReadLiveSources = true, Until = new DateTime(2021, 3, 4, 12, 0, 0, DateTimeKind.Utc) });
        Assert.Equal(["record 1", "record 2"], result.Findings.Select(f => f.Detail));
        var coverage = Assert.Single(result.Coverage);
        Assert.Equal("EventLog/Application", coverage.Source);
        Assert.Equal("LIVEHOST", coverage.ComputerName);
        Assert.Equal(3, coverage.Lines);
        Assert.Equal(new DateTime(2021, 3, 5, 0, 0, 0, DateTimeKind.Utc), coverage.LastTimestamp);
    }

    [Fact]
    public void The_registry_has_a_rule_set_for_every_kind_of_log_and_no_line_filter_where_a_set_gives_no_hints()
    {
        var registered = LogRegistry.Module;
        foreach (var kind in Enum.GetValues<LogKind>().Where(k => k != LogKind.Unknown && k != LogKind.EcpActivity))
        {
            Assert.NotEmpty(registered.RulesFor(kind));
        }

        Assert.Equal(registered.AllRuleSets.Count, registered.AllRuleSets.Select(r => r.GetType()).Distinct().Count());
        Assert.Contains(registered.AllFormats, f => f.Kind == LogKind.EventLogXml);
        Assert.Contains(registered.AllFormats, f => f.Kind == LogKind.EventLogClixml);
        Assert.Null(TestPlugins().PrefilterFor(LogKind.EcpServer));
    }

    [Fact]
    public void Each_registration_names_the_kinds_its_rule_set_judges()
    {
        foreach (var registration in LogRegistry.Registrations())
        {
            Assert.Equal(registration.Kinds, registration.RuleSet.Kinds);
        }
    }

    [Fact]
    public void A_hunt_of_one_kind_builds_only_that_kinds_rule_sets_and_still_knows_each_findings_rule()
    {
        var built = new List<string>();
        var registry = new LogRegistry(
            LogRegistry.Registrations().Select(r => new RuleSetRegistration(r.Kinds, () =>
            {
                lock (built)
                {
                    built.Add(r.RuleSet.GetType().Name);
                }

                return r.RuleSet;
            })),
            LogRegistry.Formats());
        var hunt = Hunt(new LogHuntRequest { Paths = [EcpLog], Registry = registry });

        Assert.Equal(["HttpProxyRules", "WaveHttpProxyRules"], built.OrderBy(n => n, StringComparer.Ordinal));
        Assert.NotEmpty(hunt.Findings);
        Assert.All(hunt.Findings, f => Assert.Equal(f.RuleId, registry.RuleInUse(f.RuleId)?.Id));
        Assert.Null(registry.RuleInUse("HT-IIS-001"));
        Assert.Equal(LogRegistry.Registrations().Count(), registry.AllRuleSets.Count);
        Assert.Equal(LogRegistry.Registrations().Count(), built.Count);
        Assert.Equal("HT-IIS-001", registry.AllRules().Single(r => r.Id == "HT-IIS-001").Id);
    }

    [Fact]
    public void Cancellation_stops_the_hunt()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => LogHunt.Run(new LogHuntRequest { Paths = [Fixture("triage")] }, new HuntResult(), cts.Token));
    }

    [Fact]
    public void A_log_of_another_kind_is_recognised_as_such_and_not_read()
    {
        var hunt = Hunt([Fixture("unknown")]);
        var file = Assert.Single(hunt.Problems);
        Assert.Equal("Not a log this command reads: " + Fixture("unknown", "MSGTRK2021030300-1.LOG"), file.Message);
        Assert.Equal(ProblemLevel.Verbose, file.Level);
        Assert.Empty(hunt.Coverage);
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
            var hunt = Hunt(new LogHuntRequest { Paths = [dir], Registry = TestPlugins() });
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
            int events = 0;
            var sink = new HuntResult
            {
                OnReport = () =>
                {
                    if (++events == 3)
                    {
                        cts.Cancel();
                    }
                },
            };
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.ThrowsAny<OperationCanceledException>(() => LogHunt.Run(new LogHuntRequest { Paths = [dir], BufferSize = 65536 }, sink, cts.Token));
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
            var discovery = new LogFileDiscovery(new HuntResult());
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

    [Fact]
    public void The_detector_hands_the_header_columns_and_where_the_data_starts_to_the_reader()
    {
        byte[] bytes = File.ReadAllBytes(OwaLog);
        var format = LogFormatDetector.Detect(bytes, Math.Min(bytes.Length, LogFormatDetector.HeadSize), OwaLog, []);
        string text = Encoding.UTF8.GetString(bytes);
        int firstData = text.IndexOf("\n2021-03-03T04:00:00.101Z", StringComparison.Ordinal) + 1;

        Assert.Equal(LogKind.HttpProxy, format.Kind);
        Assert.Equal(firstData, format.DataStart);
        Assert.Equal(6, format.HeaderLines);
        Assert.Equal(LogFieldMap.HttpProxyFields, format.Fields.Names);
        Assert.Equal(0, format.Fields.TimestampIndex);
    }

    [Fact]
    public void Files_of_a_kind_not_asked_for_are_counted_as_skipped_not_as_read()
    {
        var hunt = Hunt(new LogHuntRequest { Paths = [EcpLog], Kinds = [LogKind.EcpServer] });

        var coverage = Assert.Single(hunt.Coverage);
        Assert.Equal(1, coverage.SkippedFiles);
        Assert.Equal(0, coverage.Bytes);
        Assert.Equal([Path.GetFullPath(EcpLog) + " (not a selected -Kind)"], coverage.SkippedPaths);
    }

    [Fact]
    public void A_path_gone_before_the_hunt_reads_it_is_PathNotFound_and_the_others_are_read()
    {
        string gone = Path.Combine(TempDir(), "gone");
        Directory.Delete(Path.GetDirectoryName(gone)!);

        var hunt = Hunt(new LogHuntRequest { Paths = [gone, OwaLog] });

        var problem = Assert.Single(hunt.Errors);
        Assert.Equal(ErrorIds.PathNotFound, problem.ErrorId);
        Assert.Equal(ProblemCategory.ObjectNotFound, problem.Category);
        Assert.Equal(gone, problem.Target);
        Assert.Equal(9, hunt.Findings.Count);
    }

    [Fact]
    public void An_empty_time_window_is_TimeWindowEmpty_and_nothing_is_read()
    {
        var hunt = Hunt(new LogHuntRequest { Paths = [OwaLog], Since = new DateTime(2021, 3, 5, 0, 0, 0, DateTimeKind.Utc), Until = new DateTime(2021, 3, 1, 0, 0, 0, DateTimeKind.Utc) });

        Assert.Equal(ErrorIds.TimeWindowEmpty, Assert.Single(hunt.Problems).ErrorId);
        Assert.Empty(hunt.Findings);
        Assert.Empty(hunt.Coverage);
    }

    [Fact]
    public void The_oab_evidence_is_chosen_by_rule_and_keeps_the_oab_virtual_directory_rules_whatever_their_cves()
    {
        var ids = LogEvidence.RuleIdsFor("CVE-2021-26858", LogRegistry.Module);

        Assert.Contains("HT-OAB-001", ids);
        Assert.Contains("HT-OAB-002", ids);
        Assert.Contains(HttpProxyRuleCatalog.OabSetObject.Id, ids);
        Assert.Contains(HttpProxyRuleCatalog.OabReset.Id, ids);
        Assert.DoesNotContain("CVE-2021-26858", HttpProxyRuleCatalog.OabReset.Cve);
        Assert.DoesNotContain(HttpProxyRuleCatalog.SsrfAnchor.Id, ids);
        var viaEvidence = Hunt(new LogHuntRequest { Paths = [EcpLog], RuleIds = ids }).Findings.Select(f => f.RuleId).OrderBy(x => x, StringComparer.Ordinal);
        Assert.Equal(["HT-HP-011", "HT-HP-012", "HT-HP-012"], viaEvidence);
    }

    private static string Key(Finding f) => Relative(f.Path!) + ":" + f.LineNumber + ":" + f.RuleId;
}
