using System;
using System.Globalization;

namespace HafniumTools.Logs.Waves;

/// <summary>
/// The facts of one front-end request that the ProxyShell, ProxyNotShell and OWASSRF rules judge, read the same way
/// from an IIS W3C row and an HttpProxy row: the path and query as logged and URL-decoded (twice, for double
/// encoding), the status, the method and whether the request was authenticated.
/// </summary>
internal sealed class WaveRequest
{
    public WaveRequest(string? stem, string? query, string? method, string? status, bool authenticated, string? userAgent)
    {
        Stem = stem ?? string.Empty;
        Query = query is null || query == "-" ? string.Empty : query.TrimStart('?');
        Method = method ?? string.Empty;
        StatusText = status ?? string.Empty;
        HttpStatus = int.TryParse(status, NumberStyles.Integer, CultureInfo.InvariantCulture, out int code) ? code : null;
        IsAuthenticated = authenticated;
        UserAgent = userAgent;
        RawUrl = Query.Length == 0 ? Stem : Stem + "?" + Query;
        DecodedUrl = Decode(Decode(RawUrl));
        DecodedStem = Decode(Decode(Stem));
    }

    /// <summary>The path with percent-encoding undone (twice).</summary>
    public string DecodedStem { get; }

    /// <summary>The path as logged.</summary>
    public string Stem { get; }

    /// <summary>The query as logged, without its leading '?'.</summary>
    public string Query { get; }

    public string Method { get; }

    public string StatusText { get; }

    public int? HttpStatus { get; }

    public bool IsAuthenticated { get; }

    public string? UserAgent { get; }

    /// <summary>Path and query as logged.</summary>
    public string RawUrl { get; }

    /// <summary>Path and query with percent-encoding undone (twice).</summary>
    public string DecodedUrl { get; }

    /// <summary>The back end answered: 200 (or another 2xx).</summary>
    public bool Succeeded => HttpStatus is >= 200 and < 300;

    public bool Contains(string text) => DecodedUrl.IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0;

    public bool RawContains(string text) => RawUrl.IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0;

    private static string Decode(string text)
    {
        if (text.IndexOf('%') < 0)
        {
            return text;
        }

        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
