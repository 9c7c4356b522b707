using System;
using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Reporting;

/// <summary>One finding as the report shows it. Every text here may come from an attacker.</summary>
internal sealed class FindingRow
{
    public DateTime? Time { get; init; }

    public Severity Severity { get; init; }

    public Verdict Verdict { get; init; }

    public AttackStage Stage { get; init; }

    public string Category { get; init; } = string.Empty;

    public string RuleId { get; init; } = string.Empty;

    public IReadOnlyList<string> Cve { get; init; } = [];

    /// <summary>The campaign's name as the finding gave it (empty for a finding written before campaigns existed).</summary>
    public string Campaign { get; init; } = string.Empty;

    public string Title { get; init; } = string.Empty;

    public string Rationale { get; init; } = string.Empty;

    public string Evidence { get; init; } = string.Empty;

    public string ClientIp { get; init; } = string.Empty;

    public string UserAgent { get; init; } = string.Empty;

    public string Url { get; init; } = string.Empty;

    public string AnchorMailbox { get; init; } = string.Empty;

    public string HttpStatus { get; init; } = string.Empty;

    public string Operation { get; init; } = string.Empty;

    public string Path { get; init; } = string.Empty;

    public string FileSha256 { get; init; } = string.Empty;

    public long? FileSize { get; init; }

    public string Detail { get; init; } = string.Empty;

    public string RawText { get; init; } = string.Empty;

    public static FindingRow Read(AuditRecord finding) => new()
    {
        Time = finding.Time(nameof(Finding.Timestamp)) ?? finding.Time(nameof(Finding.FileModified)),
        Severity = finding.Member(nameof(Finding.Severity), Severity.Informational),
        Verdict = finding.Member(nameof(Finding.Verdict), Verdict.Context),
        Stage = finding.Member(nameof(Finding.Stage), AttackStage.None),
        Category = finding.Name<FindingCategory>(nameof(Finding.Category)),
        RuleId = finding.Text(nameof(Finding.RuleId)),
        Cve = finding.Texts(nameof(Finding.Cve)),
        Campaign = finding.Name<Campaign>(nameof(Finding.Campaign)),
        Title = finding.Text(nameof(Finding.Title)),
        Rationale = finding.Text(nameof(Finding.Rationale)),
        Evidence = finding.Text(nameof(Finding.Evidence)),
        ClientIp = finding.Text(nameof(Finding.ClientIp)),
        UserAgent = finding.Text(nameof(Finding.UserAgent)),
        Url = finding.Text(nameof(Finding.Url)),
        AnchorMailbox = finding.Text(nameof(Finding.AnchorMailbox)),
        HttpStatus = finding.Text(nameof(Finding.HttpStatus)),
        Operation = finding.Text(nameof(Finding.Operation)),
        Path = finding.Text(nameof(Finding.Path)),
        FileSha256 = finding.Text(nameof(Finding.FileSha256)),
        FileSize = finding.Number(nameof(Finding.FileSize)),
        Detail = finding.Text(nameof(Finding.Detail)),
        RawText = finding.Text(nameof(Finding.RawText)),
    };
}
