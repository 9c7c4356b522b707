using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using HafniumTools.Core;

namespace HafniumTools.Files;

/// <summary>
/// Where the web folders of an Exchange server are, and so where shells, configuration dumps and their context
/// live: the Exchange install path (Exchange setup's <c>MsiInstallPath</c>, else the <c>ExchangeInstallPath</c>
/// environment variable), every IIS site root (applicationHost.config, falling back to
/// <c>%SystemDrive%\inetpub\wwwroot</c>), the <c>aspnet_client</c> tree, the Exchange auth folders (versioned and
/// <c>Current</c> included), <c>ClientAccess\{OAB,ecp,owa}</c>, the ASP.NET temporary files, and, for context only,
/// the folders where LSASS dumps and staging archives were left. The one source of default roots for
/// Find-HafniumWebShell, Find-HafniumOabAnomaly and Find-HafniumEcpAnomaly. The machine is reached only through
/// the functions given to the constructor, so every rule can be tested anywhere.
/// </summary>
internal sealed class DefaultScanRoots
{
    /// <summary>Used when IIS configuration cannot be read.</summary>
    public const string DefaultIisRoot = @"C:\inetpub\wwwroot";

    private readonly Func<string, string?> _environment;
    private readonly Func<string, bool> _directoryExists;
    private readonly Func<string, string?> _readFile;
    private readonly Func<string?> _registryInstallPath;
    private readonly Lazy<string?> _exchangeInstallPath;

    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <param name="directoryExists">Tells whether a folder exists.</param>
    /// <param name="readFile">Reads a text file (null when it is absent or unreadable).</param>
    /// <param name="registryInstallPath">Exchange setup's <c>MsiInstallPath</c> (null when not installed); optional.</param>
    public DefaultScanRoots(Func<string, string?> environment, Func<string, bool> directoryExists, Func<string, string?> readFile, Func<string?>? registryInstallPath = null)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        _directoryExists = directoryExists ?? throw new ArgumentNullException(nameof(directoryExists));
        _readFile = readFile ?? throw new ArgumentNullException(nameof(readFile));
        _registryInstallPath = registryInstallPath ?? (() => null);
        _exchangeInstallPath = new Lazy<string?>(ReadExchangeInstallPath);
    }

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

    /// <summary>The machine this runs on; <paramref name="registryInstallPath"/> reads Exchange setup's registry key.</summary>
    public static DefaultScanRoots ForThisMachine(Func<string?>? registryInstallPath = null) => new(
        Environment.GetEnvironmentVariable,
        Directory.Exists,
        ReadShared,
        registryInstallPath);

    /// <summary>
    /// The Exchange install path with a trailing separator, or null on a machine without Exchange. Read once (the
    /// registry, then the environment): every default root below is built from it.
    /// </summary>
    public string? ExchangeInstallPath => _exchangeInstallPath.Value;

    private string? ReadExchangeInstallPath()
    {
        string? path = _registryInstallPath();
        if (Strings.IsNullOrWhiteSpace(path))
        {
            path = _environment("ExchangeInstallPath");
        }

        if (Strings.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        path = path.Trim();
        return path.EndsWith("\\", StringComparison.Ordinal) ? path : path + "\\";
    }

    /// <summary>The Windows folder (<c>windir</c>, else <c>SystemRoot</c>), or null.</summary>
    public string? WindowsDirectory => _environment("windir") ?? _environment("SystemRoot");

    /// <summary>Existing folders where a configuration dump or a web shell could be served from, without nesting.</summary>
    public IReadOnlyList<string> ForConfigurationDumps()
    {
        var roots = new List<string>();
        string? exchange = ExchangeInstallPath;
        if (exchange is not null)
        {
            roots.Add(exchange + "FrontEnd\\HttpProxy");
            roots.Add(exchange + "ClientAccess");
        }

        roots.AddRange(IisSiteRoots());
        return Existing(WithoutNested(roots));
    }

    /// <summary>The ECP auth folder of the local Exchange install, when it exists.</summary>
    public IReadOnlyList<string> ForEcpAuth()
    {
        string? exchange = ExchangeInstallPath;
        return exchange is null ? [] : Existing([exchange + "FrontEnd\\HttpProxy\\ecp\\auth"]);
    }

    /// <summary>The root folders of every IIS site in applicationHost.config, or the default web root.</summary>
    public IReadOnlyList<string> IisSiteRoots()
    {
        var roots = new List<string>();
        if (ApplicationHostConfig() is { } config)
        {
            roots.AddRange(ParseSiteRoots(config));
        }

        if (roots.Count == 0)
        {
            string drive = _environment("SystemDrive") ?? "C:";
            roots.Add(drive.TrimEnd('\\') + "\\inetpub\\wwwroot");
        }

        return roots;
    }

    /// <summary>The Default Web Site's root folder from applicationHost.config, or null when it cannot be read.</summary>
    public string? DefaultWebSiteRoot() =>
        ApplicationHostConfig() is { } config ? DefaultWebSitePhysicalPath(config, Expand) : null;

    /// <summary>The physical paths of each site's root virtual directory, with environment variables expanded.</summary>
    public IReadOnlyList<string> ParseSiteRoots(string applicationHostConfig) =>
        SiteRoots(applicationHostConfig).Select(s => Expand(s.PhysicalPath)).Where(p => p.Length > 0).ToList();

    /// <summary>
    /// The scan roots for a server. <paramref name="exchangeInstallPath"/> may be null (no Exchange: IIS only);
    /// <paramref name="iisRoot"/> null means <see cref="DefaultIisRoot"/>.
    /// </summary>
    public static IReadOnlyList<ScanRoot> Build(string? exchangeInstallPath, string? iisRoot, string? windowsDirectory, string? programData, string? systemDrive)
    {
        var roots = new List<ScanRoot>
        {
            new(Path.Combine(Strings.IsNullOrWhiteSpace(iisRoot) ? DefaultIisRoot : iisRoot, "aspnet_client")),
        };

        if (!Strings.IsNullOrWhiteSpace(exchangeInstallPath))
        {
            roots.AddRange(ExchangeWebFolders.Select(f => new ScanRoot(Path.Combine(exchangeInstallPath, f))));
        }

        if (!Strings.IsNullOrWhiteSpace(windowsDirectory))
        {
            foreach (string framework in new[] { "Framework64", "Framework" })
            {
                roots.Add(new ScanRoot(Path.Combine(windowsDirectory, "Microsoft.NET", framework, "v4.0.30319", "Temporary ASP.NET Files")));
            }

            roots.Add(new ScanRoot(Path.Combine(windowsDirectory, "Temp"), recurse: true, contextOnly: true));
        }

        if (!Strings.IsNullOrWhiteSpace(systemDrive))
        {
            roots.Add(new ScanRoot(Path.Combine(systemDrive.TrimEnd('\\') + "\\", "root"), recurse: true, contextOnly: true));
        }

        if (!Strings.IsNullOrWhiteSpace(programData))
        {
            roots.Add(new ScanRoot(programData, recurse: false, contextOnly: true));
        }

        return roots;
    }

    /// <summary>
    /// The physical path of the Default Web Site's root application from applicationHost.config text (the site
    /// named so, else site id 1), with environment variables expanded by <paramref name="expand"/>; null when it
    /// is not there.
    /// </summary>
    public static string? DefaultWebSitePhysicalPath(string applicationHostConfig, Func<string, string>? expand = null)
    {
        var sites = SiteRoots(applicationHostConfig);
        var site = sites.FirstOrDefault(s => string.Equals(s.Name, "Default Web Site", StringComparison.OrdinalIgnoreCase))
            ?? sites.FirstOrDefault(s => s.Id == "1");
        if (site is null || site.PhysicalPath.Length == 0)
        {
            return null;
        }

        return expand is null ? site.PhysicalPath : expand(site.PhysicalPath);
    }

    /// <summary>Every site's root virtual directory in applicationHost.config text, in file order; empty when it does not parse.</summary>
    public static IReadOnlyList<IisSiteRoot> SiteRoots(string? applicationHostConfig)
    {
        var roots = new List<IisSiteRoot>();
        if (string.IsNullOrWhiteSpace(applicationHostConfig))
        {
            return roots;
        }

        var document = new XmlDocument { XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(applicationHostConfig), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
        }
        catch (XmlException)
        {
            return roots;
        }

        foreach (var site in document.SelectNodes("/configuration/system.applicationHost/sites/site")?.Cast<XmlElement>() ?? [])
        {
            var root = site.SelectNodes("application")?.Cast<XmlElement>().FirstOrDefault(a => a.GetAttribute("path") == "/")
                ?.SelectNodes("virtualDirectory")?.Cast<XmlElement>().FirstOrDefault(v => v.GetAttribute("path") == "/");
            if (root is not null)
            {
                roots.Add(new IisSiteRoot(site.GetAttribute("name"), site.GetAttribute("id"), root.GetAttribute("physicalPath").Trim()));
            }
        }

        return roots;
    }

    private string? ApplicationHostConfig()
    {
        string? windows = WindowsDirectory;
        return windows is null ? null : _readFile(windows.TrimEnd('\\') + "\\System32\\inetsrv\\config\\applicationHost.config");
    }

    // IIS holds applicationHost.config open: read it shared, and treat an unreadable file as absent.
    private static string? ReadShared(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var stream = EvidenceFile.OpenRead(path);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return null;
        }
    }

    private string Expand(string path)
    {
        var result = new System.Text.StringBuilder();
        int i = 0;
        while (i < path.Length)
        {
            int end = path[i] == '%' ? path.IndexOf('%', i + 1) : -1;
            string? value = end > i + 1 ? _environment(path.Substring(i + 1, end - i - 1)) : null;
            if (value is not null)
            {
                result.Append(value);
                i = end + 1;
            }
            else
            {
                result.Append(path[i]);
                i++;
            }
        }

        return result.ToString().Trim();
    }

    private IReadOnlyList<string> Existing(IEnumerable<string> paths) => paths.Where(_directoryExists).ToList();

    private static List<string> WithoutNested(List<string> roots)
    {
        var result = new List<string>();
        foreach (string candidate in roots)
        {
            string normal = Normalize(candidate);
            bool covered = roots.Any(other => !ReferenceEquals(other, candidate) && normal.StartsWith(Normalize(other) + "\\", StringComparison.OrdinalIgnoreCase));
            if (!covered && !result.Exists(r => string.Equals(Normalize(r), normal, StringComparison.OrdinalIgnoreCase)))
            {
                result.Add(candidate);
            }
        }

        return result;
    }

    private static string Normalize(string path) => path.Replace('/', '\\').TrimEnd('\\');
}
