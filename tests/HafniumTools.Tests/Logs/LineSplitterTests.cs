using System;
using System.Text;
using HafniumTools.Logs;
using Xunit;

namespace HafniumTools.Tests.Logs;

public class LineSplitterTests
{
    [Theory]
    [InlineData("ab", -1)]
    [InlineData("a\nb", 1)]
    [InlineData("a\rb", 1)]
    [InlineData("a\r\nb", 2)]
    [InlineData("a\rb\nc", 3)]
    [InlineData("a\nb\rc", 3)]
    [InlineData("a\nb\rc\r", 5)]
    [InlineData("\n", 0)]
    [InlineData("\r", 0)]
    public void The_last_line_end_is_the_last_cr_or_lf(string text, int expected)
    {
        byte[] bytes = Encoding.ASCII.GetBytes("xx" + text + "yy");

        Assert.Equal(expected < 0 ? -1 : expected + 2, LineSplitter.LastLineEnd(bytes, 2, bytes.Length - 2));
    }

    [Fact]
    public void Lf_cr_and_crlf_lines_split_alike_with_the_rest_unterminated()
    {
        byte[] bytes = Encoding.ASCII.GetBytes("one\ntwo\r\nthree\rfour");
        var splitter = new LineSplitter(bytes, 0, bytes.Length);
        var lines = new System.Collections.Generic.List<string>();
        bool lastTerminated = true;
        while (splitter.Next(out int start, out int end, out bool terminated))
        {
            lines.Add(Encoding.ASCII.GetString(bytes, start, end - start));
            lastTerminated = terminated;
        }

        Assert.Equal(["one", "two", "three", "four"], lines);
        Assert.False(lastTerminated);
    }

    [Fact]
    public void One_search_per_line_end_splits_exactly_as_the_lf_then_cr_searches()
    {
        var random = new Random(20261206);
        string[] pieces = ["a", "bc", "\n", "\r", "\r\n", "\r\r", "\n\r", "\r\r\n", "\n\n", "#x,y"];
        int lines = 0;
        for (int round = 0; round < 2000; round++)
        {
            var text = new StringBuilder();
            for (int k = random.Next(0, 30); k > 0; k--)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            byte[] bytes = Encoding.ASCII.GetBytes(text.ToString());
            int start = random.Next(0, bytes.Length + 1);
            int end = random.Next(start, bytes.Length + 1);
            var byOne = Split(new LineSplitter(bytes, start, end, oneSearchPerLine: true));
            var byTwo = Split(new LineSplitter(bytes, start, end, oneSearchPerLine: false));

            Assert.Equal(byTwo, byOne);
            lines += byOne.Count;
        }

        Assert.True(lines > 5000, $"only {lines} lines compared");
    }

    private static System.Collections.Generic.List<(int Start, int End, bool Terminated, int Next)> Split(LineSplitter splitter)
    {
        var lines = new System.Collections.Generic.List<(int, int, bool, int)>();
        while (splitter.Next(out int start, out int end, out bool terminated))
        {
            lines.Add((start, end, terminated, splitter.Position));
        }

        return lines;
    }
}

