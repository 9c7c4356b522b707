using System;
using System.Linq;
using HafniumTools.Builds;
using HafniumTools.Tests.Core;
using Xunit;

namespace HafniumTools.Tests.Builds;

/// <summary>Builds as admins paste them: whole lines of ExSetup tables, HealthChecker, Get-ExchangeServer and build tables.</summary>
public class PastedBuildLineTests
{
    private const string ExSetupPath = @"C:\Program Files\Microsoft\Exchange Server\V15\bin\ExSetup.exe";

    /// <summary>Lines in the shapes of public CSS-Exchange and OfficeDocs issues, HealthChecker reports and Microsoft's build table.</summary>
    public static TheoryData<string, string, bool> RealLines => new()
    {
        // HealthChecker "Exchange Information"
        { "        Build Number: 15.02.1118.022", "15.2.1118.22", false },
        { "Build Number: 15.02.1258.025", "15.2.1258.25", false },
        { "Exchange Build Number: 15.2.1118.40", "15.2.1118.40", false },
        { "\tBuild Number:                  15.01.2507.039", "15.1.2507.39", false },
        // Get-Command ExSetup.exe | ForEach-Object { $_.FileVersionInfo } (table row), and its list form
        { "15.02.1118.040   15.02.1118.040   " + ExSetupPath, "15.2.1118.40", false },
        { "15.02.1748.039   15.02.1748.039   " + ExSetupPath, "15.2.1748.39", false },
        { @"14.03.0411.000   14.03.0411.000   C:\Program Files\Microsoft\Exchange Server\V14\bin\ExSetup.exe", "14.3.411.0", false },
        { "FileVersion     : 15.01.2176.009", "15.1.2176.9", false },
        { "ProductVersion  : 15.01.2176.009", "15.1.2176.9", false },
        { "FileVersionRaw  : 15.1.2176.9", "15.1.2176.9", false },
        // Get-ExchangeServer: Format-List, Format-Table rows, AdminDisplayVersion in a sentence
        { "AdminDisplayVersion : Version 14.3 (Build 123.4)", "14.3.123.4", true },
        { "xxxxxxxxxxxx1 xxxxxxxxxxxx/Configuration/Sites/xxxxxxxxxxxx       Standard   Version 15.1 (Build 2507.6)", "15.1.2507.6", true },
        { "EX01   Mailbox   StandardEvaluation   Version 15.2 (Build 1118.7)", "15.2.1118.7", true },
        { "The server still reports Version 15.1 (Build 2176.2) after the update.", "15.1.2176.2", true },
        { "AdminDisplayVersion: Version 15.0 ( build 1497.2 )", "15.0.1497.2", true },
        // Microsoft's build table (HTML copied as text, Markdown), the same build written twice
        { "Exchange Server 2019 CU13 Aug23SUv2 | August 15, 2023 | 15.2.1258.25 | 15.02.1258.025", "15.2.1258.25", false },
        { "| Exchange Server 2016 CU19 Mar21SU | March 2, 2021 | 15.1.2176.9 | 15.01.2176.009 |", "15.1.2176.9", false },
        { "Exchange Server 2016 CU19\tDecember 15, 2020\t15.1.2176.2\t15.01.2176.002", "15.1.2176.2", false },
        // CSV and JSON fragments, a sentence's full stop, quotes
        { "EX01,15.1.2176.9", "15.1.2176.9", false },
        { "\"EX02.contoso.com\",\"15.02.0792.010\"", "15.2.792.10", false },
        { "\"FileVersion\": \"15.02.1118.040\",", "15.2.1118.40", false },
        { "After the SU the build is 15.2.1118.40.", "15.2.1118.40", false },
        { "<td>15.0.1497.12</td>", "15.0.1497.12", false },
        // A CU-level build in a row, and a CU-level build agreeing with the full one
        { "Exchange 2016 CU19 (15.1.2176)", "15.1.2176", false },
        { "CU19 15.1.2176 installed; ExSetup shows 15.01.2176.009", "15.1.2176.9", false },
        { "Exchange 2010 SP3 RU32: 14.3.513.0 (KB5000978)", "14.3.513.0", false },
    };

    [Theory]
    [MemberData(nameof(RealLines))]
    public void Finds_the_build_in_a_real_line(string line, string expected, bool adminDisplayVersion)
    {
        Assert.True(ExchangeBuildText.TryParse(line, out var parsed, out string? reason), reason);
        Assert.Equal(Version.Parse(expected), parsed!.Version);
        Assert.Equal(adminDisplayVersion, parsed.IsAdminDisplayVersion);
        Assert.Equal(Version.Parse(expected).Revision >= 0, parsed.HasRevision);
    }

