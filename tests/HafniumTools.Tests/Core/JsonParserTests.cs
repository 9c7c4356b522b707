using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using HafniumTools.Core;
using Xunit;

namespace HafniumTools.Tests.Core;

public class JsonParserTests
{
    [Fact]
    public void Reads_every_kind_of_value_with_paths_and_positions()
    {
        var root = JsonParser.Parse("{\n  \"a\": [1, -2.5e3, true, false, null],\n  \"b\": {\"c\": \"x\\u00e9\\n\\\"\"}\n}");

        Assert.Equal(JsonKind.Object, root.Kind);
        var a = root["a"]!;
        Assert.Equal(5, a.Items.Count);
        Assert.True(a.Items[0].TryGetInt32(out int one) && one == 1);
        Assert.True(a.Items[1].TryGetDouble(out double d) && d == -2500);
        Assert.Equal("-2.5e3", a.Items[1].NumberText);
        Assert.True(a.Items[2].AsBoolean);
        Assert.False(a.Items[3].AsBoolean);
        Assert.True(a.Items[4].IsNull);
        Assert.Equal("$.a[1]", a.Items[1].Path);
        Assert.Equal("x\u00e9\n\"", root["b"]!["c"]!.AsString);
        Assert.Equal("$.b.c", root["b"]!["c"]!.Path);
        Assert.Equal(3, root["b"]!["c"]!.Line);
        Assert.Equal(2, a.Line);
        Assert.Equal(8, a.Column);
    }

    [Fact]
    public void Keeps_member_order_and_decodes_surrogate_pairs()
    {
        var root = JsonParser.Parse("{\"z\":1,\"a\":\"\\ud83d\\ude00\",\"m\":\"\ud83d\ude00\"}");

        Assert.Equal(new[] { "z", "a", "m" }, root.Properties.Select(p => p.Key));
        Assert.Equal("\ud83d\ude00", root["a"]!.AsString);
        Assert.Equal("\ud83d\ude00", root["m"]!.AsString);
    }

    [Fact]
    public void Accepts_a_byte_order_mark_and_surrounding_whitespace()
    {
        Assert.Equal(JsonKind.Array, JsonParser.Parse("\uFEFF \r\n\t[ ] \n").Kind);
    }

