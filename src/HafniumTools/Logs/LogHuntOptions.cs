using System;
using System.Collections.Generic;
using System.Linq;

namespace HafniumTools.Logs;

/// <summary>What to hunt for and how hard to push the machine.</summary>
internal sealed class LogHuntOptions
{
    /// <summary>Only rows at or after this time (UTC) are evaluated.</summary>
    public DateTime? Since { get; init; }

    /// <summary>Only rows at or before this time (UTC) are evaluated.</summary>
    public DateTime? Until { get; init; }

    /// <summary>Only findings for these CVEs (e.g. <c>CVE-2021-26855</c>); null or empty for all.</summary>
    public IReadOnlyCollection<string>? Cve { get; init; }

    /// <summary>Only these kinds of log; null or empty for all.</summary>
    public IReadOnlyCollection<LogKind>? Kinds { get; init; }

    /// <summary>Files read at the same time; defaults to the processor count.</summary>
    public int ThrottleLimit { get; init; } = Environment.ProcessorCount;

    /// <summary>The server name for files whose rows and path do not name one (a live scan of the local install).</summary>
    public string? DefaultComputerName { get; init; }

    public LogPlugins Plugins { get; init; } = LogPlugins.Default;

    /// <summary>Read-buffer size per file (also the longest line accepted).</summary>
    public int BufferSize { get; init; } = TextLogReader.DefaultBufferSize;

    internal bool WantsKind(LogKind kind) => Kinds is null || Kinds.Count == 0 || Kinds.Contains(kind);

    internal bool WantsCve(IEnumerable<string> cves) =>
        Cve is null || Cve.Count == 0 || cves.Any(c => Cve.Any(w => string.Equals(w, c, StringComparison.OrdinalIgnoreCase) || NumberMatches(w, c)));

    // "26855" or "2021-26855" select CVE-2021-26855 too.
    private static bool NumberMatches(string wanted, string cve) =>
        wanted.Length >= 5 && cve.EndsWith(wanted.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase) ? wanted.Substring(4) : wanted, StringComparison.OrdinalIgnoreCase);
}
