using System;
using System.IO;
using System.Linq;
using System.Text;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests.Hostile;

/// <summary>
/// Evidence trees built to make the file scan lose a shell or hang, run through the built module as a user would:
/// names with [ ] from the pipeline, folders piped to the audit, links out of the tree, and a page built to make the
/// analysis slow, which Ctrl+C must still stop at once.
/// </summary>
public sealed class HostileEvidenceFileTests : IDisposable
{
    private const string Chopper = "<%@ Page Language=\"JScript\" %><% eval(Request.Item[\"z\"], \"unsafe\"); %>";
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "ht-hostile-files-" + Guid.NewGuid().ToString("N"));

    public HostileEvidenceFileTests() => Directory.CreateDirectory(_temp);

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
    public void Files_named_with_brackets_from_Get_ChildItem_are_read_as_the_files_they_are()
    {
        string folder = Path.Combine(_temp, "inetpub", "wwwroot", "aspnet_client");
        Directory.CreateDirectory(folder);
        string shell = Path.Combine(folder, "shell[1].aspx");
        string harmless = Path.Combine(folder, "shell1.aspx");
        File.WriteAllText(shell, Chopper);
        File.WriteAllText(harmless, "<html></html>");
        using var ps = new PowerShellSession();
        ps.SetVariable("root", _temp);

        var r = ps.Run("Get-ChildItem -LiteralPath $root -Recurse -File | Find-HafniumWebShell");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.Contains(r.Output, f => f.Text("Path") == shell && f.Text("RuleId") == "HT-WS-001");
        var keys = r.Output.Select(f => f.Text("Path") + "|" + f.Text("RuleId")).ToList();
        Assert.Equal(keys.Distinct(StringComparer.Ordinal).Count(), keys.Count);
        Assert.DoesNotContain(r.Output, f => f.Text("Path") == harmless && f.Text("Verdict") == "Compromise");
    }

    [Fact]
    public void Folders_piped_to_the_audit_are_audited_as_literal_triage_folders_not_as_sessions()
    {
        string bracketed = Path.Combine(_temp, "EX01 [case 2]", "inetpub", "wwwroot", "aspnet_client");
        string plain = Path.Combine(_temp, "EX02", "inetpub", "wwwroot", "aspnet_client");
        Directory.CreateDirectory(bracketed);
        Directory.CreateDirectory(plain);
        File.WriteAllText(Path.Combine(bracketed, "a.aspx"), Chopper);
        File.WriteAllText(Path.Combine(plain, "readme.txt"), "nothing");
        using var ps = new PowerShellSession();
        ps.SetVariable("root", _temp);

        var r = ps.Run("Get-ChildItem -LiteralPath $root -Directory | Invoke-HafniumAudit -Build 15.1.2176.9");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.Equal(2, r.Output.Count);
        Assert.DoesNotContain(r.Output, a => a.Text("Summary").Contains("session", StringComparison.OrdinalIgnoreCase));
        Assert.Single(r.Output, a => a.Text("Status") == "Compromised");
    }

    [Fact]
    public void A_link_to_a_shell_outside_the_tree_is_named_in_a_warning_and_never_read()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // creating a symbolic link needs a privilege there
        }

        string outside = Path.Combine(_temp, "outside");
        string folder = Path.Combine(_temp, "tree", "inetpub", "wwwroot", "aspnet_client");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(outside, "evil.aspx"), Chopper);
        string link = Path.Combine(folder, "link.aspx");
        File.CreateSymbolicLink(link, Path.Combine(outside, "evil.aspx"));
        using var ps = new PowerShellSession();
        ps.SetVariable("tree", Path.Combine(_temp, "tree"));

        var r = ps.Run("Find-HafniumWebShell -LiteralPath $tree -CoverageVariable cov");

        Assert.DoesNotContain(r.Output, f => f.Text("RuleId") == "HT-WS-001");
        Assert.Contains(r.Warnings, w => w.Message.Contains(link, StringComparison.Ordinal) && w.Message.Contains("symbolic link", StringComparison.Ordinal));
        Assert.Contains(r.Output, f => f.Text("Path") == link && f.Text("RuleId") == "HT-WS-030");
    }

    [Fact]
    public void Ctrl_C_stops_the_analysis_of_a_page_built_to_be_slow_within_a_second()
    {
        string folder = Path.Combine(_temp, "inetpub", "wwwroot", "aspnet_client");
        Directory.CreateDirectory(folder);
        var page = new StringBuilder("<%@ Page Language=\"JScript\" %>\n<script runat=\"server\">\nvar q = Request.Item[\"q\"];\n");
        page.Insert(page.Length, "eval(", 1_000_000);
        File.WriteAllText(Path.Combine(folder, "slow.aspx"), page.Append("\n</script>\n").ToString());
        using var ps = new PowerShellSession();
        ps.SetVariable("root", _temp);

        var (result, stopTook) = ps.RunAndStop("Find-HafniumWebShell -LiteralPath $root", TimeSpan.FromSeconds(2));

        // Stopped in the middle of the analysis: it did not run on to its time limit.
        Assert.True(stopTook < TimeSpan.FromSeconds(1.5), "stopping took " + stopTook);
        Assert.DoesNotContain(result.Warnings, w => w.Message.Contains("not fully analysed", StringComparison.Ordinal));
    }
}
