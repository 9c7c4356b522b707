using System;
using System.Linq;
using HafniumTools.Builds;
using Xunit;

namespace HafniumTools.Tests.Builds;

public class BuildAuditorTests
{
    private static readonly string[] ProxyLogon = ["CVE-2021-26855", "CVE-2021-26857", "CVE-2021-26858", "CVE-2021-27065"];

    internal static readonly DateTime AsOf = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

    internal static BuildAuditor Auditor { get; } = new(BuildCatalog.Embedded, AsOf);

    internal static BuildAudit Audit(string text, string? computerName = null) => Auditor.Audit(Observe(text, computerName));

    /// <summary>Microsoft's March 2021 fixing builds (KB5000871 and Exchange 2010 SP3 RU32), per CU.</summary>
    public static TheoryData<string, string> FixingBuilds => new()
    {
        { "Exchange 2013 SP1", "15.0.847.64" },
        { "Exchange 2013 CU21", "15.0.1395.12" },
        { "Exchange 2013 CU22", "15.0.1473.6" },
        { "Exchange 2013 CU23", "15.0.1497.12" },
        { "Exchange 2016 CU8", "15.1.1415.10" },
        { "Exchange 2016 CU9", "15.1.1466.16" },
        { "Exchange 2016 CU10", "15.1.1531.12" },
        { "Exchange 2016 CU11", "15.1.1591.18" },
        { "Exchange 2016 CU12", "15.1.1713.10" },
        { "Exchange 2016 CU13", "15.1.1779.8" },
        { "Exchange 2016 CU14", "15.1.1847.12" },
        { "Exchange 2016 CU15", "15.1.1913.12" },
        { "Exchange 2016 CU16", "15.1.1979.8" },
        { "Exchange 2016 CU17", "15.1.2044.13" },
        { "Exchange 2016 CU18", "15.1.2106.13" },
        { "Exchange 2016 CU19", "15.1.2176.9" },
        { "Exchange 2019 RTM", "15.2.221.18" },
        { "Exchange 2019 CU1", "15.2.330.11" },
        { "Exchange 2019 CU2", "15.2.397.11" },
        { "Exchange 2019 CU3", "15.2.464.15" },
        { "Exchange 2019 CU4", "15.2.529.13" },
        { "Exchange 2019 CU5", "15.2.595.8" },
        { "Exchange 2019 CU6", "15.2.659.12" },
        { "Exchange 2019 CU7", "15.2.721.13" },
        { "Exchange 2019 CU8", "15.2.792.10" },
        { "Exchange 2010 SP3", "14.3.513.0" },
    };

    [Theory]
    [MemberData(nameof(FixingBuilds))]
    public void Every_March_2021_fixing_build_is_patched_and_the_revision_before_it_is_not(string line, string fixingBuild)
    {
        var fix = Version.Parse(fixingBuild);
        var patched = Audit(fixingBuild);
        Assert.Equal(ProxyLogonStatus.Patched, patched.ProxyLogonStatus);
        Assert.True(patched.IsProxyLogonPatched);
        Assert.Empty(patched.MissingCves);
        Assert.Equal(line, patched.BuildName!.Substring(0, line.Length));
        Assert.True(patched.IsCatalogBuild);

        var above = Audit(new Version(fix.Major, fix.Minor, fix.Build, fix.Revision + 1).ToString());
        bool newestOfProduct = BuildCatalog.Embedded.Entries.Where(e => e.Product == patched.Product).Max(e => e.Build) == fix;
        Assert.Equal(newestOfProduct ? ProxyLogonStatus.Unknown : ProxyLogonStatus.Patched, above.ProxyLogonStatus);
        Assert.Equal(newestOfProduct, above.NewerThanCatalog);

        if (fix.Revision > 0)
        {
            var below = Audit(new Version(fix.Major, fix.Minor, fix.Build, fix.Revision - 1).ToString());
            Assert.Equal(ProxyLogonStatus.Vulnerable, below.ProxyLogonStatus);
            Assert.False(below.IsProxyLogonPatched);
            Assert.NotEmpty(below.MissingCves);
            Assert.Equal(fix, below.RecommendedBuild);
        }
    }

