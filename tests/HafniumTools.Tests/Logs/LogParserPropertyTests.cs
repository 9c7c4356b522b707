using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using HafniumTools.Logs;
using HafniumTools.Logs.HttpProxy;
using HafniumTools.Model;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Logs;

/// <summary>Random and mutated input for every parser: no crash, no hang, and agreement with naive references.</summary>
public class LogParserPropertyTests
{
    private const int Seed = 20210302;
    private static readonly byte[] Alphabet = Encoding.ASCII.GetBytes("abcXYZ~,\"'\r\n#:/.-_ 0123456789ServerInfo");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_prefilter_finds_exactly_what_a_naive_search_finds(bool bothCasesInOnePass)
    {
        var random = new Random(Seed);
        string[] needles = ["ServerInfo~", "X-BEResource", ".aspx", "python-requests"];
        var filter = LinePrefilter.Create(bothCasesInOnePass, needles);
        var positions = new List<int>();
        for (int round = 0; round < 300; round++)
        {
            var buffer = new byte[random.Next(0, 600)];
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = Alphabet[random.Next(Alphabet.Length)];
            }

            // plant some needles in random case
            for (int k = random.Next(0, 4); k > 0 && buffer.Length > 20; k--)
            {
                string needle = needles[random.Next(needles.Length)];
                int at = random.Next(0, Math.Max(1, buffer.Length - needle.Length));
                for (int i = 0; i < needle.Length && at + i < buffer.Length; i++)
                {
                    char c = needle[i];
                    buffer[at + i] = (byte)(random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
                }
            }

            int start = buffer.Length == 0 ? 0 : random.Next(0, buffer.Length / 2);
            int end = buffer.Length == 0 ? 0 : random.Next(start, buffer.Length + 1);
            filter.FindMatches(buffer, start, end, positions);
            var naive = Naive(buffer, start, end, needles);
            Assert.Equal(naive, positions.Distinct().OrderBy(p => p).ToList());
            Assert.Equal(positions.OrderBy(p => p), positions);
        }
    }

    [Theory]
    [InlineData("xX", 40, true)]
    [InlineData("xX~", 2, true)]
    [InlineData("abc ,", 1, true)]
    [InlineData("xX", 40, false)]
    [InlineData("xX~", 2, false)]
    [InlineData("abc ,", 1, false)]
    public void The_prefilter_finds_exactly_what_a_naive_search_finds_in_chunks_dense_or_sparse_in_its_anchors(string filler, int fillerWeight, bool bothCasesInOnePass)
    {
        // Chunks of up to 20 KB where the anchor letters (x, X of .aspx; w, W of owershell) are everywhere or nowhere:
        // every match is found, in both cases, at every alignment and up to the chunk's last bytes.
        var random = new Random(Seed);
        string[] needles = ["ServerInfo~", ".aspx", ".ashx", "owershell", "autodiscover.json"];
        var filter = LinePrefilter.Create(bothCasesInOnePass, needles);
        var positions = new List<int>();
        byte[] common = Encoding.ASCII.GetBytes("abcdefghijklmnopqrstuvyz,./ 0123456789");
        byte[] dense = Encoding.ASCII.GetBytes(filler);
        int found = 0;
        for (int round = 0; round < 200; round++)
        {
            var buffer = new byte[random.Next(0, 20000)];
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = random.Next(100) < fillerWeight ? dense[random.Next(dense.Length)] : common[random.Next(common.Length)];
            }

            for (int k = random.Next(0, 12); k > 0 && buffer.Length > 20; k--)
            {
                string needle = needles[random.Next(needles.Length)];
                int at = random.Next(0, buffer.Length - needle.Length + 1);
                for (int i = 0; i < needle.Length; i++)
                {
                    buffer[at + i] = (byte)(random.Next(2) == 0 ? char.ToUpperInvariant(needle[i]) : char.ToLowerInvariant(needle[i]));
                }
            }

            int start = buffer.Length == 0 ? 0 : random.Next(0, Math.Min(buffer.Length, 64));
            int end = buffer.Length == 0 ? 0 : random.Next(Math.Max(start, buffer.Length - 64), buffer.Length + 1);
            string last = needles[random.Next(needles.Length)];
            int lastAt = end - last.Length - random.Next(0, 9);
            if (lastAt >= start)
            {
                // One more, ending in the chunk's last bytes.
                Encoding.ASCII.GetBytes(last.ToUpperInvariant(), 0, last.Length, buffer, lastAt);
            }

            filter.FindMatches(buffer, start, end, positions);
            var naive = Naive(buffer, start, end, needles);

            Assert.Equal(naive, positions.Distinct().OrderBy(p => p).ToList());
            Assert.Equal(positions.OrderBy(p => p), positions);
            Assert.Equal(naive.Count > 0, filter.Matches(buffer, start, end));
            found += naive.Count;
        }

