using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using HafniumTools.Model;

namespace HafniumTools.Files.MailboxExport;

/// <summary>
/// Where ProxyShell's tools put their shells, by name and folder: <c>aspnet_client\&lt;16 lowercase&gt;.aspx</c>
/// (dmaasland, horizon3, ktecv2000), <c>owa\auth\&lt;10 hex&gt;.aspx</c> (Huntress), and page files under a folder
/// named like a DOS device (<c>ProgramData\COM1</c>), which only a <c>\\?\</c> path can create. A lead, not proof:
/// the content rules judge the file.
/// </summary>
internal static class ProxyShellLocation
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);
    private static readonly Regex ExportName = new(@"^[a-z]{16}\.aspx$", RegexOptions.CultureInvariant, Timeout);
    private static readonly Regex OwaAuthName = new(@"^[0-9a-f]{10}\.aspx$", RegexOptions.CultureInvariant, Timeout);
    private static readonly Regex DeviceFolder = new(@"^(?:CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);

    public static readonly DetectionRule ExportShellName = new(
        "HT-PST-010", FindingCategory.FileSystem, Severity.Medium, Verdict.Anomaly,
        "Page named and placed like a ProxyShell export shell",
        "ProxyShell exploits write random 16-letter lowercase .aspx names into aspnet_client (ktecv2000's 6-letter names are too close to real words to flag) and 10-hex-digit names into owa\\auth; the name and folder alone are a lead, the content rules judge the file.",
        "dmaasland/proxyshell-poc; horizon3ai/proxyshell; ktecv2000/ProxyShell; signature-base filename IOCs (Huntress block)",
        "CVE-2021-31207") { Campaign = Campaign.ProxyShell };

    public static readonly DetectionRule DeviceNameFolder = new(
        "HT-PST-011", FindingCategory.FileSystem, Severity.Medium, Verdict.Anomaly,
        "Page under a folder named like a DOS device (COM1, CON, AUX...)",
        "Folders named CON, AUX or COM1 can only be made through \\\\?\\ paths; ProxyShell actors hid shells there (and pointed IIS virtual directories at them).",
        "signature-base SUSP_IIS_Config_ProxyShell_Artifacts and filename IOCs",
        "CVE-2021-31207") { Campaign = Campaign.ProxyShell };

    public static IReadOnlyList<DetectionRule> All { get; } = [ExportShellName, DeviceNameFolder];

    /// <summary>The lead for a file at this location, or null.</summary>
    public static (DetectionRule Rule, string Detail)? Inspect(WebFolderLocation location)
    {
        if (location is null || !ServerCode.IsPageExtension(location.FileName))
        {
            return null;
        }

        try
        {
            foreach (string folder in location.Segments)
            {
                if (DeviceFolder.IsMatch(folder))
                {
                    return (DeviceNameFolder, location.FileName + " sits under a folder named " + folder + ".");
                }
            }

            if ((location.Kind == WebFolderKind.AspnetClient && ExportName.IsMatch(location.FileName))
                || (location.Kind == WebFolderKind.OwaAuth && OwaAuthName.IsMatch(location.FileName)))
            {
                return (ExportShellName, location.FileName + " in " + location.Kind + " has the shape of a ProxyShell export name.");
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }

        return null;
    }
}
