using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace HafniumTools.ReportTests.Chromium;

/// <summary>
/// A report opened in headless Chromium the way a reader opens it (a file:// page), with what a test needs: the DOM
/// through script, real mouse clicks, key presses and typing, a screenshot, and what the page did on its own (requests,
/// dialogs, console and CSP messages, script errors).
/// </summary>
public sealed class ReportPage : IAsyncDisposable
{
    private readonly HeadlessChromium _browser;

    private ReportPage(HeadlessChromium browser, Uri url)
    {
        _browser = browser;
        Url = url;
    }

    public Uri Url { get; }

    private DevToolsSession Page => _browser.Page;

    /// <summary>Opens <paramref name="htmlFile"/> in a fresh browser and waits until it has loaded.</summary>
    public static async Task<ReportPage> OpenAsync(string htmlFile, int width = 1280, int height = 900)
    {
        var browser = await HeadlessChromium.StartAsync(width, height);
        var page = new ReportPage(browser, new Uri(Path.GetFullPath(htmlFile)));
        try
        {
            foreach (string domain in new[] { "Page", "Runtime", "Network", "Log" })
            {
                await browser.Page.SendAsync(domain + ".enable");
            }

            await browser.Page.SendAsync("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile = false });

            await browser.Page.SendAsync("Page.navigate", new { url = page.Url.AbsoluteUri });
            await browser.Page.WaitForEventAsync("Page.loadEventFired", TimeSpan.FromSeconds(30));
            return page;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every URL the page requested, the report itself included.</summary>
    public IReadOnlyList<string> Requests => EventTexts("Network.requestWillBeSent", e => e.GetProperty("request").GetProperty("url").GetString());

    /// <summary>The messages of every JavaScript dialog the page opened (each was dismissed).</summary>
    public IReadOnlyList<string> Dialogs => EventTexts("Page.javascriptDialogOpening", e => e.GetProperty("message").GetString());

    /// <summary>Script errors the page threw.</summary>
    public IReadOnlyList<string> ScriptErrors => EventTexts("Runtime.exceptionThrown", e => e.GetProperty("exceptionDetails").GetRawText());

    /// <summary>Browser log entries: Content-Security-Policy violations, blocked loads, console errors.</summary>
    public IReadOnlyList<string> LogEntries => EventTexts("Log.entryAdded", e => e.GetProperty("entry").GetProperty("text").GetString())
        .Concat(EventTexts("Runtime.consoleAPICalled", e => e.GetRawText()))
        .ToList();

    /// <summary>Runs <paramref name="expression"/> in the page and returns its value (JSON-serialisable results only).</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await Page.SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (result.TryGetProperty("exceptionDetails", out var error))
        {
            throw new InvalidOperationException("Script failed in the page: " + error.GetRawText());
        }

        return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    public async Task<string> TextAsync(string expression) => (await EvaluateAsync(expression)).GetString() ?? string.Empty;

    public async Task<string[]> TextsAsync(string expression) =>
        (await EvaluateAsync(expression)).EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray();

    /// <summary>A real left click in the middle of the element <paramref name="selector"/> finds (scrolled into view first).</summary>
    public async Task ClickAsync(string selector)
    {
        var box = await EvaluateAsync(
            "(() => { const e = document.querySelector(" + JsonSerializer.Serialize(selector) + "); e.scrollIntoView({block: 'center'}); " +
            "const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()");
        double x = box[0].GetDouble();
        double y = box[1].GetDouble();
        await Page.SendAsync("Input.dispatchMouseEvent", new { type = "mouseMoved", x, y });
        await Page.SendAsync("Input.dispatchMouseEvent", new { type = "mousePressed", x, y, button = "left", clickCount = 1 });
        await Page.SendAsync("Input.dispatchMouseEvent", new { type = "mouseReleased", x, y, button = "left", clickCount = 1 });
    }

    /// <summary>Presses Tab until the element <paramref name="selector"/> finds has the focus, as a keyboard user would.</summary>
    public async Task TabToAsync(string selector, int maxPresses = 400)
    {
        string isFocused = "document.activeElement === document.querySelector(" + JsonSerializer.Serialize(selector) + ")";
        for (int i = 0; i < maxPresses; i++)
        {
            if ((await EvaluateAsync(isFocused)).GetBoolean())
            {
                return;
            }

            await PressAsync("Tab", "Tab", 9);
        }

        throw new InvalidOperationException(selector + " never received the focus from the keyboard.");
    }

    /// <summary>A key press (down and up) sent to the focused element.</summary>
    public async Task PressAsync(string key, string code, int keyCode)
    {
        string? text = key == "Enter" ? "\r" : key.Length == 1 ? key : null;
        await Page.SendAsync("Input.dispatchKeyEvent", new { type = "keyDown", key, code, windowsVirtualKeyCode = keyCode, text });
        await Page.SendAsync("Input.dispatchKeyEvent", new { type = "keyUp", key, code, windowsVirtualKeyCode = keyCode });
    }

    /// <summary>Types <paramref name="text"/> into the focused element, as a keyboard's input would.</summary>
    public Task TypeAsync(string text) => Page.SendAsync("Input.insertText", new { text });

    /// <summary>Renders the page with its print style sheet, as printing does.</summary>
    public Task EmulatePrintAsync() => Page.SendAsync("Emulation.setEmulatedMedia", new { media = "print" });

    /// <summary>Saves a PNG of the page: the whole page, or the viewport only.</summary>
    public async Task ScreenshotAsync(string pngFile, bool fullPage)
    {
        var shot = await Page.SendAsync("Page.captureScreenshot", new { format = "png", captureBeyondViewport = fullPage });
        await File.WriteAllBytesAsync(pngFile, Convert.FromBase64String(shot.GetProperty("data").GetString()!));
    }

    public ValueTask DisposeAsync() => _browser.DisposeAsync();

    private List<string> EventTexts(string method, Func<JsonElement, string?> text) =>
        _browser.Page.Events.Where(e => e.Method == method).Select(e => text(e.Parameters) ?? string.Empty).ToList();
}