        Assert.True(found > 300, $"only {found} matches planted and found");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Matches_are_in_order_of_start_when_needles_anchored_at_different_offsets_interleave(bool bothCasesInOnePass)
    {
        // "cqefgh~" is anchored on its ~ (offset 6), "qe" on its q (offset 0): the q is met first, the earlier start second.
        var filter = LinePrefilter.Create(bothCasesInOnePass, "cqefgh~", "qe");
        byte[] bytes = Encoding.ASCII.GetBytes("..cqefgh~..CQEFGH~");
        var positions = new List<int>();

        filter.FindMatches(bytes, 0, bytes.Length, positions);

        Assert.Equal([2, 3, 11, 12], positions);
    }

    [Fact]
    public void Csv_splitting_matches_a_reference_parser_on_random_rows()
    {
        var random = new Random(Seed);
        var line = new CsvLine();
        for (int round = 0; round < 500; round++)
        {
            var fields = Enumerable.Range(0, random.Next(1, 12)).Select(_ => RandomField(random)).ToList();
            string text = string.Join(",", fields.Select(f => f.IndexOfAny([',', '"']) >= 0 || (f.Length > 0 && random.Next(4) == 0) ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f));
            var bytes = Encoding.UTF8.GetBytes(text);
            line.Split(bytes, 0, bytes.Length, (byte)',', true);
            Assert.Equal(fields.Count, line.Count);
            for (int i = 0; i < fields.Count; i++)
            {
                Assert.Equal(fields[i], line.Get(bytes, i));
            }
        }
    }

    [Fact]
    public void Csv_splitting_survives_arbitrary_bytes()
    {
        var random = new Random(Seed);
        var line = new CsvLine();
        for (int round = 0; round < 2000; round++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            for (int i = 0; i < bytes.Length; i++)
            {
                if (random.Next(5) == 0)
                {
                    bytes[i] = random.Next(2) == 0 ? (byte)',' : (byte)'"';
                }
            }

            line.Split(bytes, 0, bytes.Length, (byte)',', true);
            Assert.InRange(line.Count, 1, bytes.Length + 1);
            for (int i = 0; i < line.Count; i++)
            {
                Assert.InRange(line.Start(i), 0, bytes.Length);
                Assert.InRange(line.End(i), line.Start(i), bytes.Length);
                Assert.NotNull(line.Get(bytes, i));
            }
        }
    }

    [Fact]
    public void Timestamps_parse_or_return_null_and_are_always_utc()
    {
        var random = new Random(Seed);
        string[] seeds = ["2021-03-03T03:37:27.922Z", "2021-03-03 03:37:27", "2021-02-29T00:00:00Z", "2021-03-03T03:37:27.1234567+02:00", "03/03/2021 03:37:27"];
        for (int round = 0; round < 3000; round++)
        {
            var chars = seeds[random.Next(seeds.Length)].ToCharArray();
            for (int m = random.Next(0, 3); m > 0; m--)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
            }

            var parsed = LogTimestamp.Parse(new string(chars));
            if (parsed is DateTime t)
            {
                Assert.Equal(DateTimeKind.Utc, t.Kind);
            }
        }

