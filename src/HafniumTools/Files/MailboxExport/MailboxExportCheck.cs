using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using HafniumTools.Logs.Waves;
using HafniumTools.Model;

namespace HafniumTools.Files.MailboxExport;

/// <summary>
/// Judges the files ProxyShell writes through a mailbox export or a certificate request: a PST (<c>!BDN</c>) under a
/// page name or in a web folder is a shell whatever it holds; the server code in it, in clear or after undoing the
/// permutative encoding (<see cref="PstPermutation"/>), goes through the same page analysis as any page
/// (<see cref="ServerCodeAnalyzer"/>). A PST with no server code in it (an admin's export on a share) gives nothing.
/// </summary>
internal static class MailboxExportCheck
{
    private const int MaxCodeRegion = 64 * 1024;

    /// <summary>True for the files this check judges instead of the generic binary rules.</summary>
    public static bool Applies(string path, byte[] data, int count) =>
        PstPermutation.IsPst(data, count) || (IsCertificateRequest(data, count) && ServerCode.IsPageExtension(path));

    /// <summary>The findings for a PST or certificate-request file; <paramref name="make"/> builds a finding for a rule, line-less, with excerpt and detail.</summary>
    public static IReadOnlyList<Finding> Inspect(string path, bool inWebFolder, byte[] data, int count, Func<DetectionRule, string?, string, Finding> make)
    {
        var findings = new List<Finding>();
        bool page = ServerCode.IsPageExtension(path);
        bool served = page || inWebFolder || ExchangeCmdletJudge.IsWebPath(path);
        if (!PstPermutation.IsPst(data, count))
        {
            if (ShellIn(Latin1(data, 0, count), path) is { } request)
            {
                findings.Add(make(MailboxExportRules.ShellInCertificateRequest, request.Excerpt, "DER certificate request under a page name; " + request.Detail));
            }

            return findings;
        }

        string crypt = count > PstPermutation.CryptMethodOffset
            ? data[PstPermutation.CryptMethodOffset] switch { 0 => "no encoding", 1 => "permutative encoding", 2 => "cyclic encoding", _ => "unknown encoding" }
            : "header cut short";
        if (served)
        {
            findings.Add(make(MailboxExportRules.PstAsWebPage, null, "PST (" + crypt + ") at a path IIS serves" + (page ? " under a page extension" : string.Empty) + "."));
        }

        var shell = ShellIn(Latin1(data, 0, count), path) is { } clear ? clear with { Detail = "in clear: " + clear.Detail }
            : ShellIn(Latin1(PstPermutation.Unpermute(data, 0, count), 0, count), path) is { } decoded ? decoded with { Detail = "after undoing the PST permutative encoding: " + decoded.Detail }
            : null;
        if (shell is not null)
        {
            findings.Add(make(served ? MailboxExportRules.ShellInExport : MailboxExportRules.ShellInPstElsewhere, shell.Excerpt, "Server code " + shell.Detail));
        }

        return findings;
    }

    private static bool IsCertificateRequest(byte[] data, int count) => count > 4 && data[0] == 0x30 && data[1] == 0x82;

    /// <summary>The server code regions of the text, analysed as one page; null when no content rule fires.</summary>
    private static ShellHit? ShellIn(string text, string path)
    {
        var code = new StringBuilder();
        AddRegions(text, "<%", "%>", code);
        AddRegions(text, "<script", "</script>", code);
        if (code.Length == 0)
        {
            return null;
        }

        string page = code.ToString();
        var hits = ServerCodeAnalyzer.Analyze(page, PagePath(path));
        if (hits.Count == 0)
        {
            return null;
        }

        string rules = string.Join(", ", hits.Select(h => h.Rule.Id + " " + h.Rule.Title).Distinct());
        int at = Math.Max(0, Math.Min(hits[0].Offset, page.Length - 1));
        string excerpt = page.Substring(Math.Max(0, at - 80), Math.Min(page.Length - Math.Max(0, at - 80), 320)).Replace("\0", string.Empty).Trim();
        return new ShellHit(rules + ".", excerpt);
    }

    private static void AddRegions(string text, string open, string close, StringBuilder code)
    {
        int from = 0;
        while (from < text.Length && code.Length < MaxCodeRegion)
        {
            int start = text.IndexOf(open, from, StringComparison.OrdinalIgnoreCase);
            if (start < 0)
            {
                return;
            }

            int end = text.IndexOf(close, start + open.Length, StringComparison.OrdinalIgnoreCase);
            if (end < 0 || end - start > MaxCodeRegion)
            {
                return;
            }

            code.Append(text, start, end + close.Length - start).Append('\n');
            from = end + close.Length;
        }
    }

    // The analyser reads a page by its extension: a .pst is analysed as the .aspx it would run as.
    private static string PagePath(string path) => ServerCode.IsPageExtension(path) ? path : path + ".aspx";

    private static string Latin1(byte[] data, int offset, int count)
    {
        var chars = new char[count];
        for (int i = 0; i < count; i++)
        {
            chars[i] = (char)data[offset + i];
        }

        return new string(chars);
    }

    private sealed record ShellHit(string Detail, string Excerpt);
}
