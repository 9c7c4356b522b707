using System;
using System.Linq;
using System.Threading.Tasks;
using HafniumTools.ReportTests.Chromium;
using Xunit;

namespace HafniumTools.ReportTests;

/// <summary>The sample fleet's report in headless Chromium, as a reader uses it: offline, sorted, filtered, printed.</summary>
public sealed class ReportInChromiumTests : IDisposable
{
    private const string FleetRows = "[...document.querySelectorAll('#fleet-table tbody tr')]";
    private const string CompromisedFindings = "#server-0-findings";

    private readonly ReportFiles _files = new();
    private readonly string _report;

    public ReportInChromiumTests()
    {
        _report = _files.Write("fleet.html", SampleFleet.Audits(), "Contoso Exchange fleet");
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task The_report_loads_offline_requesting_nothing_but_itself_and_its_script_runs_under_the_policy()
    {
        await using var page = await ReportPage.OpenAsync(_report);

        Assert.Equal([page.Url.AbsoluteUri], page.Requests);
        Assert.StartsWith("default-src 'none'", await page.TextAsync("document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content"), StringComparison.Ordinal);
        Assert.Empty(await page.TextsAsync("[...document.querySelectorAll('[src],[srcset],[action],[formaction],[poster],[data],[background],[ping],link,base')].map(e => e.outerHTML.slice(0, 80))"));
        Assert.Empty(await page.TextsAsync("[...document.querySelectorAll('[href]')].map(e => e.getAttribute('href')).filter(h => !/^#[a-z0-9-]+$/.test(h))"));
        Assert.Empty(page.LogEntries);
        Assert.Empty(page.ScriptErrors);

        // The inline script ran (its hash is in the policy): it reveals the filter bars and counts the findings.
        Assert.Equal("7 of 7 findings shown", await page.TextAsync($"document.querySelector('[data-filter-for=\"{CompromisedFindings[1..]}\"] output').textContent"));
    }

    [Fact]
    public async Task The_fleet_overview_shows_every_server_with_status_and_patch_state_worst_first()
    {
        await using var page = await ReportPage.OpenAsync(_report);

        Assert.Equal("Contoso Exchange fleet", await page.TextAsync("document.title"));
        Assert.Equal(
            [
                "EXCH01.contoso.com|Compromised|Vulnerable",
                "EXCH05.contoso.com|Exploited|Vulnerable",
                "EXCH04.contoso.com|Attempted|Patched",
                "EXCH03.contoso.com|Probed|Patched",
                "EXCH07.contoso.com|Unknown|Unknown",
                "EXCH06|Unknown|Patched",
                "EXCH02.contoso.com|Clean|Patched",
            ],
            await page.TextsAsync(FleetRows + ".map(r => [r.cells[0], r.cells[1], r.cells[2]].map(c => c.textContent.trim()).join('|'))"));
        Assert.Equal(
            ["1 Compromised", "1 Exploited", "1 Attempted", "1 Probed", "2 Unknown", "1 Clean"],
            await page.TextsAsync("[...document.querySelectorAll('.status-counts li')].map(li => li.querySelector('.n').textContent + ' ' + li.lastChild.textContent)"));
        Assert.Equal(
            ["EXCH01.contoso.com Compromised Patch: Vulnerable", "EXCH02.contoso.com Clean Patch: Patched"],
            (await page.TextsAsync("[...document.querySelectorAll('section.server .server-header')].map(h => [...h.children].map(c => c.textContent).join(' '))")).Where(h => h.Contains("EXCH01") || h.Contains("EXCH02")));
        Assert.StartsWith("Compromised: ", await page.TextAsync("document.querySelector('#server-0 .summary').textContent"), StringComparison.Ordinal);
        Assert.Contains("Rebuild the server from known-good media", await page.TextAsync("document.querySelector('#server-0 ol.actions').textContent"), StringComparison.Ordinal);
        Assert.Contains("could not be audited", await page.TextAsync("document.querySelector('#server-4 .summary').textContent"), StringComparison.Ordinal);

        // Each server card has its verdict per campaign: EXCH01 compromised through ProxyLogon, clean for the later
        // campaigns, whose CVEs its build (2016 CU18) still lacks; the unreachable server is unknown for every campaign.
        string campaignRows = "[...document.querySelectorAll('#{0}-campaigns tbody tr')].map(r => [...r.cells].slice(0, 4).map(c => c.textContent.trim()).join('|'))";
        Assert.Equal(
            [
                "ProxyLogon|Compromised|Vulnerable|CVE-2021-26855, CVE-2021-26857, CVE-2021-26858, CVE-2021-27065",
                "ProxyShell|Clean|Vulnerable|CVE-2021-34473, CVE-2021-34523, CVE-2021-31207",
                "ProxyNotShell|Clean|Vulnerable|CVE-2022-41040, CVE-2022-41082",
                "OWASSRF|Clean|Vulnerable|CVE-2022-41080, CVE-2022-41082",
            ],
            await page.TextsAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, campaignRows, "server-0")));
        Assert.All(await page.TextsAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, campaignRows, "server-4")), row => Assert.EndsWith("|Unknown|Unknown|unknown", row, StringComparison.Ordinal));
        Assert.Equal("By campaign", await page.TextAsync("document.querySelector('#server-0-campaigns').closest('.table-wrap').previousElementSibling.textContent"));
    }

    [Fact]
    public async Task Clicking_a_header_sorts_the_findings_by_that_column_and_clicking_again_reverses_it()
    {
        await using var page = await ReportPage.OpenAsync(_report);
        string severities = $"[...document.querySelectorAll('{CompromisedFindings} tbody tr')].map(r => r.cells[1].textContent)";
        string severityHeader = $"{CompromisedFindings} thead th:nth-child(2)";
        var before = await page.TextsAsync(severities);

        await page.ClickAsync(severityHeader + " button");
        var ascending = await page.TextsAsync(severities);
        string ascendingSort = await page.TextAsync($"document.querySelector('{severityHeader}').getAttribute('aria-sort')");
        await page.ClickAsync(severityHeader + " button");
        var descending = await page.TextsAsync(severities);

        Assert.NotEqual(before, ascending);
        Assert.Equal("ascending", ascendingSort);
        Assert.Equal(ascending.OrderBy(Rank), ascending);
        Assert.Equal(ascending.Reverse(), descending);
        Assert.Equal(["Critical", "Critical", "Critical", "Critical", "High", "High", "Medium"], descending);
        Assert.Equal("descending", await page.TextAsync($"document.querySelector('{severityHeader}').getAttribute('aria-sort')"));
        Assert.Equal(1, (await page.EvaluateAsync($"document.querySelectorAll('{CompromisedFindings} th[aria-sort]').length")).GetInt32());
    }

    [Fact]
    public async Task Sorting_works_from_the_keyboard_alone()
    {
        await using var page = await ReportPage.OpenAsync(_report);
        string names = FleetRows + ".map(r => r.cells[0].textContent)";

        await page.TabToAsync("#fleet-table thead th:nth-child(1) button");
        await page.PressAsync("Enter", "Enter", 13);

        var sorted = await page.TextsAsync(names);
        Assert.Equal(sorted.OrderBy(n => n, StringComparer.OrdinalIgnoreCase), sorted);
        Assert.Equal("EXCH01.contoso.com", sorted[0]);
        Assert.Equal("EXCH07.contoso.com", sorted[^1]);
        Assert.Equal("ascending", await page.TextAsync("document.querySelector('#fleet-table thead th:nth-child(1)').getAttribute('aria-sort')"));
    }

    [Fact]
    public async Task Typing_in_the_search_box_and_choosing_a_severity_or_verdict_filter_the_findings()
    {
        await using var page = await ReportPage.OpenAsync(_report);
        string bar = $"[data-filter-for=\"{CompromisedFindings[1..]}\"]";
        string shown = $"[...document.querySelectorAll('{CompromisedFindings} tbody tr')].filter(r => !r.hidden && getComputedStyle(r).display !== 'none').map(r => r.cells[4].textContent)";

        await page.ClickAsync(bar + " input");
        await page.TypeAsync("5.2.69.14");
        var byAddress = await page.TextsAsync(shown);
        string count = await page.TextAsync($"document.querySelector('{bar} output').textContent");

        await page.EvaluateAsync($"(() => {{ const i = document.querySelector('{bar} input'); i.value = ''; i.dispatchEvent(new Event('input')); }})()");
        await Choose(page, bar + " select[data-filter=\"verdict\"]", "Compromise");
        var compromise = await page.TextsAsync(shown);
        await Choose(page, bar + " select[data-filter=\"verdict\"]", string.Empty);
        await Choose(page, bar + " select[data-filter=\"severity\"]", "3");
        var highOrWorse = await page.TextsAsync(shown);

        Assert.Equal(["HT-HP-050"], byAddress.Select(RuleId));
        Assert.Equal("1 of 7 findings shown", count);
        Assert.Equal(["HT-WS-001", "HT-HP-050"], compromise.Select(RuleId).Order().Reverse());
        Assert.Equal(6, highOrWorse.Length);
        Assert.DoesNotContain("HT-WS-040", highOrWorse.Select(RuleId));
    }

    [Fact]
    public async Task Printed_every_server_starts_a_page_and_the_controls_are_left_out()
    {
        await using var page = await ReportPage.OpenAsync(_report);

        var screen = await page.TextsAsync("[getComputedStyle(document.querySelector('.filters')).display, getComputedStyle(document.querySelector('section.server')).breakBefore]");
        await page.EmulatePrintAsync();
        var print = await page.TextsAsync("[getComputedStyle(document.querySelector('.filters')).display, getComputedStyle(document.querySelector('section.server')).breakBefore]");

        Assert.Equal(["flex", "auto"], screen);
        Assert.Equal(["none", "page"], print);
    }

    private static Task Choose(ReportPage page, string select, string value) =>
        page.EvaluateAsync($"(() => {{ const s = document.querySelector('{select}'); s.value = '{value}'; s.dispatchEvent(new Event('change')); }})()");

    private static string RuleId(string cell) => cell.Split("CVE", 2)[0].Trim();

    private static int Rank(string severity) => Array.IndexOf(["Informational", "Low", "Medium", "High", "Critical"], severity);
}
