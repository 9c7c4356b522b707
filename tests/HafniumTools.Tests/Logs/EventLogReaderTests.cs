using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using HafniumTools.Logs;
using HafniumTools.Logs.EventLogs;
using Xunit;

namespace HafniumTools.Tests.Logs;

public class EventLogReaderTests
{
    private static string Fixture(string name) => TestLogRow.FixturePath("EventLogs", name);

    private static byte[] Head(string path, int count = 512)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return bytes.Take(count).ToArray();
    }

    private static List<ILogRow> ReadXml(byte[] bytes, string path = "events.xml") =>
        new EventLogXmlFormat().Read(new MemoryStream(bytes), path, CancellationToken.None).ToList();

    private static List<ILogRow> ReadClixml(byte[] bytes, string path = "events.clixml") =>
        new EventLogClixmlFormat().Read(new MemoryStream(bytes), path, CancellationToken.None).ToList();

    [Theory]
    [InlineData("Application-wevtutil.xml", true, false)]
    [InlineData("MSExchangeManagement-wevtutil.xml", true, false)]
    [InlineData("MSExchangeManagement-rendered.xml", true, false)]
    [InlineData("Events-Export-Clixml.xml", false, true)]
    public void FormatsRecogniseTheirOwnFilesOnly(string name, bool xml, bool clixml)
    {
        byte[] head = Head(Fixture(name));

        Assert.Equal(xml, new EventLogXmlFormat().Recognizes(head, head.Length));
        Assert.Equal(clixml, new EventLogClixmlFormat().Recognizes(head, head.Length));
    }

    [Fact]
    public void FormatsRejectOtherLogsAndNoise()
    {
        var samples = new List<byte[]>
        {
            Head(TestLogRow.FixturePath("Ecp", "ECPServer20210303-1.LOG")),
            Head(TestLogRow.FixturePath("Oab", "OABGeneratorLog_20210303-1.LOG")),
            Encoding.UTF8.GetBytes("<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/other\"><Obj RefId=\"0\"><TN RefId=\"0\"><T>System.String</T>"),
            Encoding.UTF8.GetBytes("<Event><System>no namespace and not an export</System></Event>"),
            Encoding.UTF8.GetBytes("<html><body>Event</body></html>"),
            Array.Empty<byte>(),
        };
        var random = new Random(404);
        for (int i = 0; i < 50; i++)
        {
            var noise = new byte[random.Next(0, 600)];
            random.NextBytes(noise);
            samples.Add(noise);
        }

        foreach (byte[] sample in samples)
        {
            Assert.False(new EventLogXmlFormat().Recognizes(sample, sample.Length));
            Assert.False(new EventLogClixmlFormat().Recognizes(sample, sample.Length));
        }
    }

    [Fact]
    public void ReadsWevtutilEventsWithTheirFieldsInUtc()
    {
        var rows = ReadXml(File.ReadAllBytes(Fixture("Application-wevtutil.xml")), "Application.xml");

        Assert.Equal(8, rows.Count);
        var first = rows[0];
        Assert.Equal(LogKind.EventLogXml, first.Kind);
        Assert.Equal(1, first.LineNumber);
        Assert.Equal("Application.xml", first.Path);
        Assert.Equal("MSExchange Unified Messaging", first["ProviderName"]);
        Assert.Equal("1130", first["EventId"]);
        Assert.Equal("1130", first["Id"]);
        Assert.Equal("2", first["Level"]);
        Assert.Equal("Application", first["LogName"]);
        Assert.Equal("EXCH01", first.ComputerName);
        Assert.Equal("EXCH01.contoso.local", first["MachineName"]);
        Assert.Equal("918211", first["RecordId"]);
        Assert.Equal(new DateTime(2021, 3, 2, 23, 58, 11, DateTimeKind.Utc).AddTicks(4081635), first.Timestamp);
        Assert.Equal(DateTimeKind.Utc, first.Timestamp!.Value.Kind);
        Assert.Contains("System.InvalidCastException", first["Data"], StringComparison.Ordinal);
        Assert.Equal(first["Data"], first["Data0"]);
        Assert.Null(first["Data1"]);
        Assert.Contains("MSExchange Unified Messaging", first.RawText, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), rows.Select(r => r.LineNumber));
    }

    [Fact]
    public void ReadsRenderedUtf16ExportWithEventsRootAndMessages()
    {
        var rows = ReadXml(File.ReadAllBytes(Fixture("MSExchangeManagement-rendered.xml")));

        Assert.Equal(7, rows.Count);
        Assert.StartsWith("Cmdlet suceeded. Cmdlet Set-OabVirtualDirectory", rows[0]["Message"], StringComparison.Ordinal);
        Assert.Equal("Information", rows[0]["LevelDisplayName"]);
        Assert.Equal("MSExchange Management", rows[0]["Channel"]);
        Assert.Equal("Set-OabVirtualDirectory", rows[1]["Data0"]);
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-8-bom")]
    public void ReadsWevtutilOutputInEveryEncoding(string encoding)
    {
        string text = File.ReadAllText(Fixture("MSExchangeManagement-wevtutil.xml"));
        byte[] bytes = encoding switch
        {
            "utf-16le" => Encoding.Unicode.GetBytes(text),
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            _ => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
        };

        Assert.True(new EventLogXmlFormat().Recognizes(bytes, Math.Min(bytes.Length, 400)));
        var rows = ReadXml(bytes);

        Assert.Equal(7, rows.Count);
        Assert.Contains("<script language=\"JScript\"", rows[1]["Data1"], StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsEventsFromDecodedText()
    {
        using var text = new StringReader(File.ReadAllText(Fixture("Application-wevtutil.xml")));

        var rows = EventXmlReader.Read(text, "EventLog:Application", LogKind.EventLogXml, CancellationToken.None).ToList();

        Assert.Equal(8, rows.Count);
        Assert.Equal("EventLog:Application", rows[7].Path);
    }

    [Fact]
    public void ReadsClixmlEventRecordsWithPropertiesAndMessage()
    {
        var rows = ReadClixml(File.ReadAllBytes(Fixture("Events-Export-Clixml.xml")));

        Assert.Equal(4, rows.Count);
        var um = rows[0];
        Assert.Equal(LogKind.EventLogClixml, um.Kind);
        Assert.Equal("MSExchange Unified Messaging", um["ProviderName"]);
        Assert.Equal("1130", um["EventId"]);
        Assert.Equal("2", um["Level"]);
        Assert.Equal("Error", um["LevelDisplayName"]);
        Assert.Equal("Application", um["LogName"]);
        Assert.Equal("918211", um["RecordId"]);
        Assert.Equal(new DateTime(2021, 3, 2, 23, 58, 11, DateTimeKind.Utc).AddTicks(4081635), um.Timestamp);
        Assert.Contains("\r\n   at Microsoft.Exchange.UM", um["Message"], StringComparison.Ordinal);
        var cmdlet = rows[1];
        Assert.Equal("Set-OabVirtualDirectory", cmdlet["Data0"]);
        Assert.StartsWith("-ExternalUrl \"http://f/<script", cmdlet["Data1"], StringComparison.Ordinal);
        Assert.Equal("contoso.local/Users/Administrator", cmdlet["Data2"]);
        Assert.Equal([1L, 2L, 3L, 4L], rows.Select(r => r.LineNumber));
    }

    [Fact]
    public void ReadsUtf8ClixmlAndDeserializedTypeNames()
    {
        string text = File.ReadAllText(Fixture("Events-Export-Clixml.xml"))
            .Replace("<T>System.Diagnostics.Eventing.Reader.EventLogRecord</T>", "<T>Deserialized.System.Diagnostics.Eventing.Reader.EventLogRecord</T>")
            .Replace("<T>System.Diagnostics.Eventing.Reader.EventRecord</T>", "<T>Deserialized.System.Diagnostics.Eventing.Reader.EventRecord</T>");
        byte[] bytes = Encoding.UTF8.GetBytes(text);

        Assert.True(new EventLogClixmlFormat().Recognizes(bytes, 600));
        Assert.Equal(4, ReadClixml(bytes).Count);
    }

    [Fact]
    public void ClixmlTooShallowForPropertyValuesFallsBackToTheMessage()
    {
        const string doc = "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Diagnostics.Eventing.Reader.EventLogRecord</T></TN><Props><I32 N=\"Id\">1</I32><S N=\"ProviderName\">MSExchange CmdletLogs</S><S N=\"LogName\">MSExchange Management</S><Obj N=\"Properties\" RefId=\"1\"><LST><S>System.Diagnostics.Eventing.Reader.EventProperty</S><S>System.Diagnostics.Eventing.Reader.EventProperty</S></LST></Obj></Props><MS><S N=\"Message\">Cmdlet suceeded. Cmdlet Set-OabVirtualDirectory, parameters -ExternalUrl \"http://f/&lt;script&gt;x&lt;/script&gt;\" -Identity \"OAB (Default Web Site)\".</S></MS></Obj></Objs>";

        var row = Assert.Single(ReadClixml(Encoding.UTF8.GetBytes(doc)));
        var findings = new List<HafniumTools.Model.Finding>();
        new EventLogRules().Evaluate(row, findings);

        Assert.Null(row["Data0"]);
        Assert.Equal("HT-EVT-003", Assert.Single(findings).RuleId);
    }

    [Fact]
    public void ClixmlWhoseHeadShowsNoEventTypeIsClaimedTentatively()
    {
        byte[] head = Encoding.UTF8.GetBytes("<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">\r\n  <Obj RefId=\"0\">");
        byte[] other = Encoding.UTF8.GetBytes("<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><Obj RefId=\"0\"><TN RefId=\"0\"><T>System.IO.FileInfo</T>");
        byte[] events = Head(Fixture("Events-Export-Clixml.xml"));
        var format = new EventLogClixmlFormat();

        // The first event may come after any number of other objects: the file is read, and is no log if none comes.
        Assert.True(format.Recognizes(head, head.Length));
        Assert.True(format.Recognizes(other, other.Length));
        Assert.True(format.IsTentative(head, head.Length));
        Assert.True(format.IsTentative(other, other.Length));
        Assert.True(format.IsTentative(null, 0));
        Assert.True(format.Recognizes(events, events.Length));
        Assert.False(format.IsTentative(events, events.Length));
    }

    [Fact]
    public void ClixmlReadsAnEventThatFollowsAPrimitive()
    {
        const string doc = "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><S>hello</S><Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Diagnostics.Eventing.Reader.EventLogRecord</T></TN><Props><I32 N=\"Id\">7</I32></Props></Obj></Objs>";

        var row = Assert.Single(ReadClixml(Encoding.UTF8.GetBytes(doc)));

        Assert.Equal("7", row["EventId"]);
    }

    [Fact]
    public void AnEventWithMoreThan256DataItemsKeepsThemAll()
    {
        string data = string.Concat(Enumerable.Range(0, 300).Select(i => "<Data>d" + i + "</Data>"));
        string one = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='p'/><EventID>1</EventID></System><EventData>" + data + "</EventData></Event>";
        string two = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='q'/><EventID>2</EventID></System><EventData><Data>only</Data></EventData></Event>";

        var rows = ReadXml(Encoding.UTF8.GetBytes(one + two));

        Assert.Equal(2, rows.Count);
        Assert.Equal("d299", rows[0]["Data299"]);
        Assert.Null(((EventRecordRow)rows[0]).LeftOut);
        Assert.Equal("q", rows[1]["ProviderName"]);
    }

    [Fact]
    public void AnEventWithMoreDataThanTheBoundKeepsTheBoundSaysWhatWasLeftOutAndTheNextEventIsRead()
    {
        int items = EventRecordRow.MaxDataItems + 10;
        var xml = new StringBuilder("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='p'/><EventID>1</EventID></System><EventData>");
        for (int i = 0; i < items; i++)
        {
            xml.Append("<Data>d").Append(i).Append("</Data>");
        }

        xml.Append("</EventData></Event><Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='q'/></System></Event>");

        var rows = ReadXml(Encoding.UTF8.GetBytes(xml.ToString()));

        Assert.Equal(2, rows.Count);
        var first = (EventRecordRow)rows[0];
        Assert.Equal(EventRecordRow.MaxDataItems, first.Data.Count);
        Assert.Contains("10 data items", first.LeftOut, StringComparison.Ordinal);
        Assert.Null(((EventRecordRow)rows[1]).LeftOut);
    }

    [Fact]
    public void AClixmlEventWithAValueLongerThanTheValueBoundSaysItWasCut()
    {
        string doc = "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Diagnostics.Eventing.Reader.EventLogRecord</T></TN><Props><I32 N=\"Id\">7</I32><S N=\"Message\">"
            + new string('m', XmlInput.MaxValueLength + 5) + "</S></Props></Obj></Objs>";

        var row = (EventRecordRow)Assert.Single(ReadClixml(Encoding.UTF8.GetBytes(doc)));

        Assert.Equal(XmlInput.MaxValueLength, row["Message"]!.Length);
        Assert.Contains("longer than", row.LeftOut, StringComparison.Ordinal);
    }

    [Fact]
    public void ClixmlSkipsObjectsThatAreNotEvents()
    {
        const string doc = "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><S>hello</S><Obj RefId=\"0\"><TN RefId=\"0\"><T>System.IO.FileInfo</T></TN><Props><S N=\"ProviderName\">x</S></Props></Obj></Objs>";

        Assert.Empty(ReadClixml(Encoding.UTF8.GetBytes(doc)));
    }

    [Theory]
    [InlineData("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='x'/>")]
    [InlineData("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'></Event><Other/>")]
    [InlineData("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'></Event>garbage text")]
    [InlineData("<?xml version='1.0'?><!DOCTYPE Event [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]><Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><EventData><Data>&xxe;</Data></EventData></Event>")]
    [InlineData("\u0001\u0002\u0003binary")]
    public void XmlGarbageIsInvalidData(string text)
    {
        var ex = Assert.Throws<InvalidDataException>(() => ReadXml(Encoding.UTF8.GetBytes(text), "bad.xml"));

        Assert.Contains("bad.xml", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<Nope/>")]
    [InlineData("<Objs xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><Obj RefId=\"0\">")]
    [InlineData("<!DOCTYPE Objs [<!ENTITY a 'aaaa'>]><Objs>&a;</Objs>")]
    [InlineData("")]
    public void ClixmlGarbageIsInvalidData(string text) =>
        Assert.Throws<InvalidDataException>(() => ReadClixml(Encoding.UTF8.GetBytes(text), "bad.clixml"));

    [Fact]
    public void AHugeValueIsCappedNotHeld()
    {
        string big = new('A', 3_000_000);
        string doc = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='MSExchange Unified Messaging'/><Level>2</Level></System><EventData><Data>System.InvalidCastException " + big + "</Data></EventData></Event>";

        var row = Assert.Single(ReadXml(Encoding.UTF8.GetBytes(doc)));

        Assert.Equal(XmlInputLimit, row["Data0"]!.Length);
        Assert.StartsWith("System.InvalidCastException", row["Data0"], StringComparison.Ordinal);
    }

    private const int XmlInputLimit = 65536;

    [Fact]
    public void CancellationStopsReading()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var rows = new EventLogXmlFormat().Read(new MemoryStream(File.ReadAllBytes(Fixture("Application-wevtutil.xml"))), "a.xml", source.Token);

        Assert.Throws<OperationCanceledException>(() => rows.ToList());
    }

    [Fact]
    public void MutatedExportsGiveRowsOrInvalidDataAndNothingElse()
    {
        var random = new Random(26857);
        var seeds = new[]
        {
            (File.ReadAllText(Fixture("MSExchangeManagement-wevtutil.xml")), false),
            (File.ReadAllText(Fixture("Application-wevtutil.xml")), false),
            (File.ReadAllText(Fixture("Events-Export-Clixml.xml")), true),
        };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int invalid = 0;
        int read = 0;
        for (int i = 0; i < 600; i++)
        {
            var (seed, clixml) = seeds[i % seeds.Length];
            byte[] bytes = Encoding.UTF8.GetBytes(EcpEventDataTests.Mutate(random, seed, "<>/='\"&;_x0D#abc \r\n"));
            if (i % 10 == 0)
            {
                random.NextBytes(bytes.AsSpan(random.Next(bytes.Length), Math.Min(64, bytes.Length / 4)));
            }

            try
            {
                var rows = clixml ? ReadClixml(bytes) : ReadXml(bytes);
                read += rows.Count;
                var findings = new List<HafniumTools.Model.Finding>();
                foreach (var row in rows)
                {
                    new EventLogRules().Evaluate(row, findings);
                }
            }
            catch (InvalidDataException)
            {
                invalid++;
            }
        }

        Assert.True(invalid > 0, "Some mutations must be rejected.");
        Assert.True(read > 0, "Some mutations must still read.");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "Fuzzing took " + watch.Elapsed);
    }

    [Fact]
    public void LiveQueriesAreBuiltForTheHuntLogsWithAUtcWindow()
    {
        var queries = LogRegistry.LiveSources().Cast<LiveEventLogSource>().Select(s => s.Query(new DateTime(2021, 3, 1, 1, 0, 0, DateTimeKind.Utc), null)).ToList();

        Assert.Contains(queries, q => q.LogName == "Application" && q.XPath.Contains("MSExchange Unified Messaging", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.LogName == "MSExchange Management" && q.XPath.Contains("EventID=1 or EventID=6", StringComparison.Ordinal));
        Assert.All(queries, q => Assert.Contains("TimeCreated[@SystemTime>='2021-03-01T01:00:00.000Z']", q.XPath, StringComparison.Ordinal));
        Assert.All(queries, q => Assert.DoesNotContain("\"", q.XPath, StringComparison.Ordinal));
        Assert.Equal(
            "qe \"MSExchange Management\" /q:\"*[System[(EventID=1)]]\" /f:xml /uni:true",
            Wevtutil.Arguments("MSExchange Management", "*[System[(EventID=1)]]"));
        Assert.Equal(string.Empty, Wevtutil.TimeWindow(null, null));
    }

    [Fact]
    public void LiveQueryValidatesItsInputAndNeedsWindows()
    {
        Assert.Throws<ArgumentException>(() => Wevtutil.Query("Appli\"cation", "*", CancellationToken.None));
        Assert.Throws<ArgumentException>(() => Wevtutil.Query("Application", "*[x=\"y\"]", CancellationToken.None));
        if (!Wevtutil.IsSupported)
        {
            Assert.Throws<PlatformNotSupportedException>(() => Wevtutil.Query("Application", "*", CancellationToken.None));
        }
        else
        {
            var rows = Wevtutil.Query("Application", "*[System[(EventID=999999)]]", CancellationToken.None).ToList();
            Assert.All(rows, r => Assert.Equal(LogKind.EventLogXml, r.Kind));
        }
    }

    [Fact]
    public void LiveSourcesNameTheirLogsAndAreUnavailableOffWindows()
    {
        var sources = LogRegistry.LiveSources().ToList();

        Assert.Equal(["EventLog/Application", "EventLog/MSExchange Management"], sources.Select(s => s.Name));
        Assert.All(sources, s => Assert.Equal(LogKind.EventLogXml, s.Kind));
        if (!Wevtutil.IsSupported)
        {
            Assert.All(sources, s => Assert.False(s.IsAvailable));
            Assert.False(Wevtutil.LogExists("Application"));
        }
    }

    [Fact]
    public void CoverageOnlyRowsKeepTimeAndComputerAndMatchNoRule()
    {
        var source = ReadXml(File.ReadAllBytes(Fixture("Application-wevtutil.xml")), "EventLog:Application")[0];

        var edge = EventRecordRow.CoverageOnly(source);
        var findings = new List<HafniumTools.Model.Finding>();
        new EventLogRules().Evaluate(edge, findings);
        new EventLogRules().Evaluate(source, findings);

        Assert.Equal(source.Timestamp, edge.Timestamp);
        Assert.Equal(source.ComputerName, edge.ComputerName);
        Assert.Equal("EventLog:Application", edge.Path);
        Assert.Null(edge["ProviderName"]);
        Assert.Equal("HT-EVT-001", Assert.Single(findings).RuleId);
    }

    [Fact]
    public void EveryRuleSetFormatAndLiveSourceOfTheModuleIsInTheRegistry()
    {
        // The cmdlet types need System.Management.Automation, which this test host lacks: keep what loads.
        Type?[] all;
        try
        {
            all = typeof(EventLogXmlFormat).Assembly.GetTypes();
        }
        catch (System.Reflection.ReflectionTypeLoadException ex)
        {
            all = ex.Types;
        }

        var implementations = all.OfType<Type>()
            .Where(t => !t.IsAbstract && !t.IsInterface && (typeof(ILogRowRules).IsAssignableFrom(t) || typeof(ILogFileFormat).IsAssignableFrom(t) || typeof(ILiveLogSource).IsAssignableFrom(t)))
            .ToHashSet();
        var registered = LogRegistry.Module.AllRuleSets.Select(r => r.GetType())
            .Concat(LogRegistry.Module.AllFormats.Select(f => f.GetType()))
            .Concat(LogRegistry.Module.AllLiveSources.Select(s => s.GetType()))
            .ToHashSet();

        Assert.True(implementations.Count >= 8, "found only " + implementations.Count);
        Assert.Equal(implementations.OrderBy(t => t.FullName), registered.OrderBy(t => t.FullName));
    }
}
