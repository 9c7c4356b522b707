using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// What a log's location says: the server a triage collection names, and the kind of log a folder usually holds.
/// Paths from any OS are understood: both separators, folder names compared case-insensitively.
/// </summary>
internal static class LogLocation
{
    private static readonly Regex W3svcFolder = new(@"^W3SVC\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly HashSet<string> NotServerNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "V14", "V15", "Exchange Server", "Exchange", "Microsoft", "Program Files", "Program Files (x86)", "C$", "D$", "E$", "logs", "triage",
        "collected", "collection", "evidence", "tmp", "temp", "home", "users", "root", "mnt", "media", "data", "Volumes", "cases",
    };

    // The folders of an Exchange install path and a drive's folder in a triage copy (C, C$, C:): never a server name.
    private static readonly HashSet<string> InstallFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "V14", "V15", "Exchange Server", "Exchange", "Microsoft", "Program Files", "Program Files (x86)",
    };

    private static readonly Regex DriveFolder = new(@"^[A-Za-z][:$]?$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex TestProxyLogonReport = new(
        @"^(?<server>[^\/]+?)-(?:Cve-2021-\d{5}(?:-[A-Za-z]+)?|other|LogAgeDays)\.(?:csv|log)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The path split into folder and file names, whatever the separator.</summary>
    public static string[] Segments(string path) =>
        (path ?? string.Empty).Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The server a path names: the folder above <c>Logging</c> (or above <c>inetpub</c>) in a triage collection
    /// (<c>EXCH01/Logging/HttpProxy/...</c>), or the host of a UNC path to an install; null when the path does not say.
    /// </summary>
    public static string? ComputerNameFromPath(string path)
    {
        var segments = Segments(path);
        int anchor = LastIndex(segments, "Logging");
        if (anchor < 0)
        {
            anchor = LastIndex(segments, "inetpub");
        }

        // A copy of the whole install path (EXCH01\C\Program Files\Microsoft\Exchange Server\V15\Logging): the server
        // is the folder above it.
        int above = anchor - 1;
        while (above >= 0 && IsInstallOrDriveFolder(segments[above]))
        {
            above--;
        }

        if (anchor > 0 && above >= 0)
        {
            string candidate = ServerNamePart(segments[above]);
            if (LooksLikeServerName(candidate))
            {
                return candidate;
            }
        }

        return UncHost(path) ?? ReportServer(segments);
    }

    /// <summary>A folder of an Exchange install path (<c>Program Files</c> … <c>V15</c>) or a drive's folder in a triage copy (<c>C</c>, <c>C$</c>).</summary>
    public static bool IsInstallOrDriveFolder(string folder) => InstallFolders.Contains(folder) || DriveFolder.IsMatch(folder);

    /// <summary>The server a Test-ProxyLogon report is named after (<c>EX01-Cve-2021-26855.csv</c>); null for any other file.</summary>
    public static string? ReportServerName(string path) => ReportServer(Segments(path));

    // The server Test-ProxyLogon named its reports after: <server>-Cve-2021-26855.csv, -Cve-2021-26858-DownloadPaths.log,
    // -other.csv (its suspicious files), -LogAgeDays.csv.
    private static string? ReportServer(string[] segments)
    {
        var match = segments.Length > 0 ? TestProxyLogonReport.Match(segments[segments.Length - 1]) : Match.Empty;
        return match.Success && LooksLikeServerName(match.Groups["server"].Value) ? match.Groups["server"].Value : null;
    }

    /// <summary>The kind of log a file's folders and name suggest, used only when the file's own header does not say.</summary>
    public static LogKind KindFromPath(string path)
    {
        var segments = Segments(path);
        string file = segments.Length > 0 ? segments[segments.Length - 1] : string.Empty;
        for (int i = segments.Length - 2; i >= 0; i--)
        {
            string folder = segments[i];
            if (Is(folder, "HttpProxy"))
            {
                return LogKind.HttpProxy;
            }

            if (Is(folder, "OABGeneratorLog"))
            {
                return LogKind.OabGenerator;
            }

            if (W3svcFolder.IsMatch(folder))
            {
                return LogKind.IisW3c;
            }

            if (Is(folder, "ECP") && i + 1 < segments.Length - 1)
            {
                return Is(segments[i + 1], "Activity") ? LogKind.EcpActivity : Is(segments[i + 1], "Server") ? LogKind.EcpServer : LogKind.Unknown;
            }
        }

        if (file.StartsWith("Rps_Http", StringComparison.OrdinalIgnoreCase))
        {
            return LogKind.RpsHttp;
        }

        if (file.StartsWith("Rps_Cmdlet", StringComparison.OrdinalIgnoreCase))
        {
            return LogKind.RpsCmdlet;
        }

        if (file.StartsWith("HttpProxy_", StringComparison.OrdinalIgnoreCase))
        {
            return LogKind.HttpProxy;
        }

        if (file.StartsWith("ECPServer", StringComparison.OrdinalIgnoreCase))
        {
            return LogKind.EcpServer;
        }

        if (file.StartsWith("ECPActivity", StringComparison.OrdinalIgnoreCase))
        {
            return LogKind.EcpActivity;
        }

        if (file.StartsWith("OABGen", StringComparison.OrdinalIgnoreCase))
        {
            return LogKind.OabGenerator;
        }

        return LogKind.Unknown;
    }

    /// <summary>
    /// The source a file feeds, for coverage: the protocol folder of an HttpProxy log (<c>HttpProxy/Owa</c>),
    /// otherwise the kind.
    /// </summary>
    public static string SourceName(LogKind kind, string path, string? protocol)
    {
        string name = kind switch
        {
            LogKind.EcpServer => "ECP/Server",
            LogKind.EcpActivity => "ECP/Activity",
            LogKind.OabGenerator => "OABGeneratorLog",
            LogKind.IisW3c => "IIS",
            LogKind.RpsHttp => "RemotePowerShell/Http",
            LogKind.RpsCmdlet => "RemotePowerShell/Cmdlet",
            _ => kind.ToString(),
        };
        if (kind == LogKind.HttpProxy)
        {
            string? sub = HttpProxyFolder(path) ?? (string.IsNullOrWhiteSpace(protocol) ? null : protocol);
            return sub is null ? name : name + "/" + sub;
        }

        if (kind == LogKind.IisW3c)
        {
            var site = Segments(path).Reverse().Skip(1).FirstOrDefault(W3svcFolder.IsMatch);
            return site is null ? name : name + "/" + site;
        }

        return name;
    }

    /// <summary>The folder under <c>HttpProxy</c> a file sits in (<c>Logging\HttpProxy\Owa\x.LOG</c> → Owa), or null.</summary>
    public static string? HttpProxyFolder(string path)
    {
        var segments = Segments(path);
        int at = LastIndex(segments, "HttpProxy");
        return at >= 0 && at + 2 < segments.Length ? segments[at + 1] : null;
    }

    /// <summary>
    /// The protocol an HttpProxy log's folder names (Owa, PowerShell, ...: the protocol whose requests HttpProxy writes
    /// there, in the spelling of <see cref="HttpProxyProtocols"/>), or null when the file is in no protocol's folder.
    /// </summary>
    public static string? HttpProxyProtocol(string path) =>
        HttpProxyFolder(path) is { } folder && HttpProxyProtocols.TryGetValue(folder, out var protocol) ? protocol : null;

    // The protocol folders of Logging\HttpProxy (Exchange 2013 to SE), each named as HttpProxy names it.
    private static readonly Dictionary<string, string> HttpProxyProtocols = new[]
    {
        "Autodiscover", "Eas", "Ecp", "Ews", "Mapi", "Oab", "Owa", "OwaCalendar", "PowerShell", "PushNotifications", "ReportingWebService",
        "RpcHttp", "Rest", "RestFrontEnd", "O365SuiteService", "SnackyService", "XRop", "E4e", "Outlook", "MicroService",
    }.ToDictionary(p => p, p => p, StringComparer.OrdinalIgnoreCase);

    /// <summary>The kind of evidence a log of this kind is, as coverage and findings name it.</summary>
    public static FindingCategory CategoryOf(LogKind kind) => kind switch
    {
        LogKind.HttpProxy => FindingCategory.HttpProxy,
        LogKind.EcpServer or LogKind.EcpActivity => FindingCategory.Ecp,
        LogKind.OabGenerator => FindingCategory.Oab,
        LogKind.IisW3c => FindingCategory.Iis,
        LogKind.EventLogXml or LogKind.EventLogClixml => FindingCategory.EventLog,
        LogKind.RpsHttp or LogKind.RpsCmdlet => FindingCategory.RemotePowerShell,
        _ => FindingCategory.FileSystem,
    };

    /// <summary>
    /// A case folder's server name: <c>EX01 [2021-03-05]</c> and <c>EX01 (collected by IR)</c> name EX01 (a host name
    /// has no spaces or brackets, so what follows the first is the responder's note).
    /// </summary>
    public static string ServerNamePart(string folder)
    {
        int cut = folder.IndexOfAny([' ', '\t', '[', '(']);
        return cut > 0 ? folder.Substring(0, cut) : folder;
    }

    private static bool LooksLikeServerName(string candidate) =>
        candidate.Length is > 0 and <= 63 && !NotServerNames.Contains(candidate) && candidate.IndexOf(':') < 0 && !candidate.StartsWith(".", StringComparison.Ordinal)
        && !candidate.All(char.IsDigit);

    private static string? UncHost(string path)
    {
        if (path.Length > 2 && (path.StartsWith(@"\\", StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal)))
        {
            var segments = Segments(path);
            if (segments.Length > 0 && segments[0] != "?" && segments[0] != ".")
            {
                return segments[0];
            }
        }

        return null;
    }

    private static int LastIndex(string[] segments, string name)
    {
        for (int i = segments.Length - 1; i >= 0; i--)
        {
            if (Is(segments[i], name))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
