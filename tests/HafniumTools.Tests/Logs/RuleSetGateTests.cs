using System.Collections.Generic;
using System.IO;
using System.Linq;
using HafniumTools.Core;
using HafniumTools.Logs;
using HafniumTools.Model;
using Xunit;
using static HafniumTools.Tests.Logs.LogTestSupport;

namespace HafniumTools.Tests.Logs;

/// <summary>
/// A line that passed a kind's filter for one rule set's substring is handed only to the rule sets whose own
/// substrings it holds; a set without hints sees every line; events (no raw line) reach every set.
/// </summary>
public class RuleSetGateTests
{
    [Fact]
    public void Each_rule_set_sees_only_the_lines_that_hold_its_own_substrings()
    {
        var tilde = new Recording("ServerInfo~");
        var json = new Recording("autodiscover.json");
        string dir = TempDir();
        try
        {
            string header = string.Join(",", LogFieldMap.HttpProxyFields);
            string Row(string stem, string anchor) => string.Join(",", LogFieldMap.HttpProxyFields.Select(n => n switch
            {
                "DateTime" => "2022-12-20T11:00:00.000Z",
                "UrlStem" => stem,
                "AnchorMailbox" => anchor,
                _ => string.Empty,
            }));
            string file = Path.Combine(dir, "EXCH41", "Logging", "HttpProxy", "Autodiscover", "HttpProxy_2022122011-1.LOG");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, "#Software: Microsoft Exchange Server\r\n#Log-type: HttpProxy Logs\r\n#Fields: " + header + "\r\n"
                + Row("/ecp/y.js", "ServerInfo~a]@ex:444/ecp/x#") + "\r\n"
                + Row("/autodiscover/autodiscover.json", "Smtp~autodiscover/autodiscover.json?@x") + "\r\n"
                + Row("/owa/auth/logon.aspx", string.Empty) + "\r\n"
                + Row("/autodiscover/autodiscover.JSON", "SERVERINFO~b") + "\r\n");

            var registry = new LogRegistry([tilde, json], LogRegistry.Formats());
            var hunt = Hunt(new LogHuntRequest { Paths = [dir], Registry = registry });

            Assert.DoesNotContain(hunt.Problems, p => p.Level != ProblemLevel.Verbose);
            Assert.Equal([4L, 7L], tilde.Lines);
            Assert.Equal([5L, 7L], json.Lines);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_row_handed_over_without_its_bytes_reaches_every_rule_set()
    {
        var tilde = new Recording("ServerInfo~");
        var evaluator = new RowEvaluator([tilde], null, null, [LinePrefilter.Create("ServerInfo~")]);

        evaluator.Evaluate(new FakeRow(), []);

        Assert.Equal([1L], tilde.Lines);
    }

    private sealed class Recording(string needle) : ILogRowRules, ILogLineHints
    {
        public List<long> Lines { get; } = [];

        public IReadOnlyList<LogKind> Kinds { get; } = [LogKind.HttpProxy];

        public IReadOnlyList<DetectionRule> Rules { get; } = [];

        public IReadOnlyList<string> RequiredSubstrings { get; } = [needle];

        public void Evaluate(ILogRow row, ICollection<Finding> findings) => Lines.Add(row.LineNumber);
    }

    private sealed class FakeRow : ILogRow
    {
        public LogKind Kind => LogKind.HttpProxy;

        public string Path => "events.xml";

        public long LineNumber => 1;

        public string? ComputerName => null;

        public System.DateTime? Timestamp => null;

        public string RawText => string.Empty;

        public string? this[string field] => null;
    }
}
