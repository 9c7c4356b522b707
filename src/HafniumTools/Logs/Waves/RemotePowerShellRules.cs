using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HafniumTools.Logs.EventLogs;
using HafniumTools.Model;
using static HafniumTools.Logs.Waves.WaveCves;

namespace HafniumTools.Logs.Waves;

/// <summary>
/// The Exchange Remote PowerShell logs (<c>Logging\CmdletInfra\...\Rps_Http_*.LOG</c> and <c>Rps_Cmdlet_*.LOG</c>).
/// Rps_Http: a forged <c>X-Rps-CAT</c> in UrlQuery is ProxyShell; the autodiscover explicit-logon address
/// (<c>Email=autodiscover/...</c>) in UrlQuery without a token, or a client other than the ones Exchange and admins
/// use (empty, <c>Microsoft WinRM Client</c>, <c>Exchange BackEnd Probes</c>) reaching the back end is a proxied
/// ProxyNotShell/OWASSRF session. Rps_Cmdlet: the ProxyShell cmdlets (<see cref="ExchangeCmdletJudge"/>).
/// Admins' ordinary Remote PowerShell matches nothing.
/// </summary>
internal sealed class RemotePowerShellRules : ILogRowRules
{
    public static readonly DetectionRule ForgedTokenAnswered = Rule(
        "HT-RPS-001", Severity.Critical, Verdict.Exploitation, Campaign.ProxyShell, AttackStage.Session,
        "PowerShell back end ran a session with a forged X-Rps-CAT token",
        "UrlQuery carries X-Rps-CAT, the CommonAccessToken ProxyShell forges to impersonate a mailbox user (CVE-2021-34523), and the back end answered 200.",
        Cve34473, Cve34523);

    public static readonly DetectionRule ForgedTokenRefused = Rule(
        "HT-RPS-010", Severity.Medium, Verdict.Attempt, Campaign.ProxyShell, AttackStage.Ssrf,
        "Forged X-Rps-CAT token refused by the PowerShell back end",
        "UrlQuery carries a forged X-Rps-CAT token but the back end did not answer 200.",
        Cve34473, Cve34523);

    public static readonly DetectionRule ProxiedClientAnswered = Rule(
        "HT-RPS-002", Severity.High, Verdict.Exploitation, Campaign.ProxyNotShell, AttackStage.Session,
        "PowerShell back end answered a proxied client (ProxyNotShell or OWASSRF)",
        "Remote PowerShell clients are Windows' WinRM client or Exchange's probes; a browser or script user agent reaching the back end with 200 came through the autodiscover (ProxyNotShell) or OWA (OWASSRF) SSRF. The front-end logs tell which.",
        Cve41040, Cve41082, Cve41080);

    public static readonly DetectionRule OwassrfClientAnswered = Rule(
        "HT-RPS-003", Severity.Critical, Verdict.Exploitation, Campaign.OWASSRF, AttackStage.Session,
        "PowerShell back end answered the public OWASSRF exploit's client",
        "The client string is the public OWASSRF proof of concept's (Chrome/105.0.5195.54) and the back end answered 200.",
        Cve41080, Cve41082);

    public static readonly DetectionRule ProxiedClientRefused = Rule(
        "HT-RPS-011", Severity.Medium, Verdict.Attempt, Campaign.ProxyNotShell, AttackStage.Ssrf,
        "Proxied client refused by the PowerShell back end",
        "A browser or script user agent reached the Remote PowerShell endpoint but was not answered 200: an attempt.",
        Cve41040, Cve41082, Cve41080);

    private static readonly string[] OrdinaryClients = ["Microsoft WinRM Client", "Exchange BackEnd Probes"];

    public IReadOnlyList<LogKind> Kinds { get; } = [LogKind.RpsHttp, LogKind.RpsCmdlet];

    public IReadOnlyList<DetectionRule> Rules { get; } =
        new[] { ForgedTokenAnswered, ForgedTokenRefused, ProxiedClientAnswered, OwassrfClientAnswered, ProxiedClientRefused }
            .Concat(ExchangeCmdletRules.RemotePowerShell.All).ToArray();

    public void Evaluate(ILogRow row, ICollection<Finding> findings)
    {
        if (row is null || findings is null)
        {
            return;
        }

        if (row.Kind == LogKind.RpsCmdlet)
        {
            EvaluateCmdlet(row, findings);
        }
        else
        {
            EvaluateHttp(row, findings);
        }
    }

