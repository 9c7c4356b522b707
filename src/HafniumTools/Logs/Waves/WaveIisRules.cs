using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs.Waves;

/// <summary>
/// ProxyShell, ProxyNotShell and OWASSRF in IIS W3C logs (front end W3SVC1): the autodiscover SSRF in the stem and
/// query (IIS logs no cookies, so the cookie form B shows as <c>?a=x@y.tld/&lt;target&gt;</c> without <c>Email=</c>),
/// and <c>/owa/&lt;mailbox&gt;/powershell</c>. Judged by <see cref="WaveRequestJudge"/>.
/// </summary>
internal sealed class WaveIisRules : ILogRowRules, ILogLineHints
{
    public IReadOnlyList<LogKind> Kinds { get; } = [LogKind.IisW3c];

    public IReadOnlyList<DetectionRule> Rules => WaveRequestRules.Iis.All;

    /// <summary>Every shape names autodiscover.json or (possibly with an encoded first letter) owershell.</summary>
    public IReadOnlyList<string> RequiredSubstrings { get; } = ["autodiscover.json", "owershell"];

    public void Evaluate(ILogRow row, ICollection<Finding> findings)
    {
        if (row is null || findings is null)
        {
            return;
        }

        string? user = row["cs-username"];
        var request = new WaveRequest(row["cs-uri-stem"], row["cs-uri-query"], row["cs-method"], row["sc-status"], !string.IsNullOrEmpty(user) && user != "-", row["cs(User-Agent)"]);
        if (WaveRequestJudge.Judge(request) is not { } match)
        {
            return;
        }

        string? agent = request.UserAgent;
        findings.Add(new Finding(WaveRequestRules.Iis.For(match), row.ComputerName)
        {
            Path = row.Path,
            LineNumber = row.LineNumber,
            Timestamp = row.Timestamp,
            Url = request.RawUrl,
            ClientIp = row["c-ip"],
            UserAgent = agent is null || agent == "-" ? null : agent.Replace('+', ' '),
            HttpStatus = request.HttpStatus,
            Operation = request.Method,
            AnchorMailbox = request.IsAuthenticated ? user : null,
            RawText = row.RawText,
            Detail = match.Detail,
        });
    }
}
