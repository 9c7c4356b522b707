using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using HafniumTools.Model;

namespace HafniumTools.Logs.HttpProxy;

/// <summary>
/// CVE-2021-26855 in Exchange's HttpProxy logs (every protocol folder): SSRF rows classified into exploitation
/// chains, attempts and probes, and unauthenticated requests to non-Exchange pages (web shells answering or
/// being looked for). Benign shapes stay silent: ServerInfo anchors without a path (export tool), DDI calls by
/// authenticated administrators, health probes.
/// </summary>
internal sealed class HttpProxyRules : ILogRowRules, ILogLineHints
{
    // Static-resource extensions the BEResource handler accepts, so the attack's carrier URLs end in them.
    private static readonly string[] ResourceExtensions =
    [
        ".axd", ".crx", ".css", ".eot", ".gif", ".jpg", ".js", ".htm", ".html", ".ico", ".manifest", ".mp3", ".msi", ".png", ".svg",
        ".ttf", ".wav", ".woff", ".bin", ".dat", ".exe", ".flt", ".mui", ".xap", ".skin",
    ];

    private static readonly string[] ToolUserAgents =
    [
        "python-requests", "ExchangeServicesClient/0.0.0.0", "Nmap Scripting Engine", "antSword",
    ];

    private static readonly WebPageRules PageRules = new(
        HttpProxyRuleCatalog.WebShellAnswered, HttpProxyRuleCatalog.LookAlikeAnswered, HttpProxyRuleCatalog.ShellSweep, HttpProxyRuleCatalog.ShellErrored);

    public IReadOnlyList<LogKind> Kinds { get; } = [LogKind.HttpProxy];

    public IReadOnlyList<DetectionRule> Rules => HttpProxyRuleCatalog.All;

    /// <summary>
    /// A row can only match when it holds a ServerInfo/Server routing value or a server-side page name. The
    /// X-BEResource / X-AnonResource routing hints always come with a ServerInfo anchor. The needles share the '~'
    /// and 'x' byte passes, which keeps the scan at three vectorised passes per buffer.
    /// </summary>
    public IReadOnlyList<string> RequiredSubstrings { get; } =
        ["ServerInfo~", "Server~", ".aspx", ".ashx"];

    public void Evaluate(ILogRow row, ICollection<Finding> findings)
    {
        if (row is null || findings is null)
        {
            return;
        }

        string? anchor = row["AnchorMailbox"];
        var anchorTarget = SsrfTarget.FromAnchorMailbox(anchor);
        var cookieTarget = anchorTarget is null ? SsrfTarget.FromBackEndCookie(row["BackEndCookie"]) : null;
        if ((anchorTarget ?? cookieTarget) is { } target)
        {
            var ssrf = new ProxyRequest(row);
            findings.Add(ssrf.Finding(ClassifySsrf(target, ssrf, fromCookie: anchorTarget is null), SsrfDetail(target, ssrf, anchorTarget is null)));
            return;
        }

        // Without an SSRF target only unauthenticated page requests matter: most candidate rows stop here.
        if (ProxyRequest.IsAuthenticatedRow(row))
        {
            return;
        }

        if (EvaluatePage(new ProxyRequest(row)) is { } page)
        {
            findings.Add(page);
        }
    }

    private static string? ToolUserAgentOf(string? userAgent) =>
        userAgent is null ? null : ToolUserAgents.FirstOrDefault(t => userAgent.IndexOf(t, StringComparison.OrdinalIgnoreCase) >= 0);

    private static DetectionRule ClassifySsrf(SsrfTarget target, ProxyRequest request, bool fromCookie)
    {
        // A known interaction service is a probe whatever the path; the list only adds confidence to the shape below.
        if (target.IsOutOfBand)
        {
            return HttpProxyRuleCatalog.OutOfBandProbe;
        }

        if (target.PathContains("ResetOABVirtualDirectory"))
        {
            return HttpProxyRuleCatalog.OabReset;
        }

        if (target.PathContains("/DDIService.svc/SetObject") && target.PathContains("OABVirtualDirectory"))
        {
            return HttpProxyRuleCatalog.OabSetObject;
        }

        if (target.PathContains("/proxyLogon.ecp") && request.HttpStatus == 241)
        {
            return HttpProxyRuleCatalog.EcpLogon241;
        }

        if (target.PathContains("/EWS/"))
        {
            return HttpProxyRuleCatalog.EwsThroughSsrf;
        }

        if (target.IsLoopback)
        {
            return HttpProxyRuleCatalog.LocalhostProbe;
        }

        // The back end named is no Exchange path: the server is asked to call the tester's host, a probe by its shape.
        if (!target.NamesExchangePath)
        {
            return HttpProxyRuleCatalog.OutOfBandProbe;
        }

        if (target.PathStartsWith("/autodiscover"))
        {
            return HttpProxyRuleCatalog.AutodiscoverOnly;
        }

        return fromCookie ? HttpProxyRuleCatalog.SsrfBackEndCookie : HttpProxyRuleCatalog.SsrfAnchor;
    }