    [Fact]
    public void The_catalog_build_before_every_fixing_build_is_vulnerable_and_points_at_the_fix()
    {
        var fixes = BuildCatalog.Embedded.Entries.Where(e => e.FixesProxyLogon && e.Kind != BuildEntryKind.CumulativeUpdate).ToList();
        Assert.Equal(26, fixes.Count);
        foreach (var fix in fixes)
        {
            var before = BuildCatalog.Embedded.Entries
                .Where(e => e.Product == fix.Product && e.CumulativeUpdate == fix.CumulativeUpdate && e.Build < fix.Build)
                .OrderBy(e => e.Build)
                .Last();
            var audit = Audit(before.Build.ToString());
            Assert.True(audit.ProxyLogonStatus == ProxyLogonStatus.Vulnerable, $"{before.Name} ({before.Build}) should be vulnerable");
            Assert.Equal(fix.Build, audit.RecommendedBuild);
            Assert.Equal(fix.Kb, audit.RecommendedKb);
        }
    }

    [Theory]
    [InlineData("15.2.792.9", ProxyLogonStatus.Vulnerable)] // .9 < .10 as versions, although 792.9 > 792.10 as decimals
    [InlineData("15.2.792.10", ProxyLogonStatus.Patched)]
    [InlineData("15.1.1913.10", ProxyLogonStatus.Vulnerable)] // HealthChecker's culture bug read 1913.10 as 1913.1
    [InlineData("15.1.1913.12", ProxyLogonStatus.Patched)]
    [InlineData("15.01.2176.009", ProxyLogonStatus.Patched)]
    [InlineData("15.01.2176.008", ProxyLogonStatus.Vulnerable)]
    [InlineData("15.1.2176.12", ProxyLogonStatus.Patched)]
    [InlineData("15.1.2176.10", ProxyLogonStatus.Patched)] // between catalogued builds, still above the fix
    public void Revisions_compare_as_versions(string build, ProxyLogonStatus expected)
    {
        Assert.Equal(expected, Audit(build).ProxyLogonStatus);
    }

    [Theory]
    [InlineData("15.1.1415.8")]
    [InlineData("15.1.1466.13")]
    public void HealthCheckers_wrong_CU8_and_CU9_builds_are_judged_by_Microsofts_list(string healthCheckerBuild)
    {
        var audit = Audit(healthCheckerBuild);
        Assert.Equal(ProxyLogonStatus.Vulnerable, audit.ProxyLogonStatus);
        Assert.Equal("KB5000871", audit.RecommendedKb);
    }

