using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using HafniumTools.Configuration;
using HafniumTools.Model;
using Xunit;

namespace HafniumTools.Tests.Configuration;

public sealed class OnDiskEvidenceTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "ht-disk-" + Guid.NewGuid().ToString("N"));

    public OnDiskEvidenceTests() => Directory.CreateDirectory(_temp);

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string Tree => ConfigurationDumpTests.Fixture("tree");

    private static List<Finding> Scan(OnDiskScanOptions options, string root, List<string>? errors = null)
    {
        var scanner = new OnDiskEvidence(options);
        scanner.ItemFailed += (path, e) => errors?.Add(path + ": " + e.Message);
        return scanner.Scan(root, CancellationToken.None).ToList();
    }

    [Fact]
    public void Oab_scan_of_a_web_tree_finds_every_dump_shell_and_nothing_benign_above_low()
    {
        var findings = Scan(new OnDiskScanOptions { FindConfigurationDumps = true }, Tree);

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
        var findings = Scan(new OnDiskScanOptions { FindEcpAuthFiles = true, ComputerName = "EX01" }, Tree);

        var byName = findings.ToLookup(f => Path.GetFileName(f.Path)!);
        Assert.Equal(new[] { "notes.txt", "xgqjv.aspx" }, byName.Select(g => g.Key).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal("HT-ECP-102", Assert.Single(byName["notes.txt"]).RuleId);
        var page = byName["xgqjv.aspx"].ToList();
        Assert.Contains(page, f => f.RuleId == "HT-ECP-101" && f.Severity == Severity.Medium && f.ComputerName == "EX01");
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

        var finding = Assert.Single(Scan(new OnDiskScanOptions { FindEcpAuthFiles = true }, auth));

        Assert.Equal("TimeoutLogoff.aspx", Path.GetFileName(finding.Path));
        Assert.Equal("HT-ECP-101", finding.RuleId);
    }

    [Fact]
    public void Triage_copy_with_other_casing_is_recognised_and_only_the_exact_legitimate_page_passes()
    {
        var findings = Scan(new OnDiskScanOptions { FindEcpAuthFiles = true }, ConfigurationDumpTests.Fixture("triage-ex02"));

        Assert.Equal(
            new[] { "Auth/TimeoutLogoff.aspx", "old/TimeoutLogout.aspx" },
            findings.Select(f => string.Join("/", f.Path!.Split('/', '\\').TakeLast(2))).OrderBy(p => p, StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Equal("HT-ECP-101", f.RuleId));
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
        Assert.Equal(expected, WebPaths.IsInEcpAuthFolder(path, null, out bool directly));
        Assert.Equal(direct, directly);
    }

    [Fact]
    public void Legitimate_page_is_matched_by_exact_name_only()
    {
        Assert.True(WebPaths.IsLegitimateEcpAuthFile(@"C:\x\HttpProxy\ecp\auth\TIMEOUTLOGOUT.ASPX", directlyInAuth: true));
        Assert.False(WebPaths.IsLegitimateEcpAuthFile(@"C:\x\HttpProxy\ecp\auth\TimeoutLogoff.aspx", directlyInAuth: true));
        Assert.False(WebPaths.IsLegitimateEcpAuthFile(@"C:\x\HttpProxy\ecp\auth\TimeoutLogout.aspx.bak", directlyInAuth: true));
        Assert.False(WebPaths.IsLegitimateEcpAuthFile(@"C:\x\HttpProxy\ecp\auth\old\TimeoutLogout.aspx", directlyInAuth: false));
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
            findings = Scan(new OnDiskScanOptions { FindConfigurationDumps = true }, _temp);
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

        var scanner = new OnDiskEvidence(new OnDiskScanOptions { FindConfigurationDumps = true, MaxFileBytes = 5_000 });
        var oversize = new List<string>();
        scanner.FileTooLarge += (path, size) => oversize.Add(Path.GetFileName(path) + ":" + size);
        var findings = scanner.Scan(_temp, CancellationToken.None).ToList();

        Assert.Empty(findings);
        Assert.Equal(new[] { "big.aspx:" + new FileInfo(Path.Combine(_temp, "big.aspx")).Length }, oversize);
    }

    [Fact]
    public void Dump_shell_behind_an_image_header_is_still_read_as_a_page()
    {
        // ASP.NET runs a page whatever bytes precede the code; an image magic must not hide the shell.
        string dump = File.ReadAllText(ConfigurationDumpTests.Fixture("dumps", "oab-shell-externalurl-klk.aspx"));
        File.WriteAllText(Path.Combine(_temp, "logo.aspx"), "GIF89a;\r\n" + dump);

        var finding = Assert.Single(Scan(new OnDiskScanOptions { FindConfigurationDumps = true }, _temp));

        Assert.Equal(("HT-OAB-101", Verdict.Compromise), (finding.RuleId, finding.Verdict));
        Assert.Equal(19, finding.LineNumber);
    }

    [Fact]
    public void Files_too_large_to_be_a_dump_are_not_read_for_the_dump_check()
    {
        string dump = File.ReadAllText(ConfigurationDumpTests.Fixture("dumps", "oab-shell-externalurl-klk.aspx"));
        File.WriteAllText(Path.Combine(_temp, "huge.aspx"), dump + new string(' ', (int)ConfigurationDump.MaxPlausibleBytes));
        File.WriteAllText(Path.Combine(_temp, "small.aspx"), dump);
        var scanner = new OnDiskEvidence(new OnDiskScanOptions { FindConfigurationDumps = true });
        int oversize = 0;
        scanner.FileTooLarge += (_, _) => oversize++;

        var finding = Assert.Single(scanner.Scan(_temp, CancellationToken.None).ToList());

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

        var scanner = new OnDiskEvidence(new OnDiskScanOptions { FindConfigurationDumps = true });
        var skipped = new List<string>();
        scanner.LinkSkipped += skipped.Add;
        var findings = scanner.Scan(_temp, CancellationToken.None).ToList();

        Assert.Single(findings);
        Assert.Equal(new[] { link }, skipped);
    }

    [Fact]
    public void Unreadable_folders_are_reported_and_the_scan_goes_on()
    {
        var scanner = new OnDiskEvidence(new OnDiskScanOptions { FindConfigurationDumps = true });
        var failed = new List<string>();
        scanner.ItemFailed += (path, _) => failed.Add(path);

        var findings = scanner.Scan(Path.Combine(_temp, "does-not-exist"), CancellationToken.None).ToList();

        Assert.Empty(findings);
        Assert.Single(failed);
    }

    [Fact]
    public void A_cancelled_scan_stops()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var scanner = new OnDiskEvidence(new OnDiskScanOptions { FindConfigurationDumps = true });

        Assert.Throws<OperationCanceledException>(() => scanner.Scan(Tree, cancel.Token).ToList());
    }

    [Fact]
    public void A_single_file_root_is_inspected()
    {
        string file = ConfigurationDumpTests.Fixture("dumps", "oab-shell-obfuscated.aspx");

        Assert.Equal("HT-OAB-101", Assert.Single(Scan(new OnDiskScanOptions { FindConfigurationDumps = true }, file)).RuleId);
    }
}
