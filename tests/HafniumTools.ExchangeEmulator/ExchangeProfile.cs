using System;
using System.Collections.Generic;

namespace HafniumTools.ExchangeEmulator;

/// <summary>
/// What an emulated front end is: its build, which build-revealing answers it gives (X-OWA-Version, the export-tool
/// manifest and version routing), how it answers the CVE-2021-26855 probe, its EWS account, and any planted web shells.
/// </summary>
public sealed record ExchangeProfile
{
    /// <summary>The account the emulated EWS accepts (Basic only; NTLM and Negotiate are offered but always refused).</summary>
    public const string EwsUser = @"CONTOSO\auditor";

    public const string EwsPassword = "P@ssw0rd-emulated";

    /// <summary>A short description for test names and benchmark output.</summary>
    public string Name { get; init; } = "Exchange";

    public SiteKind Kind { get; init; } = SiteKind.Exchange;

    /// <summary>The server's full build (ExSetup file version).</summary>
    public Version Build { get; init; } = new(15, 1, 2176, 2);

    /// <summary>The release build of the server's CU: what the export-tool manifest shows whatever SU is installed.</summary>
    public Version? CumulativeUpdateRelease { get; init; }

    /// <summary>Send X-OWA-Version with the full build on OWA answers (not every server does).</summary>
    public bool SendsOwaVersionHeader { get; init; }

    public SsrfBehavior Ssrf { get; init; } = SsrfBehavior.Patched;

    /// <summary>Serve the export tool manifest at /ecp/Current/exporttool/ (2013 and later).</summary>
    public bool ServesManifest { get; init; } = true;

    /// <summary>Route /ecp/&lt;build&gt;/exporttool/ to this server when &lt;build&gt; is exactly its build (2013 and later).</summary>
    public bool RoutesExportTool { get; init; } = true;

    /// <summary>Builds of other servers behind this front end, which the version route reaches as well (a site patched server by server).</summary>
    public IReadOnlyList<Version> OtherRoutedBuilds { get; init; } = [];

    /// <summary>How long the front end waits before each answer (a slow or distant server).</summary>
    public TimeSpan ResponseDelay { get; init; }

    /// <summary>The NetBIOS name in X-FEServer (2013 and later).</summary>
    public string FrontEndName { get; init; } = "EX01";

    /// <summary>The back end a patched front end names in X-CalculatedBETarget.</summary>
    public string BackEndFqdn { get; init; } = "ex01.contoso.local";

    /// <summary>Write the ServerVersionInfo namespace with https, as some localised copies of Microsoft's documentation do.</summary>
    public bool EwsHttpsNamespace { get; init; }

    /// <summary>When set, EWS answers POSTs with a redirect to this URL instead of asking for credentials.</summary>
    public string? EwsRedirectTo { get; init; }

    /// <summary>Planted files: absolute path (case-insensitive) to the body served with 200.</summary>
    public IReadOnlyDictionary<string, string> WebShells { get; init; } = new Dictionary<string, string>();

    public bool Is2010 => Build.Major == 14;

    /// <summary>The version folder of the OWA asset paths: the full build on 2010, the CU (three parts) on 2013 and later.</summary>
    public string AssetVersion => Is2010 ? Build.ToString(4) : Build.ToString(3);

    /// <summary>The version the manifest shows.</summary>
    public Version ManifestVersion => CumulativeUpdateRelease ?? Build;

    public static ExchangeProfile PlainWebSite { get; } = new() { Name = "plain IIS site", Kind = SiteKind.PlainWebSite };

    public static ExchangeProfile RedirectLoop { get; } = new() { Name = "redirect loop", Kind = SiteKind.RedirectLoop };

    public static ExchangeProfile CatchAll { get; } = new() { Name = "catch-all site", Kind = SiteKind.CatchAll };

    public static ExchangeProfile BrokenOwa { get; } = new() { Name = "Exchange with a broken OWA", Kind = SiteKind.BrokenOwa };

    /// <summary>A 2013, 2016, 2019 or SE front end at <paramref name="build"/> on the CU released as <paramref name="cumulativeUpdateRelease"/>.</summary>
    public static ExchangeProfile Exchange(string name, string build, string cumulativeUpdateRelease, SsrfBehavior ssrf, bool owaVersionHeader = false) => new()
    {
        Name = name,
        Build = Version.Parse(build),
        CumulativeUpdateRelease = Version.Parse(cumulativeUpdateRelease),
        Ssrf = ssrf,
        SendsOwaVersionHeader = owaVersionHeader,
    };

    /// <summary>An Exchange 2010 SP3 server: no front-end proxy, no export tool, the full build in the asset paths.</summary>
    public static ExchangeProfile Exchange2010(string name, string build, bool owaVersionHeader) => new()
    {
        Name = name,
        Build = Version.Parse(build),
        Ssrf = SsrfBehavior.NotAffected,
        SendsOwaVersionHeader = owaVersionHeader,
        ServesManifest = false,
        RoutesExportTool = false,
    };

    public override string ToString() => Name;
}
