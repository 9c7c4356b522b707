using System;
using System.Globalization;
using System.Text;

namespace HafniumTools.Tests.Core;

/// <summary>Seeded random and mutated text for the parsers' fuzz tests.</summary>
internal static class FuzzText
{
    /// <summary><paramref name="seed"/> with 1 to <paramref name="maxEdits"/> characters deleted, inserted or replaced.</summary>
    public static string Mutate(string seed, Random random, string alphabet, int maxEdits)
    {
        var builder = new StringBuilder(seed);
        for (int e = random.Next(1, maxEdits + 1); e > 0 && builder.Length > 0; e--)
        {
            int at = random.Next(builder.Length);
            switch (random.Next(3))
            {
                case 0: builder.Remove(at, 1); break;
                case 1: builder.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                default: builder[at] = alphabet[random.Next(alphabet.Length)]; break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Up to <paramref name="maxLength"/> characters drawn from <paramref name="alphabet"/>.</summary>
    public static string Random(Random random, string alphabet, int maxLength)
    {
        var chars = new char[random.Next(0, maxLength)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>A culture writing 1.234,5 (the machine runs with invariant globalization, so it is built by hand).</summary>
    public static CultureInfo CommaDecimalCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        return culture;
    }
}
