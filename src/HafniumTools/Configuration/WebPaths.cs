using System;
using System.Collections.Generic;
using System.IO;

using HafniumTools.Files;

namespace HafniumTools.Configuration;

/// <summary>
/// Path facts that hold on the server and in a triage copy made on any OS: folder names compared
/// case-insensitively, either separator accepted.
/// </summary>
internal static class WebPaths
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
    /// The folder is recognised by <see cref="WebFolderLocation"/>, as for the web-shell location rules.
    /// </summary>
    public static bool IsInEcpAuthFolder(string filePath, string? scanRoot, out bool directlyInAuth)
    {
        var location = WebFolderLocation.Classify(filePath ?? string.Empty);
        bool inAuth = location.Kind == WebFolderKind.EcpAuth
            && (location.IsUnderHttpProxy || (scanRoot is not null && WebFolderLocation.Classify(scanRoot.TrimEnd(Separators) + "/_").Kind == WebFolderKind.EcpAuth));
        directlyInAuth = inAuth && location.IsDirectlyInFolder;
        return inAuth;
    }

    /// <summary>
    /// True for a file Exchange installs in the auth folder, by exact (case-insensitive) name, directly in it: the
    /// known-good baseline the web-shell location rules use (<see cref="Files.WebShellCatalog"/>).
    /// </summary>
    public static bool IsLegitimateEcpAuthFile(string filePath, bool directlyInAuth) =>
        directlyInAuth && Files.WebShellCatalog.Default.IsKnownGoodPath(@"\FrontEnd\HttpProxy\ecp\auth\" + FileName(filePath));
}
