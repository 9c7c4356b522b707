using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using HafniumTools.Model;

namespace HafniumTools.Logs.Iis;

/// <summary>
/// ProxyLogon in IIS W3C logs (<c>inetpub\logs\LogFiles\W3SVC*</c>): POSTs to the static-resource carriers of the
/// SSRF (and the 241 answer that proves it worked), and unauthenticated requests to non-Exchange pages in the
/// Exchange and aspnet_client folders (web shells answering or being looked for). IIS writes spaces in the user
/// agent as '+'.
/// </summary>
internal sealed class IisRules : ILogRowRules, ILogLineHints
{
    private static readonly Regex CarrierStem = new(
        @"^/(ecp/[a-z0-9]{1,3}\.js|ecp/auth/[a-z0-9]{1,3}\.js|owa/auth/[a-z0-9]{1,3}\.js|ecp/default\.flt|ecp/main\.css|owa/auth/current/themes/resources/[^/]+|owa/auth/current/?)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        TimeSpan.FromMilliseconds(200));

    private static readonly WebPageRules PageRules = new(
        IisRuleCatalog.WebShellAnswered, IisRuleCatalog.LookAlikeAnswered, IisRuleCatalog.ShellSweep, IisRuleCatalog.ShellErrored);

    public IReadOnlyList<LogKind> Kinds { get; } = [LogKind.IisW3c];

    public IReadOnlyList<DetectionRule> Rules => IisRuleCatalog.All;

    /// <summary>
    /// Rows can only match on a carrier (a POST whose stem is under /ecp/ or /owa/auth/) or a server-side page name:
    /// the users' own POSTs to EWS, MAPI, ActiveSync and the rest (most of an Exchange IIS log) are never parsed.
    /// </summary>
    public IReadOnlyList<string> RequiredSubstrings { get; } = ["/ecp/", "/owa/auth/", ".aspx", ".ashx"];

    public void Evaluate(ILogRow row, ICollection<Finding> findings)
    {
        if (row is null || findings is null)
        {
            return;
        }

        string? stem = row["cs-uri-stem"];
        string? method = row["cs-method"];
        bool carrier = string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) && stem is not null && MayBeCarrier(stem) && CarrierStem.IsMatch(stem);
        string? user = carrier ? null : row["cs-username"];
        if (!carrier && !string.IsNullOrEmpty(user) && user != "-")
        {
            // An authenticated request to anything but a carrier is the users' own traffic (most of an Exchange IIS log).
            return;
        }

        int? status = int.TryParse(row["sc-status"], NumberStyles.Integer, CultureInfo.InvariantCulture, out int code) ? code : null;
        if (carrier)
        {
            var rule = status switch
            {
                241 => IisRuleCatalog.CarrierAnswered241,
                200 => IisRuleCatalog.CarrierAnswered,
                _ => IisRuleCatalog.CarrierPost,
            };
            findings.Add(Build(rule, row, stem!, status, string.Format(CultureInfo.InvariantCulture, "POST {0} answered {1}.", stem, status)));
            return;
        }

        var kind = ExchangeWebPages.ClassifyIisRequest(stem, out var lookAlikeOf);
        if (PageRules.For(ExchangeWebPages.Outcome(kind, status)) is { } page)
        {
            string? statusText = status?.ToString(CultureInfo.InvariantCulture);
            findings.Add(Build(page, row, stem!, status, WebPageRules.Describe(method, stem, statusText, row["c-ip"], lookAlikeOf)));
        }
    }

    // Every carrier stem is under /ecp/ or /owa/auth/: the others need no regular expression.
    private static bool MayBeCarrier(string stem) =>
        stem.StartsWith("/ecp/", StringComparison.OrdinalIgnoreCase) || stem.StartsWith("/owa/auth/", StringComparison.OrdinalIgnoreCase);

    private static Finding Build(DetectionRule rule, ILogRow row, string stem, int? status, string detail)
    {
        string? query = row["cs-uri-query"];
        string? agent = row["cs(User-Agent)"];
        return new Finding(rule, row.ComputerName)
        {
            Path = row.Path,
            LineNumber = row.LineNumber,
            Timestamp = row.Timestamp,
            Url = stem + (string.IsNullOrEmpty(query) || query == "-" ? string.Empty : "?" + query),
            ClientIp = row["c-ip"],
            UserAgent = agent is null || agent == "-" ? null : agent.Replace('+', ' '),
            HttpStatus = status,
            Operation = row["cs-method"],
            RawText = row.RawText,
            Detail = detail,
        };
    }
}
