namespace HafniumTools.Model;

/// <summary>
/// The wave of attacks on on-premises Exchange a finding is evidence of. Each rule belongs to one; a server can be
/// clean for one campaign and compromised through another.
/// </summary>
public enum Campaign
{
    /// <summary>March 2021, HAFNIUM: CVE-2021-26855 SSRF, -26857, -26858, -27065.</summary>
    ProxyLogon = 0,

    /// <summary>August 2021: CVE-2021-34473 autodiscover path confusion, -34523 X-Rps-CAT, -31207 mailbox export to a web path.</summary>
    ProxyShell = 1,

    /// <summary>September 2022: CVE-2022-41040 authenticated autodiscover SSRF, -41082 PowerShell remote code execution.</summary>
    ProxyNotShell = 2,

    /// <summary>December 2022: CVE-2022-41080 SSRF through OWA (<c>/owa/&lt;mailbox&gt;/powershell</c>) with -41082.</summary>
    OWASSRF = 3,
}
