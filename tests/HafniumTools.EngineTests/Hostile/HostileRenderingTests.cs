using System;
using System.IO;
using System.Linq;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests.Hostile;

/// <summary>
/// Evidence that tries to steer the admin's terminal: control characters in file names, log fields and paths are shown
/// visibly in every view, error and warning, while the objects keep the raw value.
/// </summary>
public sealed class HostileRenderingTests : IDisposable
{
    private const string Esc = "\u001b";
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "ht-hostile-" + Guid.NewGuid().ToString("N"));

    public HostileRenderingTests() => Directory.CreateDirectory(_temp);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not a test failure.
        }
    }

    [Fact]
    public void A_shell_whose_name_erases_its_row_is_shown_with_the_escape_visible_in_table_list_and_text()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows file names cannot hold control characters.
        }

        string folder = Path.Combine(_temp, "inetpub", "wwwroot", "aspnet_client");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "a" + Esc + "[2K" + Esc + "]0;owned\u0007.aspx"), "<%@ Page Language=\"C#\" %><% System.Diagnostics.Process.Start(\"cmd.exe\", Request[\"c\"]); %>");
        using var ps = new PowerShellSession();
        ps.SetVariable("root", _temp);

        var r = ps.Run("$f = Find-HafniumWebShell -LiteralPath $root; ($f | Format-Table | Out-String -Width 400) + ($f | Format-List | Out-String -Width 400) + ($f | ForEach-Object { $_.ToString() }) + ($f | Out-String -Width 400)");
        var raw = ps.Run("(Find-HafniumWebShell -LiteralPath $root)[0].Path");

        Assert.True(r.Errors.Count == 0, r.ErrorSummary);
        string shown = string.Concat(r.Objects);
        Assert.Contains("a\u241b[2K", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(shown, c => c == '\u001b' || c == '\u0007');
        Assert.Contains(Esc, (string)Assert.Single(raw.Objects), StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_audit_over_a_hostile_shell_name_shows_the_escape_visibly_in_table_list_and_text()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows file names cannot hold control characters.
        }

        string folder = Path.Combine(_temp, "EX09", "inetpub", "wwwroot", "aspnet_client");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "b" + Esc + "[2K" + Esc + "]0;owned\u0007.aspx"), "<%@ Page Language=\"C#\" %><% System.Diagnostics.Process.Start(\"cmd.exe\", Request[\"c\"]); %>");
        using var ps = new PowerShellSession();
        ps.SetVariable("root", Path.Combine(_temp, "EX09"));

        var r = ps.Run("$a = Invoke-HafniumAudit -LiteralPath $root; ($a | Format-Table | Out-String -Width 400) + ($a | Format-List | Out-String -Width 400) + $a.ToString() + ($a.Timeline | ForEach-Object { $_.ToString() }) + ($a | Out-String -Width 400)");
        var raw = ps.Run("(Invoke-HafniumAudit -LiteralPath $root).PlantedFiles[0]");

        Assert.True(r.Errors.Count == 0, r.ErrorSummary);
        string shown = string.Concat(r.Objects);
        Assert.Contains("Compromised", shown, StringComparison.Ordinal);
        Assert.Contains("b\u241b[2K", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(shown, c => c == '\u001b' || c == '\u0007');
        Assert.Contains(Esc, (string)Assert.Single(raw.Objects), StringComparison.Ordinal); // the object keeps the raw name
    }

    [Fact]
    public void Errors_and_warnings_about_hostile_names_show_the_escape_visibly()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("missing", Path.Combine(_temp, "gone" + Esc + "[2J.log"));

        var r = ps.Run("Find-HafniumLogIndicator -LiteralPath $missing 2>&1 | Out-String -Width 400");

        string shown = string.Concat(r.Objects);
        Assert.Contains("gone\u241b[2J.log", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Esc, shown, StringComparison.Ordinal);
    }
}
