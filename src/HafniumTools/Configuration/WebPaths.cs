using System;
using System.Collections.Generic;
using System.IO;

namespace HafniumTools.Configuration;

/// <summary>
/// Path facts that hold on the server and in a triage copy made on any OS: folder names compared
/// case-insensitively, either separator accepted.
/// </summary>
public static class WebPaths
{
    /// <summary>
    /// The one page Exchange installs in <c>FrontEnd\HttpProxy\ecp\auth</c> (CSS-Exchange baselines 2013-2019), named
    /// in findings; the check itself reads the baseline (<see cref="IsLegitimateEcpAuthFile"/>).
    /// </summary>
    public const string LegitimateEcpAuthPage = "TimeoutLogout.aspx";

    private static readonly char[] Separators = ['\\', '/'];

    // Binary formats whose content is never a page or a configuration dump; not worth reading.
    private static readonly HashSet<string> BinaryExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".dll", ".exe", ".pdb", ".sys", ".msi", ".msp", ".cab", ".zip", ".7z", ".rar", ".gz", ".png", ".gif", ".jpg",
        ".jpeg", ".ico", ".bmp", ".woff", ".woff2", ".ttf", ".eot", ".otf", ".mp3", ".wav", ".xap", ".mui", ".dmp",
        ".pdf", ".chm", ".etl", ".edb",
    };

    /// <summary>Path segments, whatever the separator.</summary>
    public static string[] Segments(string path) =>
        (path ?? string.Empty).Split(Separators, StringSplitOptions.RemoveEmptyEntries);

    public static bool IsBinaryByName(string path) => BinaryExtensions.Contains(Files.ServerCode.ExtensionOf(path));

    /// <summary>The file name of <paramref name="path"/>, whatever the separator.</summary>
    public static string FileName(string path)
    {
        string[] segments = Segments(path);
        return segments.Length == 0 ? string.Empty : segments[segments.Length - 1];
    }

    /// <summary>
    /// True when <paramref name="filePath"/> lies in an ECP auth folder: below <c>HttpProxy\ecp\auth</c>, or below
    /// <paramref name="scanRoot"/> when the root itself is (inside) an <c>ecp\auth</c> folder of a partial copy.
    /// </summary>
    public static bool IsInEcpAuthFolder(string filePath, string? scanRoot, out bool directlyInAuth)
    {
        directlyInAuth = false;
        string[] file = Segments(filePath);
        int auth = FindEcpAuth(file, requireHttpProxy: true);
        if (auth < 0 && scanRoot is not null)
        {
            int rootAuth = FindEcpAuth(Segments(scanRoot), requireHttpProxy: false);
            if (rootAuth >= 0)
            {
                auth = FindEcpAuth(file, requireHttpProxy: false);
            }
        }

        if (auth < 0 || auth >= file.Length - 1)
        {
            return false;
        }

        directlyInAuth = auth == file.Length - 2;
        return true;
    }

    /// <summary>
    /// True for a file Exchange installs in the auth folder, by exact (case-insensitive) name, directly in it: the
    /// known-good baseline the web-shell location rules use (<see cref="Files.WebShellCatalog"/>).
    /// </summary>
    public static bool IsLegitimateEcpAuthFile(string filePath, bool directlyInAuth) =>
        directlyInAuth && Files.WebShellCatalog.Default.IsKnownGoodPath(@"\FrontEnd\HttpProxy\ecp\auth\" + FileName(filePath));

    // Index of the "auth" segment of ".../[HttpProxy/]ecp/auth", or -1.
    private static int FindEcpAuth(string[] segments, bool requireHttpProxy)
    {
        for (int i = segments.Length - 1; i >= 1; i--)
        {
            if (Is(segments[i], "auth") && Is(segments[i - 1], "ecp") && (!requireHttpProxy || (i >= 2 && Is(segments[i - 2], "HttpProxy"))))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Is(string segment, string name) => string.Equals(segment, name, StringComparison.OrdinalIgnoreCase);
}
