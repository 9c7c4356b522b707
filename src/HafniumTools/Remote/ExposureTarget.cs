using System;
using System.Globalization;

namespace HafniumTools.Remote;

/// <summary>
/// One endpoint to probe: scheme, host and port, and the name the result carries. Built from a computer name (the
/// FQDN when the input had one, else the name as given) with a port, or from an http(s) URI. Only the scheme, host and
/// port of a URI are used: Exchange publishes its virtual directories at the root of the site.
/// </summary>
internal sealed class ExposureTarget
{
    private ExposureTarget(string input, string computerName, string scheme, string host, int port)
    {
        Input = input;
        ComputerName = computerName;
        Scheme = scheme;
        Host = host;
        Port = port;
        bool defaultPort = port == (IsHttps ? 443 : 80);
        string authority = Uri.CheckHostName(host) == UriHostNameType.IPv6 ? "[" + host + "]" : host;
        HostHeader = defaultPort ? authority : authority + ":" + port.ToString(CultureInfo.InvariantCulture);
        BaseUri = new Uri(scheme + "://" + authority + ":" + port.ToString(CultureInfo.InvariantCulture) + "/");
    }

    /// <summary>The input as given, for the result's Target.</summary>
    public string Input { get; }

    /// <summary>The server's name for the result: the FQDN or name as given, or the URI's host.</summary>
    public string ComputerName { get; }

    /// <summary><c>https</c> or <c>http</c>.</summary>
    public string Scheme { get; }

    /// <summary>The host to connect to: a DNS name or an address (IPv6 without brackets).</summary>
    public string Host { get; }

    public int Port { get; }

    public bool IsHttps => Scheme == "https";

    /// <summary>The Host header value: the host (IPv6 in brackets), with the port unless it is the scheme's default.</summary>
    public string HostHeader { get; }

    /// <summary>scheme://host:port/.</summary>
    public Uri BaseUri { get; }

    /// <summary>The absolute URL of <paramref name="pathAndQuery"/> on this target, for evidence.</summary>
    public string Url(string pathAndQuery) => Scheme + "://" + HostHeader + pathAndQuery;

    /// <summary>
    /// A target from a name or address and a port. <c>host:port</c> is read as such for names and IPv4 addresses, and
    /// <c>[v6]:port</c> for IPv6; text with <c>://</c> is read as a URI.
    /// </summary>
    public static bool TryParse(string? text, int defaultPort, out ExposureTarget? target, out string? reason)
    {
        target = null;
        string trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            reason = "the name is empty";
            return false;
        }

        if (trimmed.IndexOf("://", StringComparison.Ordinal) >= 0)
        {
            return TryFromUri(trimmed, trimmed, out target, out reason);
        }

        string host = trimmed;
        int port = defaultPort;
        if (SplitPort(trimmed, out string? namePart, out int parsedPort, out reason))
        {
            host = namePart!;
            port = parsedPort;
        }
        else if (reason is not null)
        {
            return false;
        }

        return TryFromName(trimmed, host, port, out target, out reason);
    }

    /// <summary>A target from a server name as given (the result keeps <paramref name="name"/> as ComputerName).</summary>
    public static bool TryFromName(string input, string name, int port, out ExposureTarget? target, out string? reason)
    {
        target = null;
        string host = name.Trim();
        if (host.StartsWith("[", StringComparison.Ordinal) && host.EndsWith("]", StringComparison.Ordinal))
        {
            host = host.Substring(1, host.Length - 2);
        }

        if (Uri.CheckHostName(host) == UriHostNameType.Unknown || host.Length > 253)
        {
            reason = $"'{name}' is not a host name or an IP address";
            return false;
        }

        if (port is < 1 or > 65535)
        {
            reason = $"port {port.ToString(CultureInfo.InvariantCulture)} is outside 1-65535";
            return false;
        }

        reason = null;
        target = new ExposureTarget(input, host, "https", host, port);
        return true;
    }

    /// <summary>A target from http or https URI text; the result names the server by the URI's host.</summary>
    public static bool TryFromUri(string input, string uriText, out ExposureTarget? target, out string? reason)
    {
        target = null;
        if (!Uri.TryCreate(uriText, UriKind.Absolute, out var uri))
        {
            reason = $"'{uriText}' is not an absolute URI";
            return false;
        }

        return TryFromUri(input, uri, out target, out reason);
    }

    /// <summary>A target from an http or https URI; the result names the server <paramref name="computerName"/>, else by the URI's host.</summary>
    public static bool TryFromUri(string input, Uri uri, out ExposureTarget? target, out string? reason) =>
        TryFromUri(input, uri, null, out target, out reason);

    /// <summary>A target from an http or https URI, named <paramref name="computerName"/> when given (else by the URI's host).</summary>
    public static bool TryFromUri(string input, Uri uri, string? computerName, out ExposureTarget? target, out string? reason)
    {
        target = null;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            reason = "the URI is not absolute";
            return false;
        }

        string scheme = uri.Scheme.ToLowerInvariant();
        if (scheme != "https" && scheme != "http")
        {
            reason = $"'{uri.OriginalString}' is not an http or https URI";
            return false;
        }

        if (uri.HostNameType is UriHostNameType.Unknown or UriHostNameType.Basic || uri.Host.Length == 0)
        {
            reason = $"'{uri.OriginalString}' has no host";
            return false;
        }

        reason = null;
        string host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        target = new ExposureTarget(input, string.IsNullOrWhiteSpace(computerName) ? host : computerName!.Trim(), scheme, host, uri.Port);
        return true;
    }

    public override string ToString() => BaseUri.ToString();

    // "name:443", "10.0.0.5:8443", "[::1]:443": true with the parts; false with no reason when there is no port;
    // false with a reason when the port is not a number in range.
    private static bool SplitPort(string text, out string? host, out int port, out string? reason)
    {
        host = null;
        port = 0;
        reason = null;
        int colon = text.LastIndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        bool bracketed = text.StartsWith("[", StringComparison.Ordinal);
        if (!bracketed && text.IndexOf(':') != colon)
        {
            return false; // a bare IPv6 address: its colons are not a port separator
        }

        if (bracketed && text[colon - 1] != ']')
        {
            return false;
        }

        string portText = text.Substring(colon + 1);
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            reason = $"'{portText}' in '{text}' is not a port number (1-65535)";
            return false;
        }

        host = text.Substring(0, colon);
        return true;
    }
}
