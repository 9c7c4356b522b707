using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using HafniumTools.Core;
using HafniumTools.Logs;
using HafniumTools.Logs.EventLogs;
using HafniumTools.Model;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Logs;

/// <summary>
/// Logs rewritten to be read as nothing: other line ends, a header cut short, another encoding, event exports with a
/// document type or a long prolog, more data than is kept, deep nesting, one huge line, an old modification time.
/// Each is read (or named in an error or warning and in the coverage), never silently lost. Inputs are generated from
/// the HttpProxy fixture (9 findings in 14 rows) and the event export fixtures, outside any recognised folder.
/// Runs alone: the deep-nesting test counts the bytes the process allocates while it reads, which other tests running
/// at the same time would add to.
/// </summary>
[Collection(nameof(HostileLogReadingCollection))]
public sealed class HostileLogReadingTests : IDisposable
{
    private static readonly string OwaLog = Fixture("triage", "EXCH01", "Logging", "HttpProxy", "Owa", "HttpProxy_2021030304-1.LOG");
    private static readonly string EventXml = Fixture("EventLogs", "Application-wevtutil.xml");
    private static readonly string EventClixml = Fixture("EventLogs", "Events-Export-Clixml.xml");
    private const string EventNamespace = "http://schemas.microsoft.com/win/2004/08/events/event";

    private readonly string _dir = TempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    private static List<string> Keys(HuntResult hunt) =>
        hunt.Findings.Select(f => f.RuleId + "@" + f.LineNumber).OrderBy(k => k, StringComparer.Ordinal).ToList();

    private static readonly List<string> OwaKeys = Keys(Hunt([OwaLog]));

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string OwaText => File.ReadAllText(OwaLog);

    private static string WithLineEnds(string text, string end) => text.Replace("\r\n", "\n").Replace("\n", end);

    [Theory]
    [InlineData("\r", 4096)]
    [InlineData("\r", 1024 * 1024)]
    [InlineData("\n", 4096)]
    [InlineData("\r\n", 4097)]
    [InlineData("mixed", 4099)]
    public void Every_line_end_gives_the_same_rows_findings_and_line_numbers(string end, int bufferSize)
    {
        string text = end == "mixed"
            ? string.Concat(WithLineEnds(OwaText, "\n").Split('\n').Select((line, i) => line + (i % 3 == 0 ? "\r" : i % 3 == 1 ? "\n" : "\r\n")))
            : WithLineEnds(OwaText, end);
        string path = Write("owa.log", Encoding.UTF8.GetBytes(text));

        var hunt = Hunt(new LogHuntRequest { Paths = [path], BufferSize = bufferSize });

        Assert.DoesNotContain(hunt.Problems, p => p.Level != ProblemLevel.Verbose);
        Assert.Equal(OwaKeys, Keys(hunt));
        Assert.Equal(14, Assert.Single(hunt.Coverage).Lines);
    }

