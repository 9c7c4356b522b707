using System;
using System.Diagnostics;
using System.Linq;
using HafniumTools.Logs.EventLogs;
using Xunit;

namespace HafniumTools.Tests.Logs;

/// <summary>Random and mutated input for the small text parsers behind the event and OAB rules.</summary>
public class EventLogTextParserFuzzTests
{
    [Fact]
    public void TimestampsParseToUtcOrNullWhateverTheInput()
    {
        var random = new Random(1051);
        string[] seeds = ["2021-03-03T04:17:33.290Z", "2021-03-02T23:58:11.408163500Z", "2021-03-03T05:17:33.301+01:00", "2021-03-03 04:17:33,290"];
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 20000; i++)
        {
            string input = i % 2 == 0
                ? EcpEventDataTests.Mutate(random, seeds[i % seeds.Length], "0123456789-:.TZ+ ,")
                : EcpEventDataTests.RandomText(random, "0123456789-:.TZ+ ,x", random.Next(0, 90));
            var parsed = UtcTimestamp.Parse(input);
            var leading = UtcTimestamp.ParseLeading(input + " Download failed");
            Assert.True(parsed is null || parsed.Value.Kind == DateTimeKind.Utc);
            Assert.True(leading is null || leading.Value.Kind == DateTimeKind.Utc);
        }

        Assert.Equal(new DateTime(2021, 3, 3, 4, 17, 33, 290, DateTimeKind.Utc), UtcTimestamp.Parse("2021-03-03T05:17:33.290+01:00"));
        Assert.Equal(new DateTime(2021, 3, 3, 4, 17, 33, 290, DateTimeKind.Utc), UtcTimestamp.ParseLeading("2021-03-03T04:17:33.290Z [OABGeneratorAssistant] x"));
        Assert.Null(UtcTimestamp.Parse("03/04/2021 04:17"[..5]));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void CmdletParametersSplitWithoutThrowingOrLosingNames()
    {
        var random = new Random(27065);
        const string seed = "-ExternalUrl \"http://ffff/#<script language=\"JScript\" runat=\"server\"> function Page_Load(){/**/eval(Request[\"code\"],\"unsafe\");}</script>\" -Identity \"OAB (Default Web Site)\" -Force:$true";
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 10000; i++)
        {
            string input = i % 3 == 0
                ? EcpEventDataTests.RandomText(random, "- \"':$abcXYZ<>/", random.Next(0, 300))
                : EcpEventDataTests.Mutate(random, seed, "- \"':$<>");
            var parameters = CmdletLogEntry.SplitParameters(input);
            Assert.All(parameters, p => Assert.False(string.IsNullOrEmpty(p.Key)));
            Assert.All(parameters, p => Assert.NotNull(p.Value));
        }

        Assert.Equal(["ExternalUrl", "Identity", "Force"], CmdletLogEntry.SplitParameters(seed).Select(p => p.Key));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void HeadDecodingNeverThrows()
    {
        var random = new Random(26858);
        for (int i = 0; i < 5000; i++)
        {
            var head = new byte[random.Next(0, 300)];
            random.NextBytes(head);
            if (i % 4 == 0 && head.Length > 1)
            {
                head[0] = 0xFF;
                head[1] = 0xFE;
            }

            int count = random.Next(0, head.Length + 5);
            Assert.NotNull(XmlInput.DecodeHead(head, count));
            Assert.NotNull(XmlInput.SkipProlog(XmlInput.DecodeHead(head, count)));
        }
    }
}
