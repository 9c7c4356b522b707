using System;
using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs.Waves;

/// <summary>
/// ProxyShell, ProxyNotShell and OWASSRF in HttpProxy logs: the autodiscover SSRF (Autodiscover folder; RoutingHint
/// ExplicitLogon-SMTP, AnchorMailbox <c>Smtp~autodiscover/autodiscover.json?@...</c>) and <c>/owa/&lt;mailbox&gt;/powershell</c>
/// (Owa folder). Judged by <see cref="WaveRequestJudge"/>; the back end's status and server are added to the detail.
/// </summary>
internal sealed class WaveHttpProxyRules : ILogRowRules, ILogLineHints, IProtocolLineHints
{
    public IReadOnlyList<LogKind> Kinds { get; } = [LogKind.HttpProxy];

    public IReadOnlyList<DetectionRule> Rules => WaveRequestRules.HttpProxy.All;

    /// <summary>Every shape names autodiscover.json or (possibly with an encoded first letter) owershell.</summary>
    public IReadOnlyList<string> RequiredSubstrings { get; } = [AutodiscoverJson, OwaPowerShell];

    /// <summary>
    /// The OWASSRF shape is a stem under <c>/owa/</c>, which HttpProxy logs in the Owa folder (OwaCalendar for
    /// <c>/owa/calendar/</c>); the autodiscover SSRF is a request to the Autodiscover virtual directory (its stem starts
    /// with <c>/autodiscover</c>: an <c>Email=autodiscover/...</c> query sent to another virtual directory exploits
    /// nothing and is not judged as the SSRF), which HttpProxy logs in the Autodiscover folder. The other protocols'
    /// files (PowerShell's, where every row names /powershell, Ews, Mapi...) are not searched for them.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ProtocolsOf { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [OwaPowerShell] = ["Owa", "OwaCalendar"],
        [AutodiscoverJson] = ["Autodiscover"],
    };

    private const string AutodiscoverJson = "autodiscover.json";

    private const string OwaPowerShell = "owershell";

    public void Evaluate(ILogRow row, ICollection<Finding> findings)
    {
        if (row is null || findings is null)
        {
            return;
        }

        bool authenticated = string.Equals(row["IsAuthenticated"], "true", StringComparison.OrdinalIgnoreCase) || !string.IsNullOrWhiteSpace(row["AuthenticatedUser"]);
        var request = new WaveRequest(row["UrlStem"], row["UrlQuery"], row["Method"], row["HttpStatus"], authenticated, row["UserAgent"]);
        if (WaveRequestJudge.Judge(request) is not { } match || (match.Shape != WaveShape.OwassrfPowerShell && !IsAutodiscoverRequest(request)))
        {
            return;
        }

        string detail = match.Detail;
        string? target = row["TargetServer"];
        string? backEnd = row["BackEndStatus"];
        if (!string.IsNullOrEmpty(target) || !string.IsNullOrEmpty(backEnd))
        {
            detail += " Proxied to " + (string.IsNullOrEmpty(target) ? "?" : target) + (string.IsNullOrEmpty(backEnd) ? string.Empty : ", back end " + backEnd) + ".";
        }

        if (!string.IsNullOrEmpty(row["AuthenticatedUser"]))
        {
            detail += " User " + row["AuthenticatedUser"] + ".";
        }

        string? host = row["UrlHost"];
        findings.Add(new Finding(WaveRequestRules.HttpProxy.For(match), row.ComputerName)
        {
            Path = row.Path,
            LineNumber = row.LineNumber,
            Timestamp = row.Timestamp,
            Url = (string.IsNullOrEmpty(host) ? string.Empty : "https://" + host) + request.RawUrl,
            ClientIp = row["ClientIpAddress"],
            UserAgent = request.UserAgent,
            AnchorMailbox = row["AnchorMailbox"],
            HttpStatus = request.HttpStatus,
            Operation = request.Method,
            RawText = row.RawText,
            Detail = detail,
        });
    }

    // The request went to the Autodiscover virtual directory (its path decoded, any case).
    private static bool IsAutodiscoverRequest(WaveRequest request) =>
        request.DecodedStem.TrimStart().TrimStart('/', '\\').StartsWith("autodiscover", StringComparison.OrdinalIgnoreCase);
}