    [Theory]
    [InlineData("", "unexpected end")]
    [InlineData("[1,]", "a value was expected")]
    [InlineData("{\"a\":1,}", "member name")]
    [InlineData("{\"a\":1 \"b\":2}", "',' or '}'")]
    [InlineData("{\"a\":1,\"a\":2}", "duplicate member name 'a'")]
    [InlineData("[01]", "leading zeros")]
    [InlineData("[1.]", "after the decimal point")]
    [InlineData("[1e]", "exponent")]
    [InlineData("[-]", "digit")]
    [InlineData("\"abc", "unterminated string")]
    [InlineData("\"a\tb\"", "control character")]
    [InlineData("\"\\x\"", "invalid escape")]
    [InlineData("\"\\u12G4\"", "invalid hex digit")]
    [InlineData("\"\\ud800\"", "unpaired surrogate")]
    [InlineData("\"\\udc00\"", "unpaired surrogate")]
    [InlineData("[tru]", "'true' was expected")]
    [InlineData("{} {}", "after the end of the document")]
    [InlineData("// comment\n{}", "unexpected character '/'")]
    [InlineData("{'a':1}", "member name")]
    public void Rejects_malformed_documents_with_the_reason(string text, string reason)
    {
        var e = Assert.Throws<JsonParseException>(() => JsonParser.Parse(text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.True(e.Line >= 1);
    }

    [Fact]
    public void Reports_the_line_column_and_path_of_an_error()
    {
        var e = Assert.Throws<JsonParseException>(() => JsonParser.Parse("{\n  \"entries\": [\n    {\"build\": 15.1.}\n  ]\n}"));

        Assert.Equal(3, e.Line);
        Assert.Equal("$.entries[0].build", e.Path);
    }

    [Fact]
    public void Refuses_nesting_deeper_than_the_limit_without_overflowing_the_stack()
    {
        string deep = new string('[', 100_000) + new string(']', 100_000);
        var e = Assert.Throws<JsonParseException>(() => JsonParser.Parse(deep));
        Assert.Contains("nesting deeper", e.Message, StringComparison.Ordinal);

        string ok = new string('[', JsonParser.MaxDepth) + new string(']', JsonParser.MaxDepth);
        Assert.Equal(JsonKind.Array, JsonParser.Parse(ok).Kind);
    }

    [Fact]
    public void Numbers_are_read_culture_invariantly()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = FuzzText.CommaDecimalCulture();
            Assert.True(JsonParser.Parse("[1.5]").Items[0].TryGetDouble(out double value));
            Assert.Equal(1.5, value);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Random_documents_round_trip_through_a_writer_and_the_parser()
    {
        var random = new Random(20210302);
        for (int i = 0; i < 500; i++)
        {
            object? value = RandomValue(random, 0);
            string text = Write(value);
            var parsed = JsonParser.Parse(text);
            AssertSame(value, parsed);
        }
    }

    [Fact]
    public void Random_and_mutated_input_only_ever_fails_with_JsonParseException()
    {
        var random = new Random(26855);
        string seed = "{\"schemaVersion\":1,\"entries\":[{\"name\":\"Exchange 2016 CU19 Mar21SU\",\"build\":\"15.1.2176.9\",\"cves\":[\"CVE-2021-26855\"],\"x\":[1.5e-3,true,null,\"\\u00e9\"]}]}";
        const string alphabet = "{}[]\":,.-+eE0123456789tfnul\\ \n\tabc\u00e9\ud83d";
        var started = DateTime.UtcNow;
        for (int i = 0; i < 20_000; i++)
        {
            string text = i % 2 == 0 ? FuzzText.Mutate(seed, random, alphabet, 5) : FuzzText.Random(random, alphabet, 60);
            try
            {
                JsonParser.Parse(text);
            }
            catch (JsonParseException e)
            {
                Assert.False(string.IsNullOrEmpty(e.Reason));
            }
        }

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "parsing fuzz input took too long");
    }

    private static object? RandomValue(Random random, int depth)
    {
        int kind = depth > 4 ? random.Next(4) : random.Next(6);
        switch (kind)
        {
            case 0: return null;
            case 1: return random.Next(2) == 0;
            case 2: return (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 12));
            case 3:
                var chars = new char[random.Next(0, 12)];
                for (int i = 0; i < chars.Length; i++)
                {
                    chars[i] = (char)random.Next(1, 0xD7FF);
                }

                return new string(chars);
            case 4:
                return Enumerable.Range(0, random.Next(0, 5)).Select(_ => RandomValue(random, depth + 1)).ToList();
            default:
                var map = new Dictionary<string, object?>();
                for (int i = random.Next(0, 5); i > 0; i--)
                {
                    map["k" + random.Next(1000).ToString(CultureInfo.InvariantCulture)] = RandomValue(random, depth + 1);
                }

                return map;
        }
    }

    private static string Write(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => Quote(s),
        List<object?> list => "[" + string.Join(",", list.Select(Write)) + "]",
        Dictionary<string, object?> map => "{" + string.Join(",", map.Select(p => Quote(p.Key) + ":" + Write(p.Value))) + "}",
        _ => throw new InvalidOperationException(),
    };

    private static string Quote(string s)
    {
        var builder = new StringBuilder("\"");
        foreach (char c in s)
        {
            if (c == '"' || c == '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c < 0x20 || (c > 0x7E && c % 3 == 0))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    private static void AssertSame(object? expected, JsonValue actual)
    {
        switch (expected)
        {
            case null: Assert.True(actual.IsNull); break;
            case bool b: Assert.Equal(b, actual.AsBoolean); break;
            case double d:
                Assert.True(actual.TryGetDouble(out double parsed));
                Assert.Equal(d, parsed);
                break;
            case string s: Assert.Equal(s, actual.AsString); break;
            case List<object?> list:
                Assert.Equal(list.Count, actual.Items.Count);
                for (int i = 0; i < list.Count; i++)
                {
                    AssertSame(list[i], actual.Items[i]);
                }

                break;
            case Dictionary<string, object?> map:
                Assert.Equal(map.Keys, actual.Properties.Select(p => p.Key));
                foreach (var pair in map)
                {
                    AssertSame(pair.Value, actual[pair.Key]!);
                }

                break;
        }
    }
}
