using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using HafniumTools.Files;
using HafniumTools.Files.MailboxExport;
using HafniumTools.Model;
using HafniumTools.Tests.Files;
using Xunit;

namespace HafniumTools.Tests.Waves;

/// <summary>ProxyShell's mailbox-export and certificate-request shells on disk (Fixtures/Waves/webroot), through the one file scan.</summary>
public class MailboxExportFileTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Waves", "webroot");
    private static readonly Lazy<RecordingSink> Scan = new(() =>
    {
        var sink = new RecordingSink();
        FileScan.WebShells([new ScanRoot(Root)], new FileScanOptions { ThrottleLimit = 2 }, sink, CancellationToken.None);
        return sink;
    });

    private static string[] RulesOf(string file) =>
        Scan.Value.Findings.Where(f => Path.GetFileName(f.Path) == file).Select(f => f.RuleId).OrderBy(id => id, StringComparer.Ordinal).ToArray();

    [Fact]
    public void A_pst_written_as_a_page_is_a_shell_and_its_clear_code_is_analysed()
    {
        Assert.Equal(["HT-PST-001", "HT-PST-002", "HT-PST-010", "HT-WS-030"], RulesOf("qyxbvkzrmfwnhtdc.aspx"));
        var shell = Assert.Single(Scan.Value.Findings, f => f.RuleId == "HT-PST-002" && f.Path!.EndsWith("qyxbvkzrmfwnhtdc.aspx", StringComparison.Ordinal));
        Assert.Equal(Campaign.ProxyShell, shell.Campaign);
        Assert.Equal(Verdict.Compromise, shell.Verdict);
        Assert.Contains("in clear", shell.Detail, StringComparison.Ordinal);
        Assert.Contains("exec_code", shell.RawText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shell_stored_permute_encoded_is_decoded_before_analysis()
    {
        var shell = Assert.Single(Scan.Value.Findings, f => f.RuleId == "HT-PST-002" && f.Path!.EndsWith("a1b2c3d4e5.aspx", StringComparison.Ordinal));
        Assert.Contains("after undoing the PST permutative encoding", shell.Detail, StringComparison.Ordinal);
        Assert.Contains("HT-WS-", shell.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_benign_pst_on_a_share_is_silent_and_a_pst_holding_a_shell_off_the_web_is_a_lead()
    {
        Assert.Empty(RulesOf("jane.doe.pst"));
        Assert.Equal(["HT-PST-003"], RulesOf("drafts-copy.pst"));
        Assert.All(Scan.Value.Findings.Where(f => f.RuleId == "HT-PST-003"), f => Assert.True(f.Severity <= Severity.Medium));
    }

    [Fact]
    public void A_certificate_request_under_a_page_name_with_code_is_a_shell()
    {
        Assert.Contains("HT-PST-004", RulesOf("abcdef1234.aspx"));
        Assert.DoesNotContain("HT-WS-033", RulesOf("abcdef1234.aspx"));
    }

    [Fact]
    public void ProxyShell_names_and_device_folders_are_leads_below_high()
    {
        Assert.Contains("HT-PST-010", RulesOf("a1b2c3d4e5.aspx"));
        Assert.Contains("HT-PST-010", RulesOf("abcdef1234.aspx"));

        // A folder named COM1 cannot be checked out on Windows, so this one is judged in memory.
        var device = new WebShellScanner().Classify(@"C:\ProgramData\COM1\status.aspx", "<%@ Page Language=\"C#\" %><html><body>maintenance</body></html>");
        Assert.Equal(["HT-PST-011"], device.Select(f => f.RuleId));
        Assert.All(Scan.Value.Findings.Where(f => f.RuleId is "HT-PST-010" or "HT-PST-011"), f => Assert.Equal(Severity.Medium, f.Severity));
    }

    [Fact]
    public void The_permutation_is_the_specifications_and_round_trips()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var stored = PstPermutation.Permute(all, 0, 256);
        Assert.Equal(256, stored.Distinct().Count());
        Assert.Equal([0x41, 0x36, 0x13, 0x62], stored.Take(4));

        // [MS-PST] 5.1 mpbbI starts 0x47, 0xF1, 0xB4, 0xE6 and ends ..., 0xF9, 0xEC.
        var inverse = PstPermutation.Unpermute(all, 0, 256);
        Assert.Equal([0x47, 0xF1, 0xB4, 0xE6], inverse.Take(4));
        Assert.Equal([0xF9, 0xEC], inverse.Skip(254));
        Assert.Equal(all, PstPermutation.Unpermute(stored, 0, 256));
    }

    [Fact]
    public void Mutated_psts_never_throw_and_a_pst_without_code_names_no_shell()
    {
        var scanner = new WebShellScanner();
        var random = new Random(34473);
        for (int i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(40, 3000)];
            random.NextBytes(bytes);
            Encoding.ASCII.GetBytes("!BDN").CopyTo(bytes, 0);
            if (i % 3 == 0)
            {
                var code = Encoding.ASCII.GetBytes("<script runat='server'>");
                Array.Copy(code, 0, bytes, Math.Min(bytes.Length - code.Length, 600), Math.Min(code.Length, bytes.Length));
            }

            var findings = scanner.Classify("C:/share/x" + i + ".pst", bytes);
            Assert.DoesNotContain(findings, f => f.RuleId is "HT-PST-002" or "HT-PST-003");
        }
    }
}
