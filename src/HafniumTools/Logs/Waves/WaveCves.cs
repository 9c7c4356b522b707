namespace HafniumTools.Logs.Waves;

/// <summary>The CVEs of the 2021-2022 waves after ProxyLogon, and where their facts come from.</summary>
internal static class WaveCves
{
    /// <summary>ProxyShell: autodiscover explicit-logon path confusion (anonymous SSRF to any back-end path).</summary>
    public const string Cve34473 = "CVE-2021-34473";

    /// <summary>ProxyShell: the PowerShell back end accepts a forged X-Rps-CAT token (elevation to any mailbox user).</summary>
    public const string Cve34523 = "CVE-2021-34523";

    /// <summary>ProxyShell: New-MailboxExportRequest writes a file to any path (post-auth arbitrary file write).</summary>
    public const string Cve31207 = "CVE-2021-31207";

    /// <summary>ProxyNotShell: the autodiscover SSRF for an authenticated user.</summary>
    public const string Cve41040 = "CVE-2022-41040";

    /// <summary>ProxyNotShell and OWASSRF: remote code execution in the PowerShell back end.</summary>
    public const string Cve41082 = "CVE-2022-41082";

    /// <summary>OWASSRF: the SSRF through OWA (<c>/owa/&lt;mailbox&gt;/powershell</c>).</summary>
    public const string Cve41080 = "CVE-2022-41080";

    public const string SourceProxyShell = "Orange Tsai / ZDI ProxyShell write-up; PoCs dmaasland/proxyshell-poc, horizon3ai/proxyshell, ktecv2000/ProxyShell; Sigma web_exchange_proxyshell";
    public const string SourceProxyNotShell = "MSRC 2022-09-29 customer guidance; GTSC 2022-09-28; ZDI ProxyNotShell write-up; testanull/ProxyNotShell-PoC; CSS-Exchange EOMTv2 rule history";
    public const string SourceOwassrf = "CrowdStrike OWASSRF analysis (2022-12); balki97 OWASSRF PoC; signature-base expl_proxynotshell_owassrf_dec22";
    public const string SourceRps = "CrowdStrike/OWASSRF Rps_Http-IOC.ps1; Exchange CmdletInfra Rps_Http and Rps_Cmdlet logs (DebugPrivilege InsightEngineering captures)";
}
