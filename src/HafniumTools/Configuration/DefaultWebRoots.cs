using System;
using System.Collections.Generic;
using System.IO;
using System.Xml;

namespace HafniumTools.Configuration;

/// <summary>
/// Where the web folders of a live Exchange server are: the Exchange install path (from the
/// <c>ExchangeInstallPath</c> environment variable that Exchange setup sets) and every IIS site's root folder
/// (from applicationHost.config, falling back to <c>%SystemDrive%\inetpub\wwwroot</c>).
/// </summary>
public sealed class DefaultWebRoots
{
    private readonly Func<string, string?> _environment;
    private readonly Func<string, bool> _directoryExists;
    private readonly Func<string, string?> _readFile;

    public DefaultWebRoots(Func<string, string?> environment, Func<string, bool> directoryExists, Func<string, string?> readFile)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        _directoryExists = directoryExists ?? throw new ArgumentNullException(nameof(directoryExists));
        _readFile = readFile ?? throw new ArgumentNullException(nameof(readFile));
    }

    /// <summary>The roots of the machine this runs on.</summary>
    public static DefaultWebRoots ForThisMachine() => new(
        Environment.GetEnvironmentVariable,
        Directory.Exists,
        path => File.Exists(path) ? File.ReadAllText(path) : null);

    /// <summary><c>%ExchangeInstallPath%</c> with a trailing separator, or null on a machine without Exchange.</summary>
    public string? ExchangeInstallPath
    {
        get
        {
            string? path = _environment("ExchangeInstallPath");
            if (string.IsNullOrWhiteSpace(path))
            {
                return null;
            }

            path = path!.Trim();
            return path.EndsWith("\\", StringComparison.Ordinal) ? path : path + "\\";
        }
    }

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
        string? windows = _environment("windir") ?? _environment("SystemRoot");
        string? config = windows is null ? null : _readFile(windows.TrimEnd('\\') + "\\System32\\inetsrv\\config\\applicationHost.config");
        if (config is not null)
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

    /// <summary>The physical paths of each site's root virtual directory, with environment variables expanded.</summary>
    public IReadOnlyList<string> ParseSiteRoots(string applicationHostConfig)
    {
        var roots = new List<string>();
        var document = new XmlDocument { XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(applicationHostConfig ?? string.Empty), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
        }
        catch (XmlException)
        {
            return roots;
        }

        var nodes = document.SelectNodes("/configuration/system.applicationHost/sites/site/application[@path='/']/virtualDirectory[@path='/']/@physicalPath");
        if (nodes is null)
        {
            return roots;
        }

        foreach (XmlNode node in nodes)
        {
            string expanded = Expand(node.Value ?? string.Empty);
            if (expanded.Length > 0)
            {
                roots.Add(expanded);
            }
        }

        return roots;
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

    private IReadOnlyList<string> Existing(IEnumerable<string> paths)
    {
        var result = new List<string>();
        foreach (string path in paths)
        {
            if (_directoryExists(path))
            {
                result.Add(path);
            }
        }

        return result;
    }

    private static List<string> WithoutNested(List<string> roots)
    {
        var result = new List<string>();
        foreach (string candidate in roots)
        {
            string normal = Normalize(candidate);
            bool covered = false;
            foreach (string other in roots)
            {
                string otherNormal = Normalize(other);
                if (!ReferenceEquals(other, candidate) && normal.StartsWith(otherNormal + "\\", StringComparison.OrdinalIgnoreCase))
                {
                    covered = true;
                    break;
                }
            }

            if (!covered && !result.Exists(r => string.Equals(Normalize(r), normal, StringComparison.OrdinalIgnoreCase)))
            {
                result.Add(candidate);
            }
        }

        return result;
    }

    private static string Normalize(string path) => path.Replace('/', '\\').TrimEnd('\\');
}
