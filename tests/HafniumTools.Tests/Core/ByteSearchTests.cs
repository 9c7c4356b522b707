using System;
using HafniumTools.Core;
using Xunit;

namespace HafniumTools.Tests.Core;

public class ByteSearchTests
{
    [Fact]
    public void On_dotnet_the_two_value_search_is_the_runtimes_vectorised_one() =>
        // The tests run on .NET, which has MemoryExtensions.IndexOfAny: a runtime that renamed it would quietly fall back
        // to two searches per line end and per letter, and this is where that shows.
        Assert.True(ByteSearch.IsVectorized);

    [Fact]
    public void The_first_of_two_values_is_found_in_any_range_as_two_searches_find_it()
    {
        var random = new Random(20261206);
        int found = 0;
        for (int round = 0; round < 3000; round++)
        {
            var (buffer, start, count) = RandomRange(random, valuesBelow: 8);
            byte first = (byte)random.Next(0, 12), second = (byte)random.Next(0, 12);
            int expected = -1;
            for (int i = start; i < start + count; i++)
            {
                if (buffer[i] == first || buffer[i] == second)
                {
                    expected = i;
                    break;
                }
            }

            Assert.Equal(expected, ByteSearch.IndexOfAny(buffer, first, second, start, count));
            Assert.Equal(expected, ByteSearch.IndexOfAnyBySearches(buffer, first, second, start, count));
            found += expected >= 0 ? 1 : 0;
        }

        Assert.InRange(found, 500, 2900);
    }

    [Fact]
    public void The_first_of_a_set_of_values_is_found_in_any_range_as_one_value_searches_find_it()
    {
        var random = new Random(20261207);
        int found = 0;
        for (int round = 0; round < 3000; round++)
        {
            var (buffer, start, count) = RandomRange(random, valuesBelow: 40);
            var values = new byte[random.Next(1, 8)];
            for (int v = 0; v < values.Length; v++)
            {
                values[v] = (byte)random.Next(0, 48);
            }

            int expected = -1;
            for (int i = start; i < start + count && expected < 0; i++)
            {
                if (Array.IndexOf(values, buffer[i]) >= 0)
                {
                    expected = i;
                }
            }

            Assert.Equal(expected, ByteSearch.IndexOfAny(buffer, values, start, count));
            Assert.Equal(expected, ByteSearch.IndexOfAnyBySearches(buffer, values, start, count));
            found += expected >= 0 ? 1 : 0;
        }

        Assert.InRange(found, 500, 2900);
    }

    // Up to 300 bytes of small values (so that hits are common), and a range of them.
    private static (byte[] Buffer, int Start, int Count) RandomRange(Random random, int valuesBelow)
    {
        var buffer = new byte[random.Next(0, 300)];
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (byte)random.Next(0, valuesBelow);
        }

        int start = random.Next(0, buffer.Length + 1);
        return (buffer, start, random.Next(0, buffer.Length - start + 1));
    }
}