        Assert.Equal(new DateTime(2021, 3, 3, 1, 37, 27, DateTimeKind.Utc).AddTicks(1234567), LogTimestamp.Parse("2021-03-03T03:37:27.1234567+02:00"));
        Assert.Null(LogTimestamp.Parse("2021-02-29T00:00:00Z"));
        Assert.Equal(new DateTime(2021, 3, 3, 3, 37, 27, DateTimeKind.Utc), LogTimestamp.Parse("2021-03-03 03:37:27"));
    }

    [Fact]
    public void Rules_survive_random_and_mutated_field_values()
    {
        var random = new Random(Seed);
        var rules = new HttpProxyRules();
        string[] anchors = ["ServerInfo~a]@exch01:444/ecp/proxyLogon.ecp?#", "ServerInfo~", "ServerInfo~/", "ServerInfo~@:/", "Server~a/b~", "Server~~/", "ServerInfo~[::1]:444/x"];
        string[] stems = ["/owa/auth/x.aspx", "/", "", ".aspx", "/owa/auth/.aspx", "/ecp/auth/a.ashx?#", "/owa//auth//b.aspx"];
        var findings = new List<Finding>();
        for (int round = 0; round < 3000; round++)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["AnchorMailbox"] = Mutate(random, anchors[random.Next(anchors.Length)]),
                ["BackEndCookie"] = Mutate(random, anchors[random.Next(anchors.Length)].Replace("ServerInfo~", "Server~", StringComparison.Ordinal)),
                ["UrlStem"] = Mutate(random, stems[random.Next(stems.Length)]),
                ["HttpStatus"] = Mutate(random, "241"),
                ["UserAgent"] = Mutate(random, "python-requests/2.25.1"),
            };
            rules.Evaluate(new DictionaryRow(values), findings);
        }

        Assert.All(findings, f => Assert.StartsWith("HT-HP-", f.RuleId, StringComparison.Ordinal));
        Assert.NotEmpty(findings);

        var iis = new HafniumTools.Logs.Iis.IisRules();
        var iisFindings = new List<Finding>();
        for (int round = 0; round < 3000; round++)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["cs-method"] = Mutate(random, "POST"),
                ["cs-uri-stem"] = Mutate(random, stems[random.Next(stems.Length)].Replace("/owa/", "/aspnet_client/", StringComparison.Ordinal)),
                ["sc-status"] = Mutate(random, "200"),
                ["cs-username"] = random.Next(2) == 0 ? "-" : Mutate(random, "CONTOSO\\a"),
                ["cs(User-Agent)"] = Mutate(random, "Mozilla/5.0+(x)"),
            };
            iis.Evaluate(new DictionaryRow(values), iisFindings);
        }

        Assert.All(iisFindings, f => Assert.StartsWith("HT-IIS-", f.RuleId, StringComparison.Ordinal));
    }

    [Fact]
    public void The_reader_survives_random_and_mutated_files_without_hanging()
    {
        var random = new Random(Seed);
        byte[] original = File.ReadAllBytes(Fixture("triage", "EXCH01", "Logging", "HttpProxy", "Ecp", "HttpProxy_2021030303-1.LOG"));
        var plugins = LogRegistry.Module;
        var filter = plugins.PrefilterFor(LogKind.HttpProxy);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int round = 0; round < 150; round++)
        {
            byte[] data = round % 3 == 0 ? RandomBytes(random, random.Next(0, 20000)) : MutateBytes(random, original);
            var evaluator = new RowEvaluator(plugins.RulesFor(LogKind.HttpProxy), null, null);
            var reader = new TextLogReader(new MemoryStream(data), "fuzz.log", new DetectedFormat(LogKind.HttpProxy, null, false), evaluator, filter, null, 4096);
            var findings = new List<Finding>();
            try
            {
                int steps = 0;
                while (reader.Step(findings))
                {
                    Assert.True(++steps < 10000, "the reader does not progress");
                }

                Assert.Equal(data.Length, reader.BytesRead);
            }
            catch (InvalidDataException)
            {
                // garbage is reported as such; nothing else may escape
            }

            Assert.Equal(0, evaluator.RuleFailures);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Format_detection_and_path_helpers_survive_random_input()
    {
        var random = new Random(Seed);
        string[] heads = ["#Fields: ", "#Log-type: ", "DateTime,", "#Software: Microsoft Internet Information Services", "\uFEFF"];
        for (int round = 0; round < 1000; round++)
        {
            var bytes = Encoding.UTF8.GetBytes(heads[random.Next(heads.Length)] + Encoding.Latin1.GetString(RandomBytes(random, random.Next(0, 200))));
            var format = LogFormatDetector.Detect(bytes, bytes.Length, "/x/" + round + ".log", []);
            Assert.True(Enum.IsDefined(format.Kind));
            string path = new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => "ab\\/:.LoggingW3SVC1"[random.Next(19)]).ToArray());
            _ = LogLocation.ComputerNameFromPath(path);
            _ = LogLocation.KindFromPath(path);
            _ = ExchangeWebPages.Classify(path, out _);
            _ = SsrfTarget.FromAnchorMailbox("ServerInfo~" + path);
            _ = SsrfTarget.FromBackEndCookie("Server~" + path);
        }
    }

    private static List<int> Naive(byte[] buffer, int start, int end, string[] needles)
    {
        var found = new SortedSet<int>();
        string text = Encoding.Latin1.GetString(buffer, start, end - start);
        foreach (var needle in needles)
        {
            int at = 0;
            while ((at = text.IndexOf(needle, at, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                found.Add(start + at);
                at++;
            }
        }

        return found.ToList();
    }

    private static string RandomField(Random random)
    {
        const string chars = "abc ,\";'=~/()XYZ0123456789é";
        return new string(Enumerable.Range(0, random.Next(0, 15)).Select(_ => chars[random.Next(chars.Length)]).ToArray());
    }

    private static string Mutate(Random random, string value)
    {
        var chars = value.ToList();
        for (int m = random.Next(0, 4); m > 0; m--)
        {
            int op = random.Next(3);
            int at = chars.Count == 0 ? 0 : random.Next(chars.Count);
            if (op == 0 && chars.Count > 0)
            {
                chars.RemoveAt(at);
            }
            else if (op == 1)
            {
                chars.Insert(at, "/~@:]#?.\"'"[random.Next(10)]);
            }
            else if (chars.Count > 0)
            {
                chars[at] = (char)random.Next(32, 127);
            }
        }

        return new string(chars.ToArray());
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] MutateBytes(Random random, byte[] original)
    {
        var data = (byte[])original.Clone();
        for (int m = random.Next(1, 40); m > 0; m--)
        {
            int at = random.Next(data.Length);
            data[at] = random.Next(4) switch
            {
                0 => (byte)',',
                1 => (byte)'"',
                2 => (byte)'\n',
                _ => (byte)random.Next(1, 256),
            };
        }

        return random.Next(3) == 0 ? data.Take(random.Next(data.Length)).ToArray() : data;
    }

    private sealed class DictionaryRow(Dictionary<string, string> values) : ILogRow
    {
        public LogKind Kind => LogKind.HttpProxy;

        public string Path => "fuzz";

        public long LineNumber => 1;

        public string? ComputerName => "FUZZ";

        public DateTime? Timestamp => null;

        public string RawText => string.Join(",", values.Values);

        public string? this[string field] => values.TryGetValue(field, out var v) ? v : null;
    }
}
