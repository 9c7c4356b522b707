using System;

namespace HafniumTools.Builds;

/// <summary>
/// What a servicing line fixes at one position: which catalogued CVEs are open or cannot be verified, and the
/// ProxyLogon verdict. Constant between two consecutive catalog builds of the line, so it is computed once per
/// segment and shared by every audit that lands there.
/// </summary>
internal sealed class LineVerdict
{
    public LineVerdict(ProxyLogonStatus status, string[] missing, string[] open, string[] unverified)
    {
        Status = status;
        Missing = missing;
        Open = open;
        Unverified = unverified;
    }

    public ProxyLogonStatus Status { get; }

    /// <summary>ProxyLogon CVEs open.</summary>
    public string[] Missing { get; }

    public string[] Open { get; }

    public string[] Unverified { get; }

    public static LineVerdict Empty { get; } = new(ProxyLogonStatus.Unknown, Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>());
}