    [Theory]
    [InlineData("15.1.2242.4", "CU20")]
    [InlineData("15.2.858.5", "CU9")]
    [InlineData("15.1.2507.6", "CU23")]
    [InlineData("15.2.1748.10", "CU15")]
    [InlineData("15.2.2562.17", "RTM")]
    public void CUs_released_after_March_2021_include_the_fix(string build, string cu)
    {
        var audit = Audit(build);
        Assert.Equal(ProxyLogonStatus.Patched, audit.ProxyLogonStatus);
        Assert.Equal(cu, audit.CumulativeUpdate);
        Assert.Null(audit.RecommendedUpdate);
        Assert.Contains("already includes", audit.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("15.0.516.32", "Exchange 2013 SP1, then Mar21SU", "KB2926248, KB5000871")]
    [InlineData("15.0.775.38", "Exchange 2013 SP1, then Mar21SU", "KB2926248, KB5000871")]
    [InlineData("15.0.913.22", "Exchange 2013 CU21, then Mar21SU", "KB4099855, KB5000871")]
    [InlineData("15.0.1367.3", "Exchange 2013 CU21, then Mar21SU", "KB4099855, KB5000871")]
    [InlineData("15.0.620.29", "Exchange 2013 SP1, then Mar21SU", "KB2926248, KB5000871")] // CU1: SP1 (CU4) is the nearest CU with a fix
    [InlineData("15.1.225.42", "Exchange 2016 CU8, then Mar21SU", "KB4035145, KB5000871")]
    [InlineData("15.1.1261.35", "Exchange 2016 CU8, then Mar21SU", "KB4035145, KB5000871")]
    [InlineData("15.2.196.0", "Exchange 2019 RTM, then Mar21SU", "KB5000871")]
    public void CUs_that_never_got_a_March_2021_update_are_vulnerable_and_name_the_CU_to_move_to(string build, string recommended, string kbs)
    {
        var audit = Audit(build);
        Assert.Equal(ProxyLogonStatus.Vulnerable, audit.ProxyLogonStatus);
        Assert.Equal(ProxyLogon, audit.MissingCves);
        Assert.Equal(recommended, audit.RecommendedUpdate);
        Assert.Equal(kbs, audit.RecommendedKb);
        Assert.Contains("No March 2021 fix was ever released", audit.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Version 15.1 (Build 2176.2)", "CU19", "15.1.2176.9")]
    [InlineData("Version 15.2 (Build 792.3)", "CU8", "15.2.792.10")]
    [InlineData("Version 15.0 (Build 1497.2)", "CU23", "15.0.1497.12")]
    [InlineData("Version 15.1 (Build 1415.2)", "CU8", "15.1.1415.10")]
    [InlineData("15.1.2176", "CU19", "15.1.2176.9")]
    public void AdminDisplayVersion_of_a_CU_with_a_fixing_update_is_indeterminate(string text, string cu, string fix)
    {
        var audit = Audit(text, "EX01");
        Assert.Equal(ProxyLogonStatus.Indeterminate, audit.ProxyLogonStatus);
        Assert.False(audit.IsProxyLogonPatched);
        Assert.False(audit.SecurityUpdatesVisible);
        Assert.Equal(cu, audit.CumulativeUpdate);
        Assert.Null(audit.SecurityUpdate);
        Assert.Empty(audit.MissingCves);
        Assert.Superset(ProxyLogon.ToHashSet(), audit.UnverifiedCves.ToHashSet());
        Assert.Equal(Version.Parse(fix), audit.RecommendedBuild);
        Assert.Contains("ExSetup", audit.Reason, StringComparison.Ordinal);
        Assert.Equal("EX01", audit.ComputerName);
    }

    [Fact]
    public void AdminDisplayVersion_source_is_recorded()
    {
        Assert.Equal(BuildVersionSource.AdminDisplayVersion, Audit("Version 15.1 (Build 2176.2)").VersionSource);
        Assert.Equal(BuildVersionSource.Text, Audit("15.1.2176.2").VersionSource);
    }

    [Theory]
    [InlineData("Version 15.1 (Build 2242.4)", ProxyLogonStatus.Patched)]    // CU20 includes the fix
    [InlineData("Version 15.2 (Build 858.5)", ProxyLogonStatus.Patched)]     // 2019 CU9
    [InlineData("Version 15.0 (Build 1367.3)", ProxyLogonStatus.Vulnerable)] // 2013 CU20: no fixing update ever
    [InlineData("Version 15.1 (Build 1261.35)", ProxyLogonStatus.Vulnerable)] // 2016 CU7
    [InlineData("Version 14.1 (Build 218.15)", ProxyLogonStatus.Vulnerable)]  // 2010 SP1: RU32 needs SP3
    [InlineData("Version 8.3 (Build 83.6)", ProxyLogonStatus.NotApplicable)]
    public void AdminDisplayVersion_is_judged_when_the_CU_decides(string text, ProxyLogonStatus expected)
    {
        Assert.Equal(expected, Audit(text).ProxyLogonStatus);
    }

    [Theory]
    [InlineData("14.3.509.0", ProxyLogonStatus.Vulnerable, new[] { "CVE-2021-26857" })]
    [InlineData("14.03.0509.000", ProxyLogonStatus.Vulnerable, new[] { "CVE-2021-26857" })]
    [InlineData("14.3.496.0", ProxyLogonStatus.Vulnerable, new[] { "CVE-2021-26857" })]
    [InlineData("14.3.123.4", ProxyLogonStatus.Vulnerable, new[] { "CVE-2021-26857" })]
    [InlineData("14.2.247.5", ProxyLogonStatus.Vulnerable, new[] { "CVE-2021-26857" })]
    [InlineData("14.1.438.0", ProxyLogonStatus.Vulnerable, new[] { "CVE-2021-26857" })]
    [InlineData("14.3.512.0", ProxyLogonStatus.Vulnerable, new[] { "CVE-2021-26857" })]
    [InlineData("14.3.513.0", ProxyLogonStatus.Patched, new string[0])]
    [InlineData("14.3.513", ProxyLogonStatus.Patched, new string[0])] // a rollup changes the build number: no revision needed
    [InlineData("14.3.509", ProxyLogonStatus.Vulnerable, new[] { "CVE-2021-26857" })]
    [InlineData("14.03.0513.000", ProxyLogonStatus.Patched, new string[0])]
    public void Exchange_2010_is_affected_by_CVE_2021_26857_only_and_RU32_fixes_it(string build, ProxyLogonStatus expected, string[] missing)
    {
        var audit = Audit(build);
        Assert.Equal(expected, audit.ProxyLogonStatus);
        Assert.Equal(missing, audit.MissingCves);
        Assert.Equal("Exchange2010", audit.Product);
        Assert.DoesNotContain("CVE-2021-26855", audit.OpenCves);
        Assert.Contains("CVE-2021-26857 only", audit.Reason, StringComparison.Ordinal);
        if (expected == ProxyLogonStatus.Vulnerable)
        {
            Assert.Equal(new Version(14, 3, 513, 0), audit.RecommendedBuild);
            Assert.Contains("KB5000978", audit.RecommendedKb, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Exchange_2010_AdminDisplayVersion_cannot_show_the_rollup()
    {
        var audit = Audit("Version 14.3 (Build 123.4)");
        Assert.Equal(ProxyLogonStatus.Indeterminate, audit.ProxyLogonStatus);
        Assert.Equal(new[] { "CVE-2021-26857" }, audit.UnverifiedCves);
        Assert.Equal("KB5000978", audit.RecommendedKb);
    }

    [Fact]
    public void Older_CU_March_2021_updates_fix_only_the_four_ProxyLogon_CVEs()
    {
        var olderCu = Audit("15.1.2044.13"); // 2016 CU17: then unsupported
        Assert.Equal(ProxyLogonStatus.Patched, olderCu.ProxyLogonStatus);
        Assert.Contains("CVE-2021-26412", olderCu.OpenCves);
        Assert.Contains("CVE-2021-27078", olderCu.OpenCves);
        Assert.Contains("CVE-2021-26854", olderCu.OpenCves);
        // The CU's earlier updates (Sep20SU .. Nov20SU) are not part of it: the build cannot prove them.
        Assert.Contains("CVE-2020-16875", olderCu.UnverifiedCves);
        Assert.Contains("only the ProxyLogon CVEs", olderCu.Reason, StringComparison.Ordinal);
        // HealthChecker's list for 2016 CU17: KB4577352, KB4581424, KB4588741, KB4593465.
        foreach (string kb in new[] { "KB4577352", "KB4581424", "KB4588741", "KB4593465" })
        {
            Assert.Contains(kb, olderCu.Reason, StringComparison.Ordinal);
        }

        var supportedCu = Audit("15.1.2176.9"); // 2016 CU19: then supported, full March update
        Assert.DoesNotContain("CVE-2021-26412", supportedCu.OpenCves);
        Assert.DoesNotContain("CVE-2021-27078", supportedCu.OpenCves);
        Assert.DoesNotContain("CVE-2021-26854", supportedCu.OpenCves);
        Assert.Empty(supportedCu.UnverifiedCves);
        Assert.Contains("CVE-2021-28480", supportedCu.OpenCves); // April 2021, still open at the March build
    }

    [Theory]
    [InlineData("15.1.2507.73", "Exchange2016")]
    [InlineData("15.2.1748.50", "Exchange2019")]
    [InlineData("15.2.2562.47", "ExchangeSE")]
    [InlineData("15.2.2600.1", "ExchangeSE")]
    [InlineData("15.3.100.1", "")]
    [InlineData("16.0.1.1", "")]
    [InlineData("Version 15.2 (Build 2700.1)", "ExchangeSE")]
    public void Builds_newer_than_the_catalog_are_unknown_never_guessed(string build, string product)
    {
        var audit = Audit(build);
        Assert.Equal(ProxyLogonStatus.Unknown, audit.ProxyLogonStatus);
        Assert.True(audit.NewerThanCatalog);
        Assert.False(audit.IsProxyLogonPatched);
        Assert.Equal(product, audit.Product);
        Assert.Contains("update the catalog", audit.Reason, StringComparison.Ordinal);
        Assert.Null(audit.RecommendedUpdate);
    }

    [Theory]
    [InlineData("15.1.2200.1")]
    [InlineData("15.2.900.1")]
    public void Unknown_CU_builds_inside_a_product_are_unknown(string build)
    {
        var audit = Audit(build);
        Assert.Equal(ProxyLogonStatus.Unknown, audit.ProxyLogonStatus);
        Assert.False(audit.NewerThanCatalog);
        Assert.Contains("not guessed", audit.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8.3.485.1", "Exchange2007")]
    [InlineData("6.5.7638.1", "Exchange2003")]
    public void Products_never_affected_are_not_applicable(string build, string product)
    {
        var audit = Audit(build);
        Assert.Equal(ProxyLogonStatus.NotApplicable, audit.ProxyLogonStatus);
        Assert.True(audit.IsProxyLogonPatched);
        Assert.Equal(product, audit.Product);
        Assert.Equal(SupportState.ProductEndOfSupport, audit.SupportState);
    }

    [Theory]
    [InlineData("1.2.3.4")]
    [InlineData("10.0.17763.1")]
    public void Versions_of_no_Exchange_product_are_unknown(string build)
    {
        var audit = Audit(build);
        Assert.Equal(ProxyLogonStatus.Unknown, audit.ProxyLogonStatus);
        Assert.False(audit.NewerThanCatalog);
        Assert.Equal(string.Empty, audit.Product);
    }

    [Fact]
    public void Support_state_follows_the_audit_date()
    {
        var inSupport = new BuildAuditor(BuildCatalog.Embedded, new DateTime(2021, 3, 10, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(SupportState.Supported, inSupport.Audit(Observe("15.1.2176.9")).SupportState);
        Assert.Equal(SupportState.Supported, inSupport.Audit(Observe("15.1.2106.13")).SupportState);
        Assert.Equal(SupportState.CumulativeUpdateUnsupported, inSupport.Audit(Observe("15.1.2044.13")).SupportState);
        Assert.Equal(SupportState.ProductEndOfSupport, inSupport.Audit(Observe("14.3.513.0")).SupportState);

        Assert.Equal(SupportState.ProductEndOfSupport, Audit("15.1.2176.9").SupportState);
        Assert.Equal(SupportState.Supported, Audit("15.2.2562.46").SupportState);
        Assert.Equal(new DateTime(2025, 10, 14, 0, 0, 0, DateTimeKind.Utc), Audit("15.2.1748.10").EndOfSupport);
    }

    [Fact]
    public void Results_name_the_CU_and_update_and_carry_the_input()
    {
        var audit = Audit("15.01.2176.009", "ex01.contoso.com");
        Assert.Equal("ex01.contoso.com", audit.ComputerName);
        Assert.Equal("15.01.2176.009", audit.Input);
        Assert.Equal(new Version(15, 1, 2176, 9), audit.Version);
        Assert.Equal("Exchange2016", audit.Product);
        Assert.Equal("Exchange Server 2016", audit.ProductName);
        Assert.Equal("CU19", audit.CumulativeUpdate);
        Assert.Equal("Mar21SU", audit.SecurityUpdate);
        Assert.Equal("Exchange 2016 CU19 Mar21SU", audit.BuildName);
        Assert.Equal(new DateTime(2021, 3, 2, 0, 0, 0, DateTimeKind.Utc), audit.ReleaseDate);
        Assert.Equal(TimeSpan.Zero, audit.ReleaseDate!.Value.Offset);
        Assert.Equal(BuildCatalog.Embedded.Version, audit.CatalogVersion);
        Assert.Equal(string.Join(", ", audit.OpenCves), audit.OpenCves.ToString());
    }

    [Fact]
    public void Builds_sharing_a_verdict_keep_their_own_input_name_and_catalog_match()
    {
        var auditor = new BuildAuditor(BuildCatalog.Embedded, AsOf);
        var between = auditor.Audit(Observe("15.1.2176.10", "EX11"));
        var exact = auditor.Audit(Observe("15.01.2176.009", "EX12"));
        var again = auditor.Audit(Observe("15.1.2176.10", "EX13"));

        Assert.False(between.IsCatalogBuild);
        Assert.True(exact.IsCatalogBuild);
        Assert.Equal(("EX11", "15.1.2176.10", new Version(15, 1, 2176, 10)), (between.ComputerName, between.Input, between.Version));
        Assert.Equal(("EX12", "15.01.2176.009", new Version(15, 1, 2176, 9)), (exact.ComputerName, exact.Input, exact.Version));
        Assert.Equal("EX13", again.ComputerName);
        Assert.Equal(between.Reason, exact.Reason);
        Assert.Equal(between.OpenCves, exact.OpenCves);
        Assert.Equal(ProxyLogonStatus.Patched, again.ProxyLogonStatus);
    }

    [Fact]
    public void A_newer_catalog_file_judges_a_build_the_shipped_one_does_not_know()
    {
        string json = BuildCatalogValidationTests.EmbeddedJson();
        string newEntry = "    {\"name\": \"Exchange SE RTM Sep26SU\", \"product\": \"ExchangeSE\", \"kind\": \"SecurityUpdate\", \"cumulativeUpdate\": \"RTM\", \"update\": \"Sep26SU\", \"build\": \"15.2.2562.50\", \"releaseDate\": \"2026-09-08\", \"kb\": \"KB5130000\", \"cves\": [\"CVE-2026-70001\"], \"sources\": [\"ms_csv\"]},\n";
        int at = json.IndexOf("    {\"name\": \"Exchange 2010 SP3\"", StringComparison.Ordinal);
        var newer = BuildCatalog.Parse(json.Insert(at, newEntry), "newer.json");

        Assert.Equal(ProxyLogonStatus.Unknown, Audit("15.2.2562.50").ProxyLogonStatus);
        var audit = new BuildAuditor(newer, AsOf).Audit(Observe("15.2.2562.50"));
        Assert.Equal(ProxyLogonStatus.Patched, audit.ProxyLogonStatus);
        Assert.Equal("Sep26SU", audit.SecurityUpdate);
    }

    [Fact]
    public void Every_catalog_build_gets_a_verdict_and_a_reason()
    {
        foreach (var entry in BuildCatalog.Embedded.Entries)
        {
            var audit = Audit(entry.Build.ToString());
            Assert.NotEqual(ProxyLogonStatus.Unknown, audit.ProxyLogonStatus);
            Assert.NotEqual(ProxyLogonStatus.Indeterminate, audit.ProxyLogonStatus);
            Assert.False(string.IsNullOrWhiteSpace(audit.Reason));
            Assert.Equal(entry.Product, audit.Product);
            Assert.Equal(entry.CumulativeUpdate, audit.CumulativeUpdate);
            Assert.Equal(audit.ProxyLogonStatus == ProxyLogonStatus.Patched, audit.MissingCves.Count == 0);
            Assert.Equal(audit.ProxyLogonStatus != ProxyLogonStatus.Patched, audit.RecommendedBuild is not null);
        }
    }

    internal static BuildObservation Observe(string text, string? computerName = null)
    {
        var reading = new BuildInputReader().ReadText(text, BuildVersionSource.Text, computerName);
        Assert.True(reading.Observation is not null, reading.Reason);
        return reading.Observation!;
    }
}
