using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;

namespace HafniumTools.Files;

/// <summary>
/// Where web shells and their context live on an Exchange server: the IIS <c>aspnet_client</c> tree under the
/// Default Web Site, the Exchange auth folders (versioned and <c>Current</c> included), <c>ClientAccess\{OAB,ecp,owa}</c>,
/// the ASP.NET temporary files, and, for context only, the folders where LSASS dumps and staging archives were left.
/// </summary>
public static class DefaultScanRoots
{
    /// <summary>Used when IIS configuration cannot be read.</summary>
    public const string DefaultIisRoot = @"C:\inetpub\wwwroot";

    /// <summary>Exchange folders below the install root that hold web pages an attacker could drop a shell into.</summary>
    public static IReadOnlyList<string> ExchangeWebFolders { get; } =
    [
        @"FrontEnd\HttpProxy\owa\auth",
        @"FrontEnd\HttpProxy\ecp\auth",
        @"FrontEnd\HttpProxy\OAB",
        @"ClientAccess\OAB",
        @"ClientAccess\ecp",
        @"ClientAccess\owa",
    ];

    /// <summary>
    /// The scan roots for a server. <paramref name="exchangeInstallPath"/> may be null (no Exchange: IIS only);
    /// <paramref name="iisRoot"/> null means <see cref="DefaultIisRoot"/>.
    /// </summary>
    public static IReadOnlyList<ScanRoot> Build(string? exchangeInstallPath, string? iisRoot, string? windowsDirectory, string? programData, string? systemDrive)
    {
        var roots = new List<ScanRoot>
        {
            new(Path.Combine(string.IsNullOrWhiteSpace(iisRoot) ? DefaultIisRoot : iisRoot!, "aspnet_client")),
        };

        if (!string.IsNullOrWhiteSpace(exchangeInstallPath))
        {
            roots.AddRange(ExchangeWebFolders.Select(f => new ScanRoot(Path.Combine(exchangeInstallPath!, f))));
        }

        if (!string.IsNullOrWhiteSpace(windowsDirectory))
        {
            foreach (string framework in new[] { "Framework64", "Framework" })
            {
                roots.Add(new ScanRoot(Path.Combine(windowsDirectory!, "Microsoft.NET", framework, "v4.0.30319", "Temporary ASP.NET Files")));
            }

            roots.Add(new ScanRoot(Path.Combine(windowsDirectory!, "Temp"), recurse: true, contextOnly: true));
        }

        if (!string.IsNullOrWhiteSpace(systemDrive))
        {
            roots.Add(new ScanRoot(Path.Combine(systemDrive!.TrimEnd('\\') + "\\", "root"), recurse: true, contextOnly: true));
        }

        if (!string.IsNullOrWhiteSpace(programData))
        {
            roots.Add(new ScanRoot(programData!, recurse: false, contextOnly: true));
        }

        return roots;
    }

    /// <summary>
    /// The physical path of the Default Web Site's root application from applicationHost.config text, with
    /// environment variables expanded by <paramref name="expand"/>; null when it is not there.
    /// </summary>
    public static string? DefaultWebSitePhysicalPath(string applicationHostConfig, Func<string, string>? expand = null)
    {
        if (string.IsNullOrWhiteSpace(applicationHostConfig))
        {
            return null;
        }

        var document = new XmlDocument { XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(applicationHostConfig), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }

        var site = document.SelectNodes("/configuration/system.applicationHost/sites/site")?.Cast<XmlElement>()
            .FirstOrDefault(s => string.Equals(s.GetAttribute("name"), "Default Web Site", StringComparison.OrdinalIgnoreCase))
            ?? document.SelectNodes("/configuration/system.applicationHost/sites/site")?.Cast<XmlElement>().FirstOrDefault(s => s.GetAttribute("id") == "1");
        var root = site?.SelectNodes("application")?.Cast<XmlElement>().FirstOrDefault(a => a.GetAttribute("path") == "/")
            ?.SelectNodes("virtualDirectory")?.Cast<XmlElement>().FirstOrDefault(v => v.GetAttribute("path") == "/");
        string physical = root?.GetAttribute("physicalPath") ?? string.Empty;
        if (physical.Length == 0)
        {
            return null;
        }

        return expand is null ? physical : expand(physical);
    }
}