    private static void EvaluateHttp(ILogRow row, ICollection<Finding> findings)
    {
        string query = row["UrlQuery"] ?? string.Empty;
        string client = (row["ClientInfo"] ?? string.Empty).Trim();
        bool answered = row["HttpStatus"]?.Trim() == "200";
        bool token = query.IndexOf("X-Rps-CAT=", StringComparison.OrdinalIgnoreCase) >= 0;
        DetectionRule rule;
        string detail;
        if (token)
        {
            rule = answered ? ForgedTokenAnswered : ForgedTokenRefused;
            detail = "Forged X-Rps-CAT token" + (RpsToken.FromUrl(query) is { } who ? " (" + who + ")" : string.Empty);
        }
        else if (ExplicitLogonQuery(query))
        {
            // The autodiscover explicit-logon address travelled with the request to the back end: it came through the
            // SSRF whatever client it names (a PoC sends "Microsoft WinRM Client").
            rule = answered ? ProxiedClientAnswered : ProxiedClientRefused;
            detail = "UrlQuery carries the autodiscover explicit-logon address (Email=autodiscover/...), client '" + Text(client) + "'";
        }
        else if (client.Length > 0 && !OrdinaryClients.Any(c => string.Equals(c, client, StringComparison.OrdinalIgnoreCase)))
        {
            rule = !answered ? ProxiedClientRefused
                : client.IndexOf("Chrome/105.0.5195.54", StringComparison.Ordinal) >= 0 ? OwassrfClientAnswered
                : ProxiedClientAnswered;
            detail = "Client '" + client + "'";
        }
        else
        {
            return;
        }

        detail += "; " + (row["UrlStem"] ?? "?") + " answered " + (row["HttpStatus"] ?? "?") + " for " + Text(row["AuthenticatedUser"]) + " from " + Text(row["ClientIpAddress"])
            + (string.IsNullOrEmpty(row["CommandName"]) ? string.Empty : "; command " + row["CommandName"]) + ".";
        findings.Add(Build(rule, row, detail, row["CommandName"]));
    }

    private static void EvaluateCmdlet(ILogRow row, ICollection<Finding> findings)
    {
        string? cmdlet = row["Cmdlet"];
        var parameters = CmdletLogEntry.SplitParameters(row["Parameters"] ?? string.Empty);
        bool succeeded = string.Equals(row["ExecutionResult"]?.Trim(), "Success", StringComparison.OrdinalIgnoreCase);
        if (ExchangeCmdletJudge.Judge(ExchangeCmdletRules.RemotePowerShell, cmdlet, parameters, succeeded) is not { } hit)
        {
            return;
        }

        string detail = hit.Detail + " Run by " + Text(row["AuthenticatedUser"]) + " (SID " + Text(row["ExecutingUserSid"]) + ") in " + Text(row["ProcessName"])
            + "; result " + Text(row["ExecutionResult"]) + (string.IsNullOrEmpty(row["ErrorType"]) ? string.Empty : " (" + row["ErrorType"] + ")") + ".";
        findings.Add(Build(hit.Rule, row, detail, cmdlet));
    }

    private static Finding Build(DetectionRule rule, ILogRow row, string detail, string? operation) =>
        new(rule, row.ComputerName)
        {
            Path = row.Path,
            LineNumber = row.LineNumber,
            Timestamp = row.Timestamp,
            Operation = operation,
            RawText = row.RawText,
            Detail = detail,
            ClientIp = row["ClientIpAddress"],
            UserAgent = row["ClientInfo"],
            HttpStatus = int.TryParse(row["HttpStatus"], NumberStyles.Integer, CultureInfo.InvariantCulture, out int status) ? status : null,
            Url = row["UrlStem"] is { Length: > 0 } stem ? stem + (row["UrlQuery"] ?? string.Empty) : null,
        };

    // "Email=autodiscover/autodiscover.json%3F@x", percent-encoded or not.
    private static bool ExplicitLogonQuery(string query)
    {
        if (query.IndexOf("autodiscover", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return false;
        }

        string decoded = query;
        for (int i = 0; i < 2 && decoded.IndexOf('%') >= 0; i++)
        {
            try
            {
                decoded = Uri.UnescapeDataString(decoded);
            }
            catch (UriFormatException)
            {
                break;
            }
        }

        return decoded.IndexOf("Email=autodiscover/", StringComparison.OrdinalIgnoreCase) >= 0
            || decoded.IndexOf("Email=autodiscover\\", StringComparison.OrdinalIgnoreCase) >= 0;
    }

    private static string Text(string? value) => string.IsNullOrWhiteSpace(value) ? "?" : value!;

    private static DetectionRule Rule(string id, Severity severity, Verdict verdict, Campaign campaign, AttackStage stage, string title, string rationale, params string[] cves) =>
        new(id, FindingCategory.RemotePowerShell, severity, verdict, title, rationale, SourceRps, cves) { Campaign = campaign, Stage = stage };
}
