using System;

namespace HafniumTools.Model;

/// <summary>
/// A detection rule as data: a stable id, what it means and where the knowledge comes from. Every
/// <see cref="Finding"/> carries the id of the rule that produced it.
/// </summary>
internal sealed class DetectionRule
{
    public DetectionRule(
        string id,
        FindingCategory category,
        Severity severity,
        Verdict verdict,
        string title,
        string rationale,
        string source,
        params string[] cve)
    {
        Id = RequireText(id, nameof(id));
        Category = category;
        Severity = severity;
        Verdict = verdict;
        Title = RequireText(title, nameof(title));
        Rationale = RequireText(rationale, nameof(rationale));
        Source = RequireText(source, nameof(source));
        Cve = new TextList(cve);
    }

    /// <summary>Stable identifier, e.g. <c>HT-HP-001</c>. Never reused for a different meaning.</summary>
    public string Id { get; }

    public FindingCategory Category { get; }

    public Severity Severity { get; }

    public Verdict Verdict { get; }

    public string Title { get; }

    /// <summary>One line: why a match means what the verdict says.</summary>
    public string Rationale { get; }

    /// <summary>Where the indicator is documented (advisory, research, tool).</summary>
    public string Source { get; }

    public TextList Cve { get; }

    /// <summary>The wave of attacks the rule is about; rules written for March 2021 are <see cref="Campaign.ProxyLogon"/>.</summary>
    public Campaign Campaign { get; init; } = Campaign.ProxyLogon;

    /// <summary>
    /// The attack step a match is evidence of. Rules whose step is not plain from their verdict and category say it
    /// (<c>{ Stage = AttackStage.Session }</c>); the rest get <see cref="DefaultStage"/>.
    /// </summary>
    public AttackStage Stage
    {
        get => _stage ?? DefaultStage(Verdict, Category);
        init => _stage = value;
    }

    private readonly AttackStage? _stage;

    /// <summary>
    /// For a rule that is context on its own (an admin cmdlet any admin runs): the rule, per campaign, a finding of it
    /// becomes when the same server's evidence shows a session that came through that campaign's SSRF just before it
    /// (decided after every log is read, by <see cref="Logs.ClientStory"/>); null for every other rule.
    /// </summary>
    internal System.Collections.Generic.IReadOnlyDictionary<Campaign, DetectionRule>? InProxiedSession { get; init; }

    /// <summary>The step a verdict of a category usually is: probes probe, a compromise on disk is a planted shell, one in a request log a shell that answered.</summary>
    internal static AttackStage DefaultStage(Verdict verdict, FindingCategory category) => verdict switch
    {
        Verdict.Probe => AttackStage.Probe,
        Verdict.Attempt => AttackStage.Ssrf,
        Verdict.Exploitation => category switch
        {
            FindingCategory.FileSystem => AttackStage.FileWritten,
            FindingCategory.Oab => AttackStage.FileWritten,
            FindingCategory.Ecp or FindingCategory.EventLog => AttackStage.ConfigurationChanged,
            _ => AttackStage.Ssrf,
        },
        Verdict.Compromise => category is FindingCategory.HttpProxy or FindingCategory.Iis or FindingCategory.Remote
            ? AttackStage.ShellAnswered
            : AttackStage.ShellPlanted,
        _ => AttackStage.None,
    };

    private static string RequireText(string value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("A rule needs a non-empty " + name + ".", name) : value;
}