    private static string SsrfDetail(SsrfTarget target, ProxyRequest request, bool fromCookie)
    {
        var text = new StringBuilder();
        text.Append("Back-end target ").Append(target.HostPart).Append(target.Path);
        if (fromCookie)
        {
            text.Append(" (from BackEndCookie)");
        }

        text.Append("; carrier ").Append(request.Method).Append(' ').Append(request.UrlStem);
        if (IsResourceStem(request.UrlStem))
        {
            text.Append(" (static resource");
            if (request.UrlStem!.IndexOf("/themes/resources/", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                text.Append(", OWA theme resource");
            }

            text.Append(')');
        }

        if (!target.IsLoopback && (target.IsOutOfBand || !target.NamesExchangePath))
        {
            text.Append(target.IsOutOfBand ? "; a known out-of-band interaction service" : "; the back end named is no Exchange path (an out-of-band interaction test)");
        }

        text.Append("; HTTP ").Append(request.StatusText);
        if (!string.IsNullOrEmpty(request.BackEndStatus))
        {
            text.Append(", back end ").Append(request.BackEndStatus);
        }

        if (!string.IsNullOrEmpty(request.RoutingHint))
        {
            text.Append("; routing hint ").Append(request.RoutingHint);
        }

        if (request.ToolUserAgent is not null)
        {
            text.Append("; exploit tool user agent (").Append(request.ToolUserAgent).Append(')');
        }

        if (target.PathContains("ResetOABVirtualDirectory"))
        {
            text.Append(request.HttpStatus == 200
                ? "; the reset succeeded: the file named in the request was written, find and remove it"
                : "; the reset did not answer 200, but the SSRF ran: the file may still have been written, search owa\\auth, aspnet_client and ClientAccess\\OAB");
        }
        else if (target.PathContains("/proxyLogon.ecp") && request.HttpStatus != 241)
        {
            text.Append("; proxyLogon.ecp did not answer 241, so no ECP session was obtained by this request");
        }

        return text.Append('.').ToString();
    }

    private static Finding? EvaluatePage(ProxyRequest request)
    {
        var kind = ExchangeWebPages.Classify(request.UrlStem, out var lookAlikeOf);
        var rule = PageRules.For(ExchangeWebPages.Outcome(kind, request.HttpStatus));
        return rule is null || request.IsAuthenticated
            ? null
            : request.Finding(rule, WebPageRules.Describe(request.Method, request.UrlStem, request.StatusText, request.ClientIp, lookAlikeOf));
    }

    private static bool IsResourceStem(string? stem) =>
        stem is not null && ResourceExtensions.Any(e => stem.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The fields of one HttpProxy row that the rules and findings use.</summary>
    private sealed class ProxyRequest
    {
        private readonly ILogRow _row;

        public ProxyRequest(ILogRow row)
        {
            _row = row;
            AnchorMailbox = row["AnchorMailbox"];
            UrlStem = row["UrlStem"];
            StatusText = row["HttpStatus"] ?? string.Empty;
            HttpStatus = int.TryParse(StatusText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int status) ? status : null;
            UserAgent = row["UserAgent"];
            ToolUserAgent = ToolUserAgentOf(UserAgent);
            Method = row["Method"] ?? string.Empty;
            RoutingHint = row["RoutingHint"];
            BackEndStatus = row["BackEndStatus"];
            ClientIp = row["ClientIpAddress"];
            IsAuthenticated = IsAuthenticatedRow(row);
        }

        public string? AnchorMailbox { get; }

        public string? UrlStem { get; }

        public string StatusText { get; }

        public int? HttpStatus { get; }

        public string? UserAgent { get; }

        public string? ToolUserAgent { get; }

        public string Method { get; }

        public string? RoutingHint { get; }

        public string? BackEndStatus { get; }

        public string? ClientIp { get; }

        public bool IsAuthenticated { get; }

        public static bool IsAuthenticatedRow(ILogRow row) =>
            string.Equals(row["IsAuthenticated"], "true", StringComparison.OrdinalIgnoreCase) || !string.IsNullOrWhiteSpace(row["AuthenticatedUser"]);

        public Finding Finding(DetectionRule rule, string detail)
        {
            string? query = _row["UrlQuery"];
            string? host = _row["UrlHost"];
            return new Finding(rule, _row.ComputerName)
            {
                Path = _row.Path,
                LineNumber = _row.LineNumber,
                Timestamp = _row.Timestamp,
                Url = (string.IsNullOrEmpty(host) ? string.Empty : "https://" + host) + UrlStem + (string.IsNullOrEmpty(query) ? string.Empty : query),
                ClientIp = ClientIp,
                UserAgent = UserAgent,
                AnchorMailbox = AnchorMailbox,
                HttpStatus = HttpStatus,
                Operation = Method,
                RawText = _row.RawText,
                Detail = detail,
            };
        }
    }
}
