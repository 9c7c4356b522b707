using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace HafniumTools.Remote;

/// <summary>One HTTP response as read within the caps: status, headers in order, and the body up to the body cap.</summary>
internal sealed class ProbeResponse
{
    private string? _bodyText;

    public ProbeResponse(int statusCode, string reasonPhrase, string httpVersion, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, bool bodyTruncated, bool connectionReusable)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        HttpVersion = httpVersion;
        Headers = headers;
        Body = body;
        BodyTruncated = bodyTruncated;
        ConnectionReusable = connectionReusable;
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    /// <summary><c>HTTP/1.1</c> or <c>HTTP/1.0</c>.</summary>
    public string HttpVersion { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The body bytes read (at most the body cap).</summary>
    public byte[] Body { get; }

    /// <summary>True when the body was longer than the cap or the connection closed before its end.</summary>
    public bool BodyTruncated { get; }

    /// <summary>True when the next request may use the same connection (HTTP/1.1 keep-alive, body read to its end).</summary>
    public bool ConnectionReusable { get; }

    /// <summary>The body decoded as UTF-8 (invalid bytes become U+FFFD).</summary>
    public string BodyText => _bodyText ??= Encoding.UTF8.GetString(Body);

    public bool IsRedirect => StatusCode is 301 or 302 or 303 or 307 or 308;

    /// <summary>The first value of header <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    /// <summary>Every value of header <paramref name="name"/>, in order.</summary>
    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>The status line, e.g. "302 Found".</summary>
    public string StatusText => ReasonPhrase.Length == 0 ? StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + ReasonPhrase;
}
