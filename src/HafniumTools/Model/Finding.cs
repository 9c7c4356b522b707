using System;
using System.Globalization;

namespace HafniumTools.Model;

/// <summary>
/// One piece of evidence, produced by one rule. Every detection cmdlet emits this type, so findings from
/// logs, files, configuration and the network pipe into one table, one CSV file or one Pester assertion.
/// All properties are flat and primitive-friendly, so Export-Csv and ConvertTo-Json keep every one.
/// </summary>
public sealed class Finding
{
    /// <summary>Longest <see cref="RawText"/> kept; longer matches are cut and marked.</summary>
    public const int MaxRawTextLength = 4096;

    private readonly string? _rawText;
    private readonly string? _evidence;
    private string? _detail;
    private string _computerName = string.Empty;

    internal Finding(DetectionRule rule, string? computerName)
    {
        if (rule is null)
        {
            throw new ArgumentNullException(nameof(rule));
        }

        ComputerName = computerName ?? string.Empty;
        Category = rule.Category;
        RuleId = rule.Id;
        Cve = rule.Cve;
        Campaign = rule.Campaign;
        Severity = rule.Severity;
        Verdict = rule.Verdict;
        Title = rule.Title;
        Rationale = rule.Rationale;
        Source = rule.Source;
        Stage = rule.Stage;
    }

    /// <summary>The server the evidence belongs to (from the log, the path or the input), or empty when unknown.</summary>
    public string ComputerName { get => _computerName; init => _computerName = value ?? string.Empty; }

    public FindingCategory Category { get; init; }

    public string RuleId { get; init; }

    /// <summary>The CVEs the rule is about; a list to filter on, one comma-separated line in CSV.</summary>
    public TextList Cve { get; init => field = value ?? TextList.Empty; }

    /// <summary>The wave of attacks the evidence belongs to (ProxyLogon, ProxyShell, ProxyNotShell, OWASSRF).</summary>
    public Campaign Campaign { get; init; }

    public Severity Severity { get; init; }

    public Verdict Verdict { get; init; }

    public string Title { get; init; }

    public string Rationale { get; init; }

    /// <summary>Where the indicator is documented.</summary>
    public string Source { get; init; }

    /// <summary>The attack step this finding is evidence of (None for background and exposure).</summary>
    public AttackStage Stage { get; init; }

    /// <summary>Where the thing was seen: <c>path:line</c>, the path, or the URL.</summary>
    public string Evidence
    {
        get => _evidence ?? ComposeEvidence();
        init => _evidence = value;
    }

    /// <summary>The file the evidence is in, as given (local, UNC or triage path).</summary>
    public string? Path { get; init; }

    /// <summary>1-based line number in <see cref="Path"/>, when the evidence is a line.</summary>
    public long? LineNumber { get; init; }

    /// <summary>When it happened (log time) or was last written (files), always at offset +00:00 (UTC).</summary>
    public DateTimeOffset? Timestamp { get; init => field = value?.ToUniversalTime(); }

    public string? Url { get; init; }

    public string? ClientIp { get; init; }

    public string? UserAgent { get; init; }

    public string? AnchorMailbox { get; init; }

    public int? HttpStatus { get; init; }

    /// <summary>The command or request method involved (e.g. <c>Set-OabVirtualDirectory</c>, <c>POST</c>).</summary>
    public string? Operation { get; init; }

    public string? FileSha256 { get; init; }

    public long? FileSize { get; init; }

    /// <summary>When the file was created, UTC.</summary>
    public DateTimeOffset? FileCreated { get; init => field = value?.ToUniversalTime(); }

    /// <summary>When the file was last written, UTC.</summary>
    public DateTimeOffset? FileModified { get; init => field = value?.ToUniversalTime(); }

    /// <summary>The matched raw text (log line, file excerpt), cut at <see cref="MaxRawTextLength"/> characters.</summary>
    public string? RawText
    {
        get => _rawText;
        init => _rawText = Truncate(value);
    }

    /// <summary>What a reader needs beyond the rule's rationale for this particular hit.</summary>
    public string? Detail
    {
        get => _detail;
        init => _detail = value;
    }

    /// <summary>A copy of this finding told to <paramref name="computerName"/> (the server its evidence root names).</summary>
    internal Finding WithComputerName(string computerName)
    {
        var copy = (Finding)MemberwiseClone();
        copy._computerName = computerName ?? string.Empty;
        return copy;
    }

    /// <summary>A copy of this finding whose <see cref="Detail"/> tells more (what else the same client did).</summary>
    internal Finding WithDetail(string? detail)
    {
        var copy = (Finding)MemberwiseClone();
        copy._detail = detail;
        return copy;
    }

    /// <summary>
    /// This finding's evidence told under another <paramref name="rule"/> (what the other evidence of its server made
    /// of it: an admin cmdlet run in a session that came through the SSRF), with <paramref name="detail"/>.
    /// </summary>
    internal Finding WithRule(DetectionRule rule, string? detail) =>
        new(rule, ComputerName)
        {
            Evidence = _evidence!,
            Path = Path,
            LineNumber = LineNumber,
            Timestamp = Timestamp,
            Url = Url,
            ClientIp = ClientIp,
            UserAgent = UserAgent,
            AnchorMailbox = AnchorMailbox,
            HttpStatus = HttpStatus,
            Operation = Operation,
            FileSha256 = FileSha256,
            FileSize = FileSize,
            FileCreated = FileCreated,
            FileModified = FileModified,
            RawText = _rawText,
            Detail = detail,
        };

    /// <summary>One line for a terminal or a log: control characters from the evidence shown visibly (<see cref="DisplayText"/>).</summary>
    public override string ToString() =>
        DisplayText.Escape(string.Format(CultureInfo.InvariantCulture, "{0} {1} {2}: {3} ({4})", RuleId, Severity, Verdict, Title, Evidence))!;

    private static string? Truncate(string? value) =>
        value is null || value.Length <= MaxRawTextLength ? value : value.Substring(0, MaxRawTextLength) + "…[truncated]";

    private string ComposeEvidence()
    {
        if (!string.IsNullOrEmpty(Path))
        {
            return LineNumber is long line ? Path + ":" + line.ToString(CultureInfo.InvariantCulture) : Path!;
        }

        return Url ?? string.Empty;
    }
}
