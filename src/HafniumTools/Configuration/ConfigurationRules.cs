using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Configuration;

/// <summary>
/// The rules of the OAB and ECP anomaly checks: virtual directory URLs, and configuration dumps on disk, which every
/// on-disk scan judges with these rules (<see cref="ConfigurationDumpCheck"/>). Ids are stable; a retired rule keeps
/// its id unused: HT-ECP-101 and HT-ECP-102 (an unexpected file in the ECP auth folder) are retired, that folder being
/// judged by the web-shell location rules (<see cref="Files.WebShellRules"/> HT-WS-020 to HT-WS-022) for every cmdlet.
/// </summary>
internal static class ConfigurationRules
{
    private const string Cve27065 = "CVE-2021-27065";
    private const string Cve26855 = "CVE-2021-26855";
    private const string MicrosoftGuidance = "Microsoft Security Blog, HAFNIUM targeting Exchange Servers (2021-03-02): virtual directory URLs must be valid URIs and never contain script";
    private const string OrangeTsai = "Orange Tsai, ProxyLogon (2021): SetObject OABVirtualDirectory ExternalUrl + ResetOABVirtualDirectory writes the property dump to a chosen path";

    /// <summary>HT-VD-001: script or markup in a URL of an OAB virtual directory.</summary>
    public static readonly DetectionRule OabUrlScript = new(
        "HT-VD-001", FindingCategory.Oab, Severity.Critical, Verdict.Exploitation,
        "Script in an OAB virtual directory URL",
        "Setting an OAB virtual directory URL to a script is the first step of the CVE-2021-27065 web-shell chain; an administrator never configures markup in a URL.",
        OrangeTsai, Cve27065, Cve26855);

    /// <summary>HT-VD-002: an OAB URL that is not a well-formed http(s) URI but carries no script.</summary>
    public static readonly DetectionRule OabUrlMalformed = new(
        "HT-VD-002", FindingCategory.Oab, Severity.Low, Verdict.Anomaly,
        "Malformed OAB virtual directory URL",
        "OAB URLs should be absolute http(s) URIs; a malformed value carries no script but breaks clients and may be a tampering leftover.",
        MicrosoftGuidance);

    /// <summary>HT-VD-003: script or markup in a URL of any other virtual directory.</summary>
    public static readonly DetectionRule VirtualDirectoryUrlScript = new(
        "HT-VD-003", FindingCategory.Ecp, Severity.High, Verdict.Exploitation,
        "Script in a virtual directory URL",
        "Script in a Set-*VirtualDirectory URL is how CVE-2021-27065 plants a web shell through a Reset-*VirtualDirectory dump; no legitimate URL contains markup.",
        MicrosoftGuidance, Cve27065, Cve26855);

    /// <summary>HT-VD-004: a URL of another virtual directory that is not a well-formed http(s) URI but carries no script.</summary>
    public static readonly DetectionRule VirtualDirectoryUrlMalformed = new(
        "HT-VD-004", FindingCategory.Ecp, Severity.Low, Verdict.Anomaly,
        "Malformed virtual directory URL",
        "Virtual directory URLs should be absolute http(s) URIs; a malformed value carries no script but deserves a look.",
        MicrosoftGuidance);

    /// <summary>HT-OAB-101: a virtual directory configuration dump on disk whose URL fields carry script.</summary>
    public static readonly DetectionRule ConfigurationDumpShell = new(
        "HT-OAB-101", FindingCategory.FileSystem, Severity.Critical, Verdict.Compromise,
        "OAB dump web shell (script in a URL)",
        "ResetOABVirtualDirectory wrote the directory's property dump to disk with the script set in its URL; served as a page, the script runs as a China Chopper web shell.",
        OrangeTsai, Cve27065, Cve26855);

    /// <summary>HT-OAB-102: a script-free configuration dump saved under a server-executable name in a web folder.</summary>
    public static readonly DetectionRule ConfigurationDumpExecutableName = new(
        "HT-OAB-102", FindingCategory.FileSystem, Severity.Low, Verdict.Anomaly,
        "Script-free vdir dump saved as a page",
        "A script-free dump runs nothing, but a dump saved as an .aspx in a web folder matches how the CVE-2021-27065 chain writes files; check who wrote it.",
        OrangeTsai, Cve27065);

    /// <summary>HT-OAB-103: a script-free configuration dump under a plain-text name.</summary>
    public static readonly DetectionRule ConfigurationDumpText = new(
        "HT-OAB-103", FindingCategory.FileSystem, Severity.Informational, Verdict.Context,
        "Virtual directory settings dump",
        "A script-free, non-executable dump is usually an administrator's backup of the settings; listed for completeness.",
        OrangeTsai);

    /// <summary>HT-OAB-104: a configuration dump with script that IIS does not run (not a page, or client-side markup only).</summary>
    public static readonly DetectionRule ConfigurationDumpScriptNotServed = new(
        "HT-OAB-104", FindingCategory.FileSystem, Severity.High, Verdict.Exploitation,
        "Vdir dump with script IIS does not run",
        "The dump proves script was set in a virtual directory URL and written to disk (CVE-2021-27065); as saved here the server does not execute it, so look for the copy it does run.",
        OrangeTsai, Cve27065, Cve26855);

    /// <summary>HT-OAB-105: a configuration dump whose URL holds only escaped or percent-encoded markup.</summary>
    public static readonly DetectionRule ConfigurationDumpEncodedMarkup = new(
        "HT-OAB-105", FindingCategory.FileSystem, Severity.Low, Verdict.Anomaly,
        "Vdir dump with encoded markup in a URL",
        "Escaped or percent-encoded markup runs nothing as saved; usually a copied write-up or log excerpt, worth a look for where the text came from.",
        OrangeTsai, Cve27065);

    /// <summary>Every rule of this domain, for listing.</summary>
    public static IReadOnlyList<DetectionRule> All { get; } =
    [
        OabUrlScript, OabUrlMalformed, VirtualDirectoryUrlScript, VirtualDirectoryUrlMalformed,
        ConfigurationDumpShell, ConfigurationDumpExecutableName, ConfigurationDumpText, ConfigurationDumpScriptNotServed, ConfigurationDumpEncodedMarkup,
    ];
}
