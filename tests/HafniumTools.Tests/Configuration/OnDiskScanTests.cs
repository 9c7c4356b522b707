using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using HafniumTools.Configuration;
using HafniumTools.Core;
using HafniumTools.Files;
using HafniumTools.Model;
using HafniumTools.Tests.Files;
using Xunit;

namespace HafniumTools.Tests.Configuration;

/// <summary>The on-disk scans of Find-HafniumOabAnomaly and Find-HafniumEcpAnomaly, through their one way in.</summary>
public sealed class OnDiskScanTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "ht-disk-" + Guid.NewGuid().ToString("N"));

    public OnDiskScanTests() => Directory.CreateDirectory(_temp);

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string Tree => ConfigurationDumpTests.Fixture("tree");

    private static RecordingSink Oab(string root, FileScanOptions? options = null, CancellationToken cancellationToken = default)
    {
        var sink = new RecordingSink();
        FileScan.OabDumps([new ScanRoot(root)], options ?? new FileScanOptions(), sink, cancellationToken);
        return sink;
    }

    private static RecordingSink Ecp(string root, string? computerName = null)
    {
        var sink = new RecordingSink();
        FileScan.EcpAuthFolder([new ScanRoot(root)], new FileScanOptions { ComputerName = computerName }, sink, CancellationToken.None);
        return sink;
    }

    [Fact]
    public void Oab_scan_of_a_web_tree_finds_every_dump_shell_and_nothing_benign_above_low()
    {
        var findings = Oab(Tree).Findings;

        var shells = findings.Where(f => f.Severity >= Severity.Medium).Select(f => Path.GetFileName(f.Path)).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(new[] { "ohyeah.aspx", "xgqjv.aspx", "zxvt0lpt.aspx" }, shells);
        Assert.All(findings.Where(f => f.Severity >= Severity.Medium), f =>
        {
            Assert.Equal(Verdict.Compromise, f.Verdict);
            Assert.Equal(Severity.Critical, f.Severity);
            Assert.Contains(Path.GetFileName(f.Path)!, f.Evidence, StringComparison.Ordinal);
        });
        var backup = Assert.Single(findings, f => f.Severity < Severity.Medium);
        Assert.Equal("HT-OAB-103", backup.RuleId);
        Assert.Equal("oab-settings-before-cu19.txt", Path.GetFileName(backup.Path));
    }

    [Fact]
    public void Ecp_scan_reports_only_unexpected_files_in_ecp_auth()
    {
        var findings = Ecp(Tree, "EX01").Findings;

        var byName = findings.ToLookup(f => Path.GetFileName(f.Path)!);
        Assert.Equal(new[] { "notes.txt", "xgqjv.aspx" }, byName.Select(g => g.Key).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal("HT-WS-022", Assert.Single(byName["notes.txt"]).RuleId);
        var page = byName["xgqjv.aspx"].ToList();
        Assert.Contains(page, f => f.RuleId == "HT-WS-022" && f.Severity == Severity.Low && f.ComputerName == "EX01");
        Assert.Contains(page, f => f.RuleId == "HT-OAB-101" && f.Verdict == Verdict.Compromise);
        Assert.All(findings, f => Assert.NotNull(f.FileModified));
    }

    [Fact]
    public void Ecp_auth_folder_of_a_partial_copy_is_recognised_from_the_scan_root()
    {
        string auth = Path.Combine(_temp, "EX01-triage", "ECP", "Auth");
        Directory.CreateDirectory(auth);
        File.WriteAllText(Path.Combine(auth, "timeoutlogout.aspx"), "<%@ Page language=\"c#\" %>");
        File.WriteAllText(Path.Combine(auth, "TimeoutLogoff.aspx"), "<%@ Page language=\"c#\" %>");

        var finding = Assert.Single(Ecp(auth).Findings);

        Assert.Equal("TimeoutLogoff.aspx", Path.GetFileName(finding.Path));
        Assert.Equal("HT-WS-021", finding.RuleId);
    }

    [Fact]
    public void Triage_copy_with_other_casing_is_recognised_and_only_the_exact_legitimate_page_passes()
    {
        var findings = Ecp(ConfigurationDumpTests.Fixture("triage-ex02")).Findings;

        Assert.Equal(
            new[] { "Auth/TimeoutLogoff.aspx HT-WS-021", "old/TimeoutLogout.aspx HT-WS-022" },
            findings.Select(f => string.Join("/", f.Path!.Split('/', '\\').TakeLast(2)) + " " + f.RuleId).OrderBy(p => p, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(@"D:\triage\EX01\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\ecp\auth\x.aspx", true, true)]
    [InlineData("/mnt/triage/ex01/v15/frontend/httpproxy/ECP/AUTH/x.aspx", true, true)]
    [InlineData(@"C:\V15\FrontEnd\HttpProxy\ecp\auth\sub\x.aspx", true, false)]
    [InlineData(@"C:\V15\FrontEnd\HttpProxy\ecp\auth", false, false)]
    [InlineData(@"C:\V15\FrontEnd\HttpProxy\owa\auth\x.aspx", false, false)]
    [InlineData(@"C:\inetpub\wwwroot\ecp\auth\x.aspx", false, false)]
    public void Ecp_auth_paths_from_any_os(string path, bool expected, bool direct)
    {
        Assert.Equal(expected, WebFolderLocation.IsInExchangeEcpAuth(path, null));
        Assert.Equal(direct, expected && WebFolderLocation.Classify(path).IsDirectlyInFolder);
    }

    [Fact]
    public void Legitimate_page_is_matched_by_exact_name_only()
    {
        static bool Legitimate(string path) => new WebShellScanner().Classify(path, "<html></html>").Count == 0;

        Assert.True(Legitimate(@"C:\x\HttpProxy\ecp\auth\TIMEOUTLOGOUT.ASPX"));
        Assert.False(Legitimate(@"C:\x\HttpProxy\ecp\auth\TimeoutLogoff.aspx"));
        Assert.False(Legitimate(@"C:\x\HttpProxy\ecp\auth\TimeoutLogout.aspx.bak"));
        Assert.False(Legitimate(@"C:\x\HttpProxy\ecp\auth\old\TimeoutLogout.aspx"));
    }

    [Fact]
    public void Scanning_changes_no_timestamp_and_reads_files_opened_for_writing()
    {
        string shell = Path.Combine(_temp, "shell.aspx");
        File.Copy(ConfigurationDumpTests.Fixture("dumps", "oab-shell-externalurl-klk.aspx"), shell);
        var old = new DateTime(2021, 3, 3, 13, 21, 10, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(shell, old);
        var created = File.GetCreationTimeUtc(shell);

        List<Finding> findings;
        using (new FileStream(shell, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
        {
            findings = Oab(_temp).Findings;
        }

        var finding = Assert.Single(findings);
        Assert.Equal(old, finding.FileModified);
        Assert.Equal(old, finding.Timestamp);
        Assert.Equal(old, File.GetLastWriteTimeUtc(shell));
        Assert.Equal(created, File.GetCreationTimeUtc(shell));
    }

    [Fact]
    public void Oversize_files_are_skipped_with_an_event_and_binaries_are_not_misread()
    {
        string dump = File.ReadAllText(ConfigurationDumpTests.Fixture("dumps", "oab-shell-externalurl-klk.aspx"));
        File.WriteAllText(Path.Combine(_temp, "big.aspx"), dump + new string(' ', 10_000));
        var pe = new List<byte> { 0x4D, 0x5A, 0x90, 0x00 };
        pe.AddRange(System.Text.Encoding.ASCII.GetBytes(dump));
        File.WriteAllBytes(Path.Combine(_temp, "App_Web_x1y2z3a4.txt"), pe.ToArray());
        var zip = new List<byte> { 0x50, 0x4B, 0x03, 0x04 };
        zip.AddRange(System.Text.Encoding.ASCII.GetBytes(dump));
        File.WriteAllBytes(Path.Combine(_temp, "backup.aspx"), zip.ToArray());

        var sink = Oab(_temp, new FileScanOptions { MaxFileSize = 5_000 });
        var big = new FileInfo(Path.Combine(_temp, "big.aspx"));

        Assert.Empty(sink.Findings);
        var oversize = Assert.Single(sink.ProblemsWith(ErrorIds.FileTooLarge));
        Assert.Equal(big.FullName, oversize.Target);
        Assert.Contains(big.Length.ToString("N0", CultureInfo.InvariantCulture) + " bytes", oversize.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dump_shell_behind_an_image_header_is_still_read_as_a_page()
    {
        // ASP.NET runs a page whatever bytes precede the code; an image magic must not hide the shell.
        string dump = File.ReadAllText(ConfigurationDumpTests.Fixture("dumps", "oab-shell-externalurl-klk.aspx"));
        File.WriteAllText(Path.Combine(_temp, "logo.aspx"), "GIF89a;\r\n" + dump);

        var finding = Assert.Single(Oab(_temp).Findings);

        Assert.Equal(("HT-OAB-101", Verdict.Compromise), (finding.RuleId, finding.Verdict));
        Assert.Equal(19, finding.LineNumber);
    }

    [Fact]
    public void Files_too_large_to_be_a_dump_are_not_read_for_the_dump_check()
    {
        string dump = File.ReadAllText(ConfigurationDumpTests.Fixture("dumps", "oab-shell-externalurl-klk.aspx"));
        File.WriteAllText(Path.Combine(_temp, "huge.aspx"), dump + new string(' ', (int)ConfigurationDump.MaxPlausibleBytes));
        File.WriteAllText(Path.Combine(_temp, "small.aspx"), dump);
        var sink = Oab(_temp);
        int oversize = sink.ProblemsWith(ErrorIds.FileTooLarge).Count;

        var finding = Assert.Single(sink.Findings);

        Assert.Equal("small.aspx", Path.GetFileName(finding.Path));
        Assert.Equal(0, oversize);
    }

    [Fact]
    public void Symbolic_link_loops_are_not_followed()
    {
        string inner = Path.Combine(_temp, "a", "b");
        Directory.CreateDirectory(inner);
        File.Copy(ConfigurationDumpTests.Fixture("dumps", "oab-shell-metasploit.aspx"), Path.Combine(inner, "s.aspx"));
        string link = Path.Combine(inner, "loop");
        try
        {
            Directory.CreateSymbolicLink(link, Path.Combine(_temp, "a"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return; // No symlink privilege on this machine; the loop cannot be built.
        }

        var sink = Oab(_temp);
        var skipped = sink.Problems.Where(p => p.Level == ProblemLevel.Verbose && p.Message.StartsWith("Not following", StringComparison.Ordinal)).Select(p => p.Target).ToList();
        var findings = sink.Findings;

        Assert.Single(findings);
        Assert.Equal(new object[] { link }, skipped);
    }

    [Fact]
    public void Unreadable_folders_are_reported_and_the_scan_goes_on()
    {
        var sink = Oab(Path.Combine(_temp, "does-not-exist"));
        var failed = sink.Problems.Where(p => p.Level == ProblemLevel.Error).ToList();

        var findings = sink.Findings;

        Assert.Empty(findings);
        Assert.Equal(ErrorIds.PathNotFound, Assert.Single(failed).ErrorId);
    }

    [Fact]
    public void A_cancelled_scan_stops()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.Throws<OperationCanceledException>(() => Oab(Tree, cancellationToken: cancel.Token));
    }

    [Fact]
    public void A_single_file_root_is_inspected()
    {
        string file = ConfigurationDumpTests.Fixture("dumps", "oab-shell-obfuscated.aspx");

        Assert.Equal("HT-OAB-101", Assert.Single(Oab(file).Findings).RuleId);
    }
}
