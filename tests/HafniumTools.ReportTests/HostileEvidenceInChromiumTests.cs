using System;
using System.Linq;
using System.Threading.Tasks;
using HafniumTools.ReportTests.Chromium;
using Xunit;

namespace HafniumTools.ReportTests;

/// <summary>
/// Evidence is written by attackers: user agents, URLs, anchors, file names, log lines, even rule titles from a custom
/// catalog. In the report every one of them must stay text. Each payload, if it ever became markup, would add an
/// element, run script that sets a global or the title, or open a dialog; the last test shows these detectors fire on
/// a page that writes the same payloads as markup.
/// </summary>
public sealed class HostileEvidenceInChromiumTests : IDisposable
{
    private const string Title = "Hostile evidence";

    private static readonly string[] Payloads =
    [
        "<script>alert(1);window.__pwned='script';document.title='PWNED'</script>",
        "<img src=x onerror=\"alert(1);window.__pwned='img'\">",
        "\"><svg onload=\"alert(1);window.__pwned='svg'\">",
        "javascript:alert(1);window.__pwned='url'",
        "'><iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe>",
        "</script><script>window.__pwned='close'</script><!--",
        "<a href=\"javascript:alert(1)\" onmouseover=\"window.__pwned='a'\" style=\"position:fixed;inset:0\">x</a>",
        "\u001b[31mRED\u001b[0m\u0007 \u202Egnp.exe \u2028 \u0000end",
    ];

    /// <summary>What a reader sees for the last payload: every control and direction character made visible.</summary>
    private const string VisibleControls = "\u241b[31mRED\u241b[0m\u2407 \u27e8U+202E\u27e9gnp.exe \u27e8U+2028\u27e9 \u2400end";

    private static readonly string LongText = "Mozilla/5.0 " + string.Concat(Enumerable.Range(0, 400).Select(i => "segment" + i + " ")) + "<b>end</b>";

    private readonly ReportFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Hostile_strings_stay_text_no_element_is_injected_no_script_runs_no_dialog_opens()
    {
        await using var page = await ReportPage.OpenAsync(HostileReport());

        Assert.Equal(Detection.Clean, await Detection.InspectAsync(page, Title));
        Assert.Empty(page.Requests.Skip(1));
        Assert.Empty(page.LogEntries);
    }

    [Fact]
    public async Task Each_hostile_string_is_shown_as_it_was_written_in_every_place_it_appears()
    {
        await using var page = await ReportPage.OpenAsync(HostileReport());
        string text = await page.TextAsync("document.body.textContent");

        foreach (string payload in Payloads.Take(Payloads.Length - 1))
        {
            // Title, user agent, URL, anchor, operation, detail, raw text and path of its finding; gaps, errors,
            // actions and planted files of the server; the origin once.
            Assert.True(Occurrences(text, payload) >= 12, $"'{payload}' appears {Occurrences(text, payload)} times as text");
        }

        Assert.True(Occurrences(text, VisibleControls) >= 12, "control characters are not shown as symbols");
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u202e', text);
        Assert.DoesNotContain('\u0000', text);
    }

    [Fact]
    public async Task A_long_value_is_cut_in_the_table_with_the_whole_of_it_a_click_away()
    {
        await using var page = await ReportPage.OpenAsync(HostileReport());
        string url = "/owa/" + LongText;
        string more = "[...document.querySelectorAll('#server-0-findings td.evidence > span > details.more')].find(d => d.querySelector('.full').textContent === " + System.Text.Json.JsonSerializer.Serialize(url) + ")";

        Assert.Equal(url, await page.TextAsync(more + ".querySelector('.full').textContent"));
        Assert.Equal(url[..160] + "\u2026 (all " + url.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " characters)", await page.TextAsync(more + ".querySelector('summary').textContent"));
        Assert.False((await page.EvaluateAsync(more + ".open")).GetBoolean());
        await page.EvaluateAsync(more + ".setAttribute('id', 'long-value')");
        await page.ClickAsync("#long-value summary");
        Assert.True((await page.EvaluateAsync(more + ".open")).GetBoolean());
    }

    [Fact]
    public async Task The_detectors_catch_these_payloads_when_a_page_writes_them_as_markup()
    {
        string vulnerable = "<!DOCTYPE html><html><head><title>" + Title + "</title></head><body><table><tr>"
            + string.Concat(Payloads.Select(p => "<td title=\"" + p + "\">" + p + "</td>")) + "</tr></table><script>void 0</script></body></html>";
        await using var page = await ReportPage.OpenAsync(_files.WriteRaw("vulnerable.html", vulnerable));

        var found = await Detection.InspectAsync(page, Title);

        Assert.NotEqual(Detection.Clean, found);
        Assert.NotEmpty(found.InjectedElements);
        Assert.NotEmpty(found.HandlerAttributes);
        Assert.True(found.Dialogs > 0 || found.Pwned.Length > 0, "no injected script ran: " + found);
    }

    private string HostileReport() => _files.Write("hostile.html", [SampleFleet.Hostile(Payloads, LongText), SampleFleet.Clean()], Title);

    private static int Occurrences(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>What a page shows of an injection: elements the report never writes, handler attributes, script effects.</summary>
    private sealed record Detection(string InjectedElements, string HandlerAttributes, string JavaScriptLinks, string Pwned, string Title, int Dialogs)
    {
        public static readonly Detection Clean = new(string.Empty, string.Empty, string.Empty, string.Empty, HostileEvidenceInChromiumTests.Title, 0);

        public static async Task<Detection> InspectAsync(ReportPage page, string expectedTitle)
        {
            // Give handlers (onerror, onload) time to run before looking.
            await Task.Delay(300);
            return new Detection(
                await page.TextAsync("[...document.querySelectorAll('img,svg,iframe,object,embed,video,audio,form,base,link,frame,math')].map(e => e.tagName).join(',') + (document.scripts.length === 1 ? '' : ',scripts:' + document.scripts.length)"),
                await page.TextAsync("[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].filter(a => /^on/i.test(a.name) || /^style$/i.test(a.name)).map(a => e.tagName + '@' + a.name)).join(',')"),
                await page.TextAsync("[...document.querySelectorAll('[href]')].map(e => e.getAttribute('href')).filter(h => !h.startsWith('#')).join(',')"),
                await page.TextAsync("String(window.__pwned ?? '')"),
                await page.TextAsync("document.title") == expectedTitle ? expectedTitle : "changed to " + await page.TextAsync("document.title"),
                page.Dialogs.Count);
        }
    }
}
