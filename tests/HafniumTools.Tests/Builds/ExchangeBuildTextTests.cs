using System;
using System.Globalization;
using HafniumTools.Builds;
using HafniumTools.Tests.Core;
using Xunit;

namespace HafniumTools.Tests.Builds;

public class ExchangeBuildTextTests
{
    [Theory]
    [InlineData("15.1.2176.9", "15.1.2176.9", true, false)]
    [InlineData("15.01.2176.009", "15.1.2176.9", true, false)]
    [InlineData("  15.02.0792.010 ", "15.2.792.10", true, false)]
    [InlineData("14.03.0513.000", "14.3.513.0", true, false)]
    [InlineData("15.1.2176", "15.1.2176", false, false)]
    [InlineData("Version 15.1 (Build 2176.2)", "15.1.2176.2", true, true)]
    [InlineData("version 15.2 (build 1118.7)", "15.2.1118.7", true, true)]
    [InlineData("Version 14.3 (Build 123.4)", "14.3.123.4", true, true)]
    [InlineData("Version  15.0  ( Build 1497.2 )", "15.0.1497.2", true, true)]
    [InlineData("0.0.0.0", "0.0.0.0", true, false)]
    [InlineData("65535.65535.65535.65535", "65535.65535.65535.65535", true, false)]
    public void Parses_every_form_admins_have(string text, string expected, bool hasRevision, bool isAdminDisplayVersion)
    {
        Assert.True(ExchangeBuildText.TryParse(text, out var parsed, out string? reason), reason);
        Assert.Equal(Version.Parse(expected), parsed!.Version);
        Assert.Equal(hasRevision, parsed.HasRevision);
        Assert.Equal(isAdminDisplayVersion, parsed.IsAdminDisplayVersion);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("not-a-version", "not a version number")]
    [InlineData("15.1", "2 part(s)")]
    [InlineData("15", "1 part(s)")]
    [InlineData("15.1.2176.9.1", "5 parts")]
    [InlineData("15.1..9", "empty part")]
    [InlineData("15.1.2176.", "empty part")]
    [InlineData("15,1,2176,9", "uses ','")]
    [InlineData("15.1.2176,9", "uses ','")]
    [InlineData("15.1.2176.x", "'x' in '15.1.2176.x' is not a number")]
    [InlineData("15.1.-2176.9", "is not a number")]
    [InlineData("15.1.+2176.9", "is not a number")]
    [InlineData("15.1.2176.99999", "larger than 65535")]
    [InlineData("15.1.21760000000000.9", "larger than 65535")]
    [InlineData("15.1.\u0662\u0661\u0667\u0666.9", "is not a number")]
    [InlineData("Version 15.1", "expected the form")]
    [InlineData("Version 15.1 (2176.2)", "expected the form")]
    [InlineData("Version 15 (Build 2176.2)", "expected the form")]
    [InlineData("Version 15.1 (Build 2176)", "expected the form")]
    [InlineData("Version x.1 (Build 2176.2)", "not a number")]
    public void Rejects_garbage_with_a_clear_reason(string text, string reason)
    {
        Assert.False(ExchangeBuildText.TryParse(text, out var parsed, out string? actual));
        Assert.Null(parsed);
        Assert.Contains(reason, actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_overlong_text()
    {
        Assert.False(ExchangeBuildText.TryParse(new string('1', 500), out _, out string? reason));
        Assert.Contains("characters long", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parsing_does_not_depend_on_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = FuzzText.CommaDecimalCulture();
            Assert.True(ExchangeBuildText.TryParse("15.01.1913.010", out var parsed, out _));
            Assert.Equal(new Version(15, 1, 1913, 10), parsed!.Version);
            Assert.Equal("15.01.1913.010", ExchangeBuildText.ToFileVersionText(parsed.Version));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData(15, 1, 2176, 9, true, "15.1.2176.9")]
    [InlineData(15, 1, 2176, -1, true, "15.1.2176")]
    public void Builds_from_numeric_parts(int major, int minor, int build, int revision, bool ok, string expected)
    {
        Assert.Equal(ok, ExchangeBuildText.TryFromParts(major, minor, build, revision, out var parsed, out _));
        Assert.Equal(Version.Parse(expected), parsed!.Version);
        Assert.Equal(revision >= 0, parsed.HasRevision);
    }

    [Theory]
    [InlineData(15, 1, -1, -1, "no build number")]
    [InlineData(15, 1, 70000, 1, "larger than")]
    public void Refuses_numeric_parts_that_are_not_a_build(int major, int minor, int build, int revision, string reason)
    {
        Assert.False(ExchangeBuildText.TryFromParts(major, minor, build, revision, out _, out string? actual));
        Assert.Contains(reason, actual, StringComparison.Ordinal);
    }

    [Fact]
    public void File_version_text_is_zero_padded_like_ExSetup()
    {
        Assert.Equal("15.01.2176.009", ExchangeBuildText.ToFileVersionText(new Version(15, 1, 2176, 9)));
        Assert.Equal("14.03.0513.000", ExchangeBuildText.ToFileVersionText(new Version(14, 3, 513, 0)));
    }

    [Fact]
    public void Fuzz_random_and_mutated_text_never_throws_and_accepted_text_round_trips()
    {
        var random = new Random(27065);
        string[] seeds = ["15.1.2176.9", "15.01.2176.009", "Version 15.1 (Build 2176.2)", "14.3.513.0", "15.2.792"];
        const string alphabet = "0123456789..,. ()VersionBuild-+x\u0660\t";
        int accepted = 0;
        for (int i = 0; i < 50_000; i++)
        {
            string text = i % 2 == 0 ? FuzzText.Mutate(seeds[random.Next(seeds.Length)], random, alphabet, 3) : FuzzText.Random(random, alphabet, 30);
            bool ok = ExchangeBuildText.TryParse(text, out var parsed, out string? reason);
            if (!ok)
            {
                Assert.False(string.IsNullOrWhiteSpace(reason));
                continue;
            }

            accepted++;
            Assert.True(ExchangeBuildText.TryParse(parsed!.Version.ToString(), out var again, out _));
            Assert.Equal(parsed.Version, again!.Version);
        }

        Assert.True(accepted > 100, "the fuzz corpus should also produce valid builds");
    }
}
