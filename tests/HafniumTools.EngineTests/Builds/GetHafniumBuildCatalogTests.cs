using System;
using System.Linq;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests.Builds;

public class GetHafniumBuildCatalogTests
{
    [Fact]
    public void Lists_the_updates_that_fix_a_CVE()
    {
        var r = PowerShellSession.Invoke("Get-HafniumBuildCatalog -Cve CVE-2021-26855");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var names = r.Output.Select(o => o.Properties["Name"].Value.ToString()).ToList();
        Assert.Contains("Exchange 2016 CU19 Mar21SU", names);
        Assert.Contains("Exchange 2013 SP1 Mar21SU", names);
        Assert.Contains("Exchange 2016 CU20", names);
        Assert.DoesNotContain("Exchange 2010 SP3 RU32", names); // 2010 was affected by CVE-2021-26857 only
        Assert.Equal(27, names.Count); // 25 March 2021 updates and the first two CUs that include the fix
    }

    [Fact]
    public void Filters_combine_and_products_resolve_from_short_names()
    {
        var r = PowerShellSession.Invoke("Get-HafniumBuildCatalog -Product 2016 -Build 15.1.2176 -Name '*SU'");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.All(r.Output, o => Assert.StartsWith("Exchange 2016 CU19 ", o.Properties["Name"].Value.ToString(), StringComparison.Ordinal));
        Assert.Contains(r.Output, o => o.Properties["Kb"].Value?.ToString() == "KB5000871");

        var exact = PowerShellSession.Invoke("Get-HafniumBuildCatalog -Build 15.01.2176.009");
        Assert.Equal("Exchange 2016 CU19 Mar21SU", exact.Output.Single().Properties["Name"].Value);
    }

    [Fact]
    public void The_table_view_shows_name_build_date_and_kb()
    {
        var r = PowerShellSession.Invoke("Get-HafniumBuildCatalog -Name 'Exchange 2010 SP3 RU32'");

        Assert.Contains("14.3.513.0", r.Rendered, StringComparison.Ordinal);
        Assert.Contains("2021-03-02", r.Rendered, StringComparison.Ordinal);
        Assert.Contains("KB5000978", r.Rendered, StringComparison.Ordinal);
    }
}
