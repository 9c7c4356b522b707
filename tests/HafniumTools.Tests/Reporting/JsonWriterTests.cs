using System.IO;
using HafniumTools.Core;
using HafniumTools.Reporting;
using Xunit;

namespace HafniumTools.Tests.Reporting;

public class JsonWriterTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" backslash \\ slash /")]
    [InlineData("</script><!-- <b>&amp;'")]
    [InlineData("\u001b[31m\u0000\u0007\b\f\n\r\t\u007f\u0085")]
    [InlineData("\u2028\u2029 \ud83d\ude00 caf\u00e9")]
    public void Every_string_reads_back_as_written(string text)
    {
        string json = Write(w => w.StartObject().Property("v", text).EndObject());

        Assert.Equal(text, JsonParser.Parse(json)["v"]!.AsString);
    }

    [Fact]
    public void Characters_that_could_end_a_script_or_a_line_in_JavaScript_are_escaped()
    {
        string json = Write(w => w.Value("</script><!--\u2028\u2029&'\u001b"));

        Assert.Equal("\"\\u003c/script\\u003e\\u003c!--\\u2028\\u2029\\u0026\\u0027\\u001b\"", json);
    }

    [Fact]
    public void A_lone_surrogate_becomes_the_replacement_character()
    {
        Assert.Equal("\"a\\ufffdb\"", Write(w => w.Value("a\ud800b")));
    }

    [Fact]
    public void Objects_arrays_numbers_times_and_nulls_are_indented_json()
    {
        string json = Write(w => w.StartObject()
            .Property("n", 42L)
            .Property("none", (string?)null)
            .Property("when", new System.DateTime(2021, 3, 3, 3, 30, 0, System.DateTimeKind.Utc))
            .Property("list", ["a", "b"])
            .Property("empty", [])
            .Name("nested").StartObject().Property("x", (long?)null).EndObject()
            .EndObject());

        Assert.Equal(
            "{\n  \"n\": 42,\n  \"none\": null,\n  \"when\": \"2021-03-03T03:30:00Z\",\n  \"list\": [\n    \"a\",\n    \"b\"\n  ],\n  \"empty\": [],\n  \"nested\": {\n    \"x\": null\n  }\n}",
            json);
        Assert.Equal(JsonKind.Object, JsonParser.Parse(json).Kind);
    }

    private static string Write(System.Action<JsonWriter> write)
    {
        using var text = new StringWriter();
        write(new JsonWriter(text));
        return text.ToString();
    }
}
