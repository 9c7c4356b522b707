using System;
using System.IO;
using System.Linq;
using HafniumTools.Builds;
using Xunit;

namespace HafniumTools.Tests.Builds;

public class BuildCatalogValidationTests
{
    private const string Cu19Mar21 = "{\"name\": \"Exchange 2016 CU19 Mar21SU\", \"product\": \"Exchange2016\", \"kind\": \"SecurityUpdate\", \"cumulativeUpdate\": \"CU19\", \"update\": \"Mar21SU\", \"build\": \"15.1.2176.9\", \"releaseDate\": \"2021-03-02\", \"kb\": \"KB5000871\"";

    internal static string EmbeddedJson()
    {
        using var stream = typeof(BuildCatalog).Assembly.GetManifestResourceStream(BuildCatalog.EmbeddedResourceName)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [Fact]
    public void The_shipped_catalog_loads_with_its_version_and_every_product()
    {
        var catalog = BuildCatalog.Embedded;
        Assert.Equal(1, catalog.SchemaVersion);
        Assert.Matches(@"^\d{4}\.\d{2}\.\d{2}\.\d+$", catalog.Version);
        Assert.Equal(DateTimeKind.Utc, catalog.Date.Kind);
        Assert.Equal(
            new[] { "Exchange2003", "Exchange2007", "Exchange2010", "Exchange2013", "Exchange2016", "Exchange2019", "ExchangeSE" },
            catalog.Products.Select(p => p.Id));
        Assert.True(catalog.Entries.Count > 300);
        Assert.Contains(catalog.Entries, e => e.Name == "Exchange 2010 SP3 RU31" && e.Build == new Version(14, 3, 509, 0));
        Assert.Contains(catalog.Entries, e => e.Name == "Exchange 2010 SP3 RU32" && e.Kb == "KB5000978" && e.FixesProxyLogon);
        Assert.All(catalog.Entries, e => Assert.True(e.Build.Revision >= 0));
        Assert.All(catalog.Entries, e => Assert.NotEmpty(e.Sources));
    }

    [Fact]
    public void The_shipped_catalog_follows_Microsofts_build_list_where_HealthChecker_differs()
    {
        var entries = BuildCatalog.Embedded.Entries;
        Assert.Equal(new Version(15, 1, 1415, 10), entries.Single(e => e.Name == "Exchange 2016 CU8 Mar21SU").Build);
        Assert.Equal(new Version(15, 1, 1466, 16), entries.Single(e => e.Name == "Exchange 2016 CU9 Mar21SU").Build);
        Assert.Equal(new DateTime(2017, 6, 27, 0, 0, 0, DateTimeKind.Utc), entries.Single(e => e.Name == "Exchange 2013 CU17").ReleaseDate);
        Assert.False(entries.Single(e => e.Name == "Exchange 2016 CU17 Mar21SU").IncludesEarlierUpdates);
        Assert.True(entries.Single(e => e.Name == "Exchange 2016 CU19 Mar21SU").IncludesEarlierUpdates);
        Assert.Equal(4, entries.Single(e => e.Name == "Exchange 2016 CU17 Mar21SU").Cves.Count);
        Assert.Equal(7, entries.Single(e => e.Name == "Exchange 2016 CU19 Mar21SU").Cves.Count);
    }

    [Theory]
    [InlineData("\"build\": \"15.1.2176.9\"", "\"build\": \"15.1.2176.x\"", "'Exchange 2016 CU19 Mar21SU'", "build", "not a build")]
    [InlineData("\"build\": \"15.1.2176.9\"", "\"build\": \"15.1.2176\"", "'Exchange 2016 CU19 Mar21SU'", "build", "four parts")]
    [InlineData("\"build\": \"15.1.2176.9\"", "\"build\": \"15.2.2176.9\"", "'Exchange 2016 CU19 Mar21SU'", "build", "outside Exchange2016")]
    [InlineData("\"build\": \"15.1.2176.9\"", "\"build\": \"15.1.2175.9\"", "'Exchange 2016 CU19 Mar21SU'", "build", "is not on Exchange 2016 CU19")]
    [InlineData("\"kb\": \"KB5000871\"", "\"kb\": \"5000871\"", "'Exchange 2016 CU19 Mar21SU'", "kb", "not a KB number")]
    [InlineData("\"releaseDate\": \"2021-03-02\", \"kb\": \"KB5000871\"", "\"releaseDate\": \"03/02/2021\", \"kb\": \"KB5000871\"", "'Exchange 2016 CU19 Mar21SU'", "releaseDate", "yyyy-MM-dd")]
    [InlineData("\"product\": \"Exchange2016\", \"kind\": \"SecurityUpdate\", \"cumulativeUpdate\": \"CU19\", \"update\": \"Mar21SU\"", "\"product\": \"Exchange2017\", \"kind\": \"SecurityUpdate\", \"cumulativeUpdate\": \"CU19\", \"update\": \"Mar21SU\"", "'Exchange 2016 CU19 Mar21SU'", "product", "not one of the catalog's products")]
    [InlineData("\"kind\": \"SecurityUpdate\", \"cumulativeUpdate\": \"CU19\", \"update\": \"Mar21SU\"", "\"kind\": \"Patch\", \"cumulativeUpdate\": \"CU19\", \"update\": \"Mar21SU\"", "'Exchange 2016 CU19 Mar21SU'", "kind", "not one of")]
    [InlineData("\"cumulativeUpdate\": \"CU19\", \"update\": \"Mar21SU\"", "\"cumulativeUpdate\": \"CU99\", \"update\": \"Mar21SU\"", "'Exchange 2016 CU19 Mar21SU'", "cumulativeUpdate", "no Exchange2016 entry starts")]
    [InlineData("\"cumulativeUpdate\": \"CU19\", \"update\": \"Mar21SU\", \"build\"", "\"cumulativeUpdate\": \"CU19\", \"build\"", "'Exchange 2016 CU19 Mar21SU'", "update", "needs its short update name")]
    [InlineData("\"kb\": \"KB5000871\"", "\"kb\": \"KB5000871\", \"relaseDate\": \"2021-03-02\"", "'Exchange 2016 CU19 Mar21SU'", "relaseDate", "unknown field")]
    [InlineData("\"kb\": \"KB5000871\"", "\"kb\": \"KB5000871\", \"includesEarlierUpdates\": \"no\"", "'Exchange 2016 CU19 Mar21SU'", "includesEarlierUpdates", "true or false")]
    public void A_malformed_entry_is_refused_naming_the_entry_and_field(string find, string replace, string entry, string field, string problem)
    {
        string json = EmbeddedJson();
        int at = json.IndexOf(Cu19Mar21, StringComparison.Ordinal);
        Assert.True(at >= 0, "fixture anchor missing from the catalog");
        int end = json.IndexOf('\n', at);
        string line = json.Substring(at, end - at);
        Assert.Contains(find, line, StringComparison.Ordinal);
        string broken = json.Substring(0, at) + line.Replace(find, replace, StringComparison.Ordinal) + json.Substring(end);

        var e = Assert.Throws<BuildCatalogException>(() => BuildCatalog.Parse(broken, "broken.json"));
        Assert.Contains(entry, e.Entry, StringComparison.Ordinal);
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.Contains("broken.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(entry, e.Message, StringComparison.Ordinal);
        Assert.Contains($"field '{field}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_CVE_id_is_refused()
    {
        string json = EmbeddedJson();
        int at = json.IndexOf("\"CVE-2021-26412\"", StringComparison.Ordinal);
        Assert.True(at > 0);
        json = json.Remove(at, "\"CVE-2021-26412\"".Length).Insert(at, "\"CVE2021-26412\"");
        var e = Assert.Throws<BuildCatalogException>(() => BuildCatalog.Parse(json, "x.json"));
        Assert.Equal("cves", e.Field);
        Assert.Contains("CVE2021-26412'", e.Problem, StringComparison.Ordinal);
        Assert.Contains("Mar21SU", e.Entry, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_sources_and_duplicate_names_are_refused()
    {
        string json = EmbeddedJson();
        var unknownSource = Assert.Throws<BuildCatalogException>(() => BuildCatalog.Parse(json.Replace("\"sources\": [\"ms_csv\", \"ms_doc_2021\"]", "\"sources\": [\"blog\"]", StringComparison.Ordinal), "x.json"));
        Assert.Equal("sources", unknownSource.Field);
        Assert.Contains("Exchange 2010 SP3 RU31", unknownSource.Entry, StringComparison.Ordinal);

        var duplicate = Assert.Throws<BuildCatalogException>(() => BuildCatalog.Parse(json.Replace("\"name\": \"Exchange 2010 SP3 RU31\"", "\"name\": \"Exchange 2010 SP3\"", StringComparison.Ordinal), "x.json"));
        Assert.Equal("name", duplicate.Field);
    }

    [Theory]
    [InlineData("\"schemaVersion\": 1,", "\"schemaVersion\": 2,", "schemaVersion", "not supported")]
    [InlineData("\"schemaVersion\": 1,", "\"schemaVersion\": \"1\",", "schemaVersion", "integer")]
    [InlineData("\"catalogDate\": \"2026-12-05\",", "\"catalogDate\": \"05.12.2026\",", "catalogDate", "yyyy-MM-dd")]
    [InlineData("\"catalogVersion\": \"2026.12.05.1\",", "", "catalogVersion", "is required")]
    [InlineData("\"versionFrom\": \"15.1.0.0\"", "\"versionFrom\": \"15.0.1.0\"", "versionFrom", "overlaps")]
    [InlineData("\"inheritsFrom\": \"Exchange2019\"", "\"inheritsFrom\": \"Exchange2020\"", "inheritsFrom", "not another product")]
    public void Document_level_problems_are_refused_naming_the_field(string find, string replace, string field, string problem)
    {
        string json = EmbeddedJson();
        Assert.Contains(find, json, StringComparison.Ordinal);
        var e = Assert.Throws<BuildCatalogException>(() => BuildCatalog.Parse(json.Replace(find, replace, StringComparison.Ordinal), "x.json"));
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_JSON_is_refused_with_line_and_column()
    {
        string json = EmbeddedJson();
        int at = json.IndexOf(Cu19Mar21, StringComparison.Ordinal);
        string broken = json.Remove(at, 1);
        var e = Assert.Throws<BuildCatalogException>(() => BuildCatalog.Parse(broken, "x.json"));
        Assert.Contains("not well-formed JSON", e.Problem, StringComparison.Ordinal);
        Assert.Contains("line", e.Problem, StringComparison.Ordinal);
        Assert.StartsWith("$.entries[", e.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void A_catalog_file_on_disk_loads_through_Load()
    {
        string path = Path.Combine(Path.GetTempPath(), "hafnium-catalog-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, EmbeddedJson().Replace("\"catalogVersion\": \"2026.12.05.1\"", "\"catalogVersion\": \"2027.01.01.1\"", StringComparison.Ordinal));
        try
        {
            var catalog = BuildCatalog.Load(path);
            Assert.Equal("2027.01.01.1", catalog.Version);
            Assert.Equal(path, catalog.Source);
            Assert.All(catalog.Entries, e => Assert.Equal("2027.01.01.1", e.CatalogVersion));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Mutated_catalogs_fail_only_with_BuildCatalogException()
    {
        string json = EmbeddedJson();
        var random = new Random(2021);
        const string alphabet = "{}[]\":,.0123456789abcKBCVE- ";
        for (int i = 0; i < 300; i++)
        {
            var chars = json.ToCharArray();
            for (int e = random.Next(1, 4); e > 0; e--)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            try
            {
                var catalog = BuildCatalog.Parse(new string(chars), "fuzz.json");
                Assert.NotEmpty(catalog.Entries);
            }
            catch (BuildCatalogException e)
            {
                Assert.False(string.IsNullOrEmpty(e.Problem));
            }
        }
    }

    [Theory]
    [InlineData("2016", "Exchange2016")]
    [InlineData("exchange2019", "Exchange2019")]
    [InlineData("Exchange 2013", "Exchange2013")]
    [InlineData("Exchange Server 2010", "Exchange2010")]
    [InlineData("SE", "ExchangeSE")]
    [InlineData("Subscription Edition", "ExchangeSE")]
    [InlineData("2020", null)]
    public void Product_names_resolve_to_ids(string text, string? id)
    {
        Assert.Equal(id, BuildCatalog.Embedded.ResolveProductId(text));
    }
}