    [Fact]
    public void A_fields_header_cut_short_still_has_its_rows_judged_with_a_warning_naming_the_file()
    {
        var lines = WithLineEnds(OwaText, "\n").Split('\n').Skip(1) // no plain header line: only the directive names columns
            .Select(l => l.StartsWith("#Fields:", StringComparison.Ordinal) ? "#Fields: DateTime,RequestId,MajorVersion" : l);
        string path = Write("owa.log", Encoding.UTF8.GetBytes(string.Join("\n", lines)));

        var hunt = Hunt([path]);

        Assert.Equal(OwaKeys.Select(k => Shift(k, 0, -1)), Keys(hunt)); // one line less: the plain header line
        var warning = Assert.Single(hunt.Problems, p => p.ErrorId == ErrorIds.LogFieldsMismatch);
        Assert.Equal(ProblemLevel.Warning, warning.Level);
        Assert.StartsWith("'" + path + "', line 6: rows have 74 values", warning.Message, StringComparison.Ordinal);
        var coverage = Assert.Single(hunt.Coverage);
        Assert.Equal(14, coverage.Lines);
        Assert.StartsWith(path + " (read in part: line 6", Assert.Single(coverage.SkippedPaths), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fields_header_that_is_not_the_usual_columns_is_judged_on_what_it_names_and_said_so()
    {
        var lines = WithLineEnds(OwaText, "\n").Split('\n').Skip(1)
            .Select(l => l.StartsWith("#Fields:", StringComparison.Ordinal) ? "#Fields: DateTime,Anything,UrlStem" : l);
        string path = Write("owa.log", Encoding.UTF8.GetBytes(string.Join("\n", lines)));

        var hunt = Hunt([path]);

        var warning = Assert.Single(hunt.Problems, p => p.ErrorId == ErrorIds.LogFieldsMismatch);
        Assert.Contains("rules saw only the columns it names", warning.Message, StringComparison.Ordinal);
        Assert.Equal(14, Assert.Single(hunt.Coverage).Lines);
        Assert.Single(Assert.Single(hunt.Coverage).SkippedPaths);
    }

    [Theory]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-16be-bom")]
    [InlineData("utf-16le")]
    public void A_utf16_text_log_outside_a_recognised_folder_is_read_like_utf8(string encoding)
    {
        byte[] bytes = encoding switch
        {
            "utf-16le-bom" => new UnicodeEncoding(false, true).GetPreamble().Concat(Encoding.Unicode.GetBytes(OwaText)).ToArray(),
            "utf-16be-bom" => new UnicodeEncoding(true, true).GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(OwaText)).ToArray(),
            _ => Encoding.Unicode.GetBytes(OwaText),
        };
        string path = Write("copy.txt", bytes);

        var hunt = Hunt(new LogHuntRequest { Paths = [_dir], BufferSize = 4096 });

        Assert.DoesNotContain(hunt.Problems, p => p.Level != ProblemLevel.Verbose);
        Assert.Equal(OwaKeys, Keys(hunt));
        var coverage = Assert.Single(hunt.Coverage);
        Assert.Equal(14, coverage.Lines);
        Assert.Equal(bytes.Length, coverage.Bytes);
        Assert.Equal(path, hunt.Findings[0].Path);
    }

    [Fact]
    public void Binary_noise_is_not_taken_for_utf16()
    {
        var random = new Random(14);
        for (int i = 0; i < 200; i++)
        {
            var noise = new byte[random.Next(0, 2000)];
            random.NextBytes(noise);
            Assert.Null(Utf16Text.Detect(noise, noise.Length, out _));
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(OwaText);
        Assert.Null(Utf16Text.Detect(utf8, utf8.Length, out _));
    }

    [Fact]
    public void Utf16_with_surrogate_pairs_split_across_chunks_converts_exactly()
    {
        string text = string.Concat(Enumerable.Repeat("a\U0001F600é€", 50000));
        using var utf8 = new Utf16ToUtf8Stream(new MemoryStream(Encoding.Unicode.GetBytes(text)), Encoding.Unicode);
        using var copy = new MemoryStream();
        utf8.CopyTo(copy, 777);
        Assert.Equal(text, Encoding.UTF8.GetString(copy.ToArray()));
    }

    [Theory]
    [InlineData("doctype")]
    [InlineData("long-comment")]
    [InlineData("long-whitespace")]
    [InlineData("long-doctype")]
    public void An_event_export_with_a_document_type_or_a_prolog_past_the_head_is_read(string prolog)
    {
        string events = File.ReadAllText(EventXml);
        string text = prolog switch
        {
            "doctype" => "<?xml version=\"1.0\"?>\n<!DOCTYPE Events [ <!ELEMENT Events ANY> ]>\n<Events>" + events + "</Events>",
            "long-comment" => "<?xml version=\"1.0\"?>\n<!-- " + new string('x', 40000) + " -->\n" + events,
            "long-whitespace" => "<?xml version=\"1.0\"?>" + new string('\n', 40000) + "<Events>" + events + "</Events>",
            _ => "<!DOCTYPE Events [ <!ENTITY note \"" + new string('y', 40000) + "\"> ]>\n<Events>" + events + "</Events>",
        };
        string path = Write("events.xml", Encoding.UTF8.GetBytes(text));
        var reference = Hunt([EventXml]);

        var hunt = Hunt([path]);

        Assert.DoesNotContain(hunt.Problems, p => p.Level != ProblemLevel.Verbose);
        Assert.Equal(reference.Findings.Select(f => f.RuleId), hunt.Findings.Select(f => f.RuleId));
        Assert.Equal(8, Assert.Single(hunt.Coverage).Lines);
    }

    [Fact]
    public void An_entity_defined_in_a_document_type_is_never_expanded_and_the_file_is_named_in_an_error()
    {
        string events = File.ReadAllText(EventXml);
        string laughs = "<!ENTITY a \"aaaaaaaaaa\">" + string.Concat(Enumerable.Range(0, 8).Select(i => "<!ENTITY " + (char)('b' + i) + " \"" + string.Concat(Enumerable.Repeat("&" + (char)('a' + i) + ";", 10)) + "\">"));
        string text = "<?xml version=\"1.0\"?><!DOCTYPE Events [" + laughs + "<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Events>"
            + events.Replace("dial plan", "dial &i; &x; plan") + "</Events>";
        string path = Write("laughs.xml", Encoding.UTF8.GetBytes(text));

        var hunt = Hunt([path]);

        var error = Assert.Single(hunt.Errors);
        Assert.Equal(ErrorIds.LogFileInvalid, error.ErrorId);
        Assert.Contains("undeclared entity", error.Message, StringComparison.Ordinal);
        Assert.Equal([path], Assert.Single(hunt.Coverage).UnreadablePaths);
        Assert.DoesNotContain(hunt.Findings, f => (f.RawText ?? string.Empty).Contains("aaaaaaaaaa", StringComparison.Ordinal));
    }

    [Fact]
    public void Clixml_whose_first_event_comes_after_the_head_is_read()
    {
        string clixml = Encoding.Unicode.GetString(File.ReadAllBytes(EventClixml)).TrimStart('\uFEFF');
        int first = clixml.IndexOf("<Obj RefId=\"0\">", StringComparison.Ordinal);
        string filler = "<Obj RefId=\"900\"><TN RefId=\"900\"><T>System.String</T><T>System.Object</T></TN><ToString>" + new string('y', 40000) + "</ToString></Obj>";
        string path = Write("late.xml", Encoding.UTF8.GetBytes(clixml.Substring(0, first) + filler + clixml.Substring(first)));
        var reference = Hunt([EventClixml]);

        var hunt = Hunt([path]);

        Assert.DoesNotContain(hunt.Problems, p => p.Level != ProblemLevel.Verbose);
        Assert.NotEmpty(reference.Findings);
        Assert.Equal(reference.Findings.Select(f => f.RuleId), hunt.Findings.Select(f => f.RuleId));
        Assert.Equal(reference.Coverage.Single().Lines, hunt.Coverage.Single().Lines);
    }

    [Fact]
    public void Clixml_without_any_event_is_an_error_when_named_and_only_mentioned_in_a_folder()
    {
        string path = Write("objects.xml", Encoding.UTF8.GetBytes(
            "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><Obj RefId=\"0\"><TN RefId=\"0\"><T>System.IO.FileInfo</T></TN><ToString>x</ToString></Obj></Objs>"));

        var named = Hunt([path]);
        var inFolder = Hunt([_dir]);

        var error = Assert.Single(named.Errors);
        Assert.Equal(ErrorIds.LogFormatNotRecognized, error.ErrorId);
        Assert.Contains("holds no event record", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(inFolder.Problems, p => p.Level != ProblemLevel.Verbose);
        Assert.Contains(inFolder.Problems, p => p.Message.StartsWith("Not a log this command reads: " + path, StringComparison.Ordinal));
    }

    [Fact]
    public void An_event_with_more_data_items_than_kept_is_judged_on_what_was_kept_and_named_in_a_warning_and_the_coverage()
    {
        static string Event(long record, IEnumerable<string> data) =>
            "<Event xmlns='" + EventNamespace + "'><System><Provider Name='MSExchange Unified Messaging'/><EventID>1130</EventID><Level>2</Level>"
            + "<TimeCreated SystemTime='2021-03-03T09:12:45.000Z'/><EventRecordID>" + record + "</EventRecordID><Channel>Application</Channel>"
            + "<Computer>EXCH01.contoso.local</Computer></System><EventData>" + string.Concat(data.Select(d => "<Data>" + d + "</Data>")) + "</EventData></Event>\n";
        var items = Enumerable.Range(0, 300).Select(i => i == 290 ? "System.InvalidCastException" : "filler" + i).ToList();
        var tooMany = Enumerable.Range(0, EventRecordRow.MaxDataItems + 3).Select(i => "f" + i);
        string path = Write("data.xml", Encoding.UTF8.GetBytes(Event(1, items) + Event(2, tooMany) + Event(3, items)));

        var hunt = Hunt([path]);

        Assert.Equal([1L, 3L], hunt.Findings.Where(f => f.RuleId == "HT-EVT-001").Select(f => f.LineNumber!.Value));
        var warning = Assert.Single(hunt.Problems, p => p.ErrorId == ErrorIds.EventDataTruncated);
        Assert.StartsWith("'" + path + "', event record 2: 3 data items past the first", warning.Message, StringComparison.Ordinal);
        var coverage = Assert.Single(hunt.Coverage);
        Assert.Equal(3, coverage.Lines);
        Assert.StartsWith(path + " (read in part: event record 2", Assert.Single(coverage.SkippedPaths), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xml", true)]
    [InlineData("xml", false)]
    [InlineData("clixml", true)]
    public void Deep_nesting_is_an_error_naming_file_and_depth_with_a_short_message_and_earlier_findings_kept(string format, bool closed)
    {
        const int Depth = 200000;
        string text;
        if (format == "xml")
        {
            string events = File.ReadAllText(EventXml);
            text = events + "<Event xmlns='" + EventNamespace + "'><EventData>" + string.Concat(Enumerable.Repeat("<a>", Depth))
                + (closed ? string.Concat(Enumerable.Repeat("</a>", Depth)) + "</EventData></Event>" : string.Empty);
        }
        else
        {
            string clixml = Encoding.Unicode.GetString(File.ReadAllBytes(EventClixml)).TrimStart('\uFEFF');
            int first = clixml.IndexOf("<Obj RefId=\"0\">", StringComparison.Ordinal);
            text = clixml.Substring(0, first) + "<Obj RefId=\"900\"><Props>" + string.Concat(Enumerable.Repeat("<Obj N=\"x\">", Depth))
                + string.Concat(Enumerable.Repeat("</Obj>", Depth)) + "</Props></Obj>" + clixml.Substring(first);
        }

        string path = Write("deep.xml", Encoding.UTF8.GetBytes(text));
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var hunt = Hunt([path]);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var error = Assert.Single(hunt.Errors);
        Assert.Equal(ErrorIds.LogFileInvalid, error.ErrorId);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("more than 256 levels deep", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 2000, error.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True((error.Exception?.InnerException?.Message.Length ?? 0) < 2000);
        Assert.Equal([path], Assert.Single(hunt.Coverage).UnreadablePaths);
        if (format == "xml")
        {
            Assert.NotEmpty(hunt.Findings); // the events before the deep one
        }

        // The reader stops at the limit: 0.3 to 0.5 MB is allocated in each case. With the limit raised past the
        // depth, the same reads allocate 30 to 37 MB.
        Assert.True(allocated < 8L * 1024 * 1024, allocated.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_unclosed_document_gives_a_short_message()
    {
        string text = File.ReadAllText(EventXml) + "<Event xmlns='" + EventNamespace + "'><EventData>" + string.Concat(Enumerable.Repeat("<a" + new string('n', 5000) + ">", 200));
        string path = Write("unclosed.xml", Encoding.UTF8.GetBytes(text));

        var error = Assert.Single(Hunt([path]).Errors);

        Assert.Equal(ErrorIds.LogFileInvalid, error.ErrorId);
        Assert.True(error.Message.Length < 2000, error.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True((error.Exception?.InnerException?.Message.Length ?? 0) < 2000);
    }

    [Theory]
    [InlineData("\r\n", false)]
    [InlineData("\r", false)]
    [InlineData("\n", true)]
    public void A_huge_line_is_skipped_with_a_warning_naming_file_and_line_and_the_rest_is_read(string end, bool atEnd)
    {
        var lines = WithLineEnds(OwaText, "\n").TrimEnd('\n').Split('\n').ToList();
        string huge = "2021-03-03T05:00:00.000Z," + new string('B', 50000);
        int at = atEnd ? lines.Count : 10;
        lines.Insert(at, huge);
        string path = Write("owa.log", Encoding.UTF8.GetBytes(string.Join(end, lines) + (atEnd ? string.Empty : end)));

        var hunt = Hunt(new LogHuntRequest { Paths = [path], BufferSize = 4096 });

        Assert.Empty(hunt.Errors);
        Assert.Equal(OwaKeys.Select(k => Shift(k, at + 1)), Keys(hunt));
        var warning = Assert.Single(hunt.Problems, p => p.ErrorId == ErrorIds.LogLineSkipped);
        Assert.Equal("'" + path + "', line " + (at + 1) + ": longer than 4,096 bytes, so it was skipped. The rest of the file was read; the coverage (-CoverageVariable) lists it in SkippedPaths as read in part.", warning.Message);
        var coverage = Assert.Single(hunt.Coverage);
        Assert.Equal(14, coverage.Lines);
        Assert.Equal(1, coverage.SkippedFiles);
        Assert.Equal(path + " (read in part: line " + (at + 1) + " longer than 4,096 bytes, so it was skipped)", Assert.Single(coverage.SkippedPaths));
    }

    // A finding's line number after a line was inserted at line `inserted` (or removed, by = -1).
    private static string Shift(string key, int inserted, int by = 1)
    {
        int atSign = key.IndexOf('@', StringComparison.Ordinal);
        long line = long.Parse(key.Substring(atSign + 1), System.Globalization.CultureInfo.InvariantCulture);
        return key.Substring(0, atSign + 1) + (line >= inserted ? line + by : line).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Many_huge_lines_are_each_skipped_and_counted_in_one_warning()
    {
        var lines = WithLineEnds(OwaText, "\n").TrimEnd('\n').Split('\n').ToList();
        for (int i = 0; i < 8; i++)
        {
            lines.Insert(7 + (2 * i), new string('C', 9000 + i));
        }

        string path = Write("owa.log", Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

        var hunt = Hunt(new LogHuntRequest { Paths = [path], BufferSize = 4096 });

        Assert.Equal(OwaKeys.Count, hunt.Findings.Count);
        var warning = Assert.Single(hunt.Problems, p => p.ErrorId == ErrorIds.LogLineSkipped);
        Assert.Contains("', 8 lines (8, 10, 12, 14, 16, ...): longer than", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Since_reads_a_file_whose_modification_time_an_attacker_set_before_it_and_judges_its_rows_by_their_own_time()
    {
        string path = Write("owa.log", File.ReadAllBytes(OwaLog));
        File.SetLastWriteTimeUtc(path, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var since = new DateTime(2021, 3, 4, 0, 0, 0, DateTimeKind.Utc);

        var hunt = Hunt(new LogHuntRequest { Paths = [path], Since = since });

        Assert.NotEmpty(hunt.Findings);
        Assert.All(hunt.Findings, f => Assert.True(f.Timestamp >= since));
        Assert.Equal(Hunt([OwaLog]).Findings.Count(f => f.Timestamp >= since), hunt.Findings.Count);
        Assert.Equal(1, Assert.Single(hunt.Coverage).Files);
        Assert.Empty(hunt.Coverage.Single().SkippedPaths);
    }
}

/// <summary>Test classes that must not share the process with others while they run.</summary>
[CollectionDefinition(nameof(HostileLogReadingCollection), DisableParallelization = true)]
public sealed class HostileLogReadingCollection;