    [Theory]
    [InlineData("ProductVersion   FileVersion      FileName", "holds no Exchange build")]
    [InlineData("--------------   -----------      --------", "holds no Exchange build")]
    [InlineData("Name: EX01", "holds no Exchange build")]
    [InlineData("        Server Role: Mailbox", "holds no Exchange build")]
    [InlineData("Generation Time: 10/27/2023 09:00:03", "holds no Exchange build")]
    [InlineData("Exchange Health Checker version 23.04.04.1055", "holds no Exchange build")]
    [InlineData("Operating System: Windows Server 2019 Datacenter 10.0.17763", "holds no Exchange build")]
    [InlineData("Visual C++ 2013 Redistributable Version: 12.0.40664", "holds no Exchange build")]
    [InlineData("Visual C++ 2015-2019: 14.29.30139.0", "holds no Exchange build")]
    [InlineData("Microsoft Office 2013: 15.0.4569.1506", "holds no Exchange build")]
    [InlineData("Security Update for Exchange Server 2019 Cumulative Update 13 (KB5026261)", "holds no Exchange build")]
    [InlineData("ExchangeVersion : 0.1 (8.0.535.0)", "holds no Exchange build")]
    [InlineData("EX01  Mailbox  Standard  Version 15.1 (Bui...", "holds no Exchange build")]
    [InlineData(@"[PS] C:\Windows\system32>Get-Command ExSetup.exe | ForEach-Object { $_.FileVersionInfo }", "holds no Exchange build")]
    [InlineData("Last boot: 15.03.2023 08:14", "reads as a date")]
    [InlineData("Installed on 14.01.2021", "reads as a date")]
    [InlineData("15.1.2176.9 and 15.2.792.10", "more than one Exchange build (15.1.2176.9 and 15.2.792.10)")]
    [InlineData("EX01 15.01.2176.009  EX02 15.01.2176.002", "more than one Exchange build")]
    [InlineData("Version 15.1 (Build 2176.2) but ExSetup says 15.01.2176.009", "more than one Exchange build")]
    [InlineData("CU17 15.1.2044.13, CU19 15.1.2176", "more than one Exchange build")]
    public void Refuses_lines_without_one_build_with_a_clear_reason(string line, string reason)
    {
        Assert.False(ExchangeBuildText.TryParse(line, out var parsed, out string? actual));
        Assert.Null(parsed);
        Assert.Contains(reason, actual, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("15,1,2176,9", true)]
    [InlineData("15.1.2176,9", true)]
    [InlineData("15,01,2176,009", true)]
    [InlineData("EX01,Mailbox,\"April 20, 2022\"", false)]
    [InlineData("n/a, unknown", false)]
    [InlineData("Exchange Server 2019 CU12 | April 20, 2022 | see below", false)]
    [InlineData("ProductVersion,FileVersion,FileName", false)]
    public void Only_a_number_written_with_commas_is_blamed_on_the_culture(string text, bool blamed)
    {
        Assert.False(ExchangeBuildText.TryParse(text, out _, out string? reason));
        Assert.Equal(blamed, reason!.Contains("non-English culture", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Version: Exchange 2019 CU12 Mar23SU", "15.2.1118.26", true)]
    [InlineData("        Version: Exchange 2019 CU12", "15.2.1118", false)]
    [InlineData("Version:   Exchange Server 2016 CU19 Mar21SU", "15.1.2176.9", true)]
    [InlineData("Exchange 2010 SP3 RU32", "14.3.513.0", true)]
    [InlineData("exchange subscription edition rtm", "15.2.2562", false)]
    public void Reads_HealthCheckers_version_line_by_the_catalogs_names(string line, string expected, bool hasRevision)
    {
        Assert.True(ExchangeBuildText.TryParse(line, BuildCatalog.Embedded, out var parsed, out string? reason), reason);
        Assert.Equal(Version.Parse(expected), parsed!.Version);
        Assert.Equal(hasRevision, parsed.HasRevision);
        Assert.False(parsed.IsAdminDisplayVersion);

        Assert.False(ExchangeBuildText.TryParse(line, out _, out _), "without a catalog a name is no build");
    }

    [Theory]
    [InlineData("Version: Exchange 2019 CU12 Sep26SU", "an update build catalog")]
    [InlineData("Version: Exchange 2019 CU99", "holds no Exchange build")]
    [InlineData("Exchange 2016 CU19 or Exchange 2019 CU12", "more than one Exchange build (Exchange 2016 CU19 and Exchange 2019 CU12)")]
    [InlineData("Version: Exchange 2019 CU12 Mar23SU, Installed: 15.03.2023", null)]
    public void Names_the_catalog_does_not_know_or_two_names_are_refused(string line, string? reason)
    {
        bool ok = ExchangeBuildText.TryParse(line, BuildCatalog.Embedded, out var parsed, out string? actual);
        if (reason is null)
        {
            Assert.True(ok, actual);
            Assert.Equal(new Version(15, 2, 1118, 26), parsed!.Version); // the name wins over a date
            return;
        }

        Assert.False(ok);
        Assert.Contains(reason, actual, StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_is_found_by_its_shape_whatever_the_labels_around_it()
    {
        var random = new Random(26855);
        string[] builds = ["15.02.1118.022", "15.1.2176.9", "14.03.0513.000", "15.00.1497.012", "Version 15.1 (Build 2176.2)"];
        string[] words = ["Build", "Number:", "Exchange", "FileVersion", "EX01", ":", "|", "-", "ProductVersion", "server", "=", ExSetupPath, "\t", "KB5000871", "(x64)"];
        for (int i = 0; i < 2_000; i++)
        {
            string build = builds[random.Next(builds.Length)];
            string before = string.Join(" ", Enumerable.Range(0, random.Next(0, 4)).Select(_ => words[random.Next(words.Length)]));
            string after = string.Join(" ", Enumerable.Range(0, random.Next(0, 4)).Select(_ => words[random.Next(words.Length)]));
            string line = $"{before} {build} {after}";

            Assert.True(ExchangeBuildText.TryParse(line, out var parsed, out string? reason), $"{line}: {reason}");
            Assert.True(ExchangeBuildText.TryParse(build, out var alone, out _));
            Assert.Equal(alone!.Version, parsed!.Version);
            Assert.Equal(alone.IsAdminDisplayVersion, parsed.IsAdminDisplayVersion);
        }
    }

    [Fact]
    public void Fuzz_mutated_lines_never_throw_and_a_build_found_in_a_line_is_an_Exchange_build()
    {
        var random = new Random(27065);
        string[] seeds =
        [
            "Build Number: 15.02.1118.022",
            "15.02.1118.040   15.02.1118.040   " + ExSetupPath,
            "AdminDisplayVersion : Version 15.1 (Build 2176.2)",
            "Exchange Server 2019 CU13 Aug23SUv2 | August 15, 2023 | 15.2.1258.25 | 15.02.1258.025",
            "Version: Exchange 2019 CU12 Mar23SU",
            "Last boot: 15.03.2023 08:14",
        ];
        const string alphabet = "0123456789.,:;| ()\t-VersionBuildExchangeCUSU\u0660\u00a0";
        int found = 0;
        for (int i = 0; i < 30_000; i++)
        {
            string line = FuzzText.Mutate(seeds[random.Next(seeds.Length)], random, alphabet, 4);
            bool ok = ExchangeBuildText.TryParse(line, BuildCatalog.Embedded, out var parsed, out string? reason);
            if (!ok)
            {
                Assert.False(string.IsNullOrWhiteSpace(reason));
                continue;
            }

            // Taken from a line or a name (no seed is a build by itself): always the shape of Exchange 2010 to SE.
            Assert.InRange(parsed!.Version.Major, 14, 15);
            Assert.InRange(parsed.Version.Minor, 0, 3);
            found++;
            Assert.True(ExchangeBuildText.TryParse(parsed!.Version.ToString(), out var again, out _));
            Assert.Equal(parsed.Version, again!.Version);
        }

        Assert.True(found > 1_000, "most mutations keep a build");
    }

    [Fact]
    public void Long_pasted_blocks_are_searched_and_huge_text_is_refused_without_scanning()
    {
        string block = string.Join(
            "\n",
            "Exchange Information",
            "--------------------",
            "        Name: EX01",
            "        Generation Time: 10/27/2023 09:00:03",
            "        Build Number: 15.02.1258.025",
            "        Server Role: Mailbox",
            new string('-', 200));
        Assert.True(ExchangeBuildText.TryParse(block, out var parsed, out string? reason), reason);
        Assert.Equal(new Version(15, 2, 1258, 25), parsed!.Version);

        Assert.False(ExchangeBuildText.TryParse(new string('x', 5_000) + " 15.1.2176.9", out _, out string? tooLong));
        Assert.Contains("characters long", tooLong, StringComparison.Ordinal);
    }
}
