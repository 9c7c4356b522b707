using System;
using System.Linq;

namespace HafniumTools.Logs.HttpProxy;

/// <summary>
/// The back-end URL a forged routing cookie smuggled into an HttpProxy row, read from
/// <c>AnchorMailbox = ServerInfo~&lt;host&gt;/&lt;path&gt;</c> or <c>BackEndCookie = Server~&lt;host&gt;/&lt;path&gt;~&lt;version&gt;</c>.
/// A value without a path (<c>ServerInfo~exch01.contoso.com</c>, the export tool's anchor) is not one.
/// </summary>
internal sealed class SsrfTarget
{
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"];

    // Interaction (out-of-band) services scanners use to see whether the server makes the request.
    private static readonly string[] OutOfBandDomains =
    [
        "burpcollaborator.net", "oastify.com", "interact.sh", "interactsh.com", "oast.pro", "oast.live", "oast.site", "oast.online",
        "oast.fun", "oast.me", "dnslog.cn", "ceye.io", "requestbin.net", "pipedream.net", "canarytokens.com", "ngrok.io", "xip.io",
    ];

    // The virtual directories of Exchange's back-end site (port 444) that a routed request can reach.
    private static readonly string[] ExchangeFolders =
    [
        "/ecp", "/owa", "/ews", "/mapi", "/autodiscover", "/oab", "/powershell", "/rpc", "/rpcwithcert", "/microsoft-server-activesync",
        "/api", "/rest", "/exchange", "/exchweb", "/public", "/pushnotifications",
    ];

    private SsrfTarget(string raw, string hostPart, string path)
    {
        Raw = raw;
        HostPart = hostPart;
        Path = path;
        Host = HostOf(hostPart);
    }

    /// <summary>The field value as logged.</summary>
    public string Raw { get; }

    /// <summary>Everything before the first '/', e.g. <c>a]@exch01.contoso.com:444</c>.</summary>
    public string HostPart { get; }

    /// <summary>The host alone, e.g. <c>exch01.contoso.com</c>.</summary>
    public string Host { get; }

    /// <summary>The back-end path and query, e.g. <c>/ecp/proxyLogon.ecp?#</c>.</summary>
    public string Path { get; }

    public bool IsLoopback =>
        HostPart.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) || LoopbackHosts.Any(h => string.Equals(h, Host, StringComparison.OrdinalIgnoreCase));

    public bool IsOutOfBand =>
        OutOfBandDomains.Any(d => string.Equals(Host, d, StringComparison.OrdinalIgnoreCase) || Host.EndsWith("." + d, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// True when the path names one of Exchange's own back-end virtual directories (/ecp, /ews, /mapi, /autodiscover,
    /// ...): what every exploitation chain reaches. An out-of-band probe names the tester's host with a bare or random
    /// path instead, whatever the domain.
    /// </summary>
    public bool NamesExchangePath
    {
        get
        {
            foreach (string folder in ExchangeFolders)
            {
                if (Path.Length > folder.Length
                    ? Path.StartsWith(folder, StringComparison.OrdinalIgnoreCase) && Path[folder.Length] is '/' or '?' or '#' or '.'
                    : string.Equals(Path, folder, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    public bool PathContains(string text) => Path.IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0;

    public bool PathStartsWith(string text) => Path.StartsWith(text, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <c>ServerInfo~host/path</c>; null when the anchor is something else or has no path.</summary>
    public static SsrfTarget? FromAnchorMailbox(string? anchor)
    {
        const string prefix = "ServerInfo~";
        if (anchor is null || !anchor.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Split(anchor, anchor.Substring(prefix.Length));
    }

    /// <summary>Reads <c>Server~host/path~version[~date]</c>; null when the cookie has no path.</summary>
    public static SsrfTarget? FromBackEndCookie(string? cookie)
    {
        const string prefix = "Server~";
        if (cookie is null || !cookie.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string value = cookie.Substring(prefix.Length);
        int slash = value.IndexOf('/');
        int lastTilde = value.LastIndexOf('~');
        if (slash < 0 || lastTilde < slash)
        {
            return null;
        }

        return Split(cookie, value.Substring(0, lastTilde));
    }

    private static SsrfTarget? Split(string raw, string value)
    {
        int slash = value.IndexOf('/');
        return slash < 0 ? null : new SsrfTarget(raw, value.Substring(0, slash), value.Substring(slash));
    }

    private static string HostOf(string hostPart)
    {
        string host = hostPart;
        int at = host.LastIndexOf('@');
        if (at >= 0)
        {
            host = host.Substring(at + 1);
        }

        host = host.Trim().Trim('[', ']');
        int colon = host.LastIndexOf(':');
        if (colon > 0 && host.IndexOf(':') == colon)
        {
            host = host.Substring(0, colon);
        }

        return host.TrimEnd('.');
    }
}
