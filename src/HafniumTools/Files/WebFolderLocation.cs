using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace HafniumTools.Files;

/// <summary>
/// Where a path sits, worked out from its folder names only: case-insensitive, either separator, so a live path,
/// a UNC path and a triage copy made on Linux or macOS classify the same way.
/// </summary>
internal sealed class WebFolderLocation
{
    private static readonly Regex VersionFolder = new(@"^\d+(\.\d+){1,3}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private WebFolderLocation(WebFolderKind kind, string relativePath, string fileName, IReadOnlyList<string> segments)
    {
        Kind = kind;
        RelativePath = relativePath;
        FileName = fileName;
        Segments = segments;
    }

    public WebFolderKind Kind { get; }

    /// <summary>
    /// The path below the Exchange install root in the baseline's form (<c>\FrontEnd\HttpProxy\owa\auth\version\...</c>),
    /// or below <c>aspnet_client</c> / the temporary files root for those kinds; empty for <see cref="WebFolderKind.Other"/>.
    /// </summary>
    public string RelativePath { get; }

    public string FileName { get; }

    /// <summary>The folder names of the path, in order, without the file name.</summary>
    public IReadOnlyList<string> Segments { get; }

    /// <summary>True when the file sits directly in the auth folder (not in a versioned, Current or other subfolder).</summary>
    public bool IsDirectlyInFolder { get; private set; }

    /// <summary>
    /// True when the auth or OAB folder sits in a folder named <c>HttpProxy</c>, as Exchange's does; false for a
    /// triage copy that kept only <c>owa\auth</c> or <c>ecp\auth</c>, and for an IIS site's own folders of that name.
    /// </summary>
    public bool IsUnderHttpProxy { get; private set; }

    public static WebFolderLocation Classify(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        string[] parts = path.Split(['\\', '/'], StringSplitOptions.RemoveEmptyEntries);
        string fileName = parts.Length == 0 ? string.Empty : parts[parts.Length - 1];
        var folders = parts.Take(Math.Max(0, parts.Length - 1)).ToArray();

        for (int i = folders.Length - 1; i >= 0; i--)
        {
            if (Is(folders[i], "Temporary ASP.NET Files"))
            {
                return Make(WebFolderKind.AspNetTemporaryFiles, folders, i + 1, string.Empty, fileName, false);
            }
        }

        for (int i = 0; i < folders.Length; i++)
        {
            string prev = i > 0 ? folders[i - 1] : string.Empty;
            string next = i + 1 < folders.Length ? folders[i + 1] : string.Empty;
            if (Is(folders[i], "aspnet_client"))
            {
                return Make(WebFolderKind.AspnetClient, folders, i + 1, "\\aspnet_client", fileName, i + 1 == folders.Length);
            }

            if ((Is(folders[i], "owa") || Is(folders[i], "ecp")) && Is(next, "auth") && !Is(prev, "ClientAccess"))
            {
                var kind = Is(folders[i], "owa") ? WebFolderKind.OwaAuth : WebFolderKind.EcpAuth;
                string prefix = "\\FrontEnd\\HttpProxy\\" + folders[i].ToLowerInvariant() + "\\auth";
                var location = Make(kind, folders, i + 2, prefix, fileName, i + 2 == folders.Length);
                location.IsUnderHttpProxy = Is(prev, "HttpProxy");
                return location;
            }

            if (Is(folders[i], "OAB") && Is(prev, "HttpProxy"))
            {
                var location = Make(WebFolderKind.HttpProxyOab, folders, i + 1, "\\FrontEnd\\HttpProxy\\oab", fileName, i + 1 == folders.Length);
                location.IsUnderHttpProxy = true;
                return location;
            }

            if (Is(folders[i], "ClientAccess") && (Is(next, "OAB") || Is(next, "ecp") || Is(next, "owa")))
            {
                return Make(WebFolderKind.ClientAccess, folders, i + 2, "\\ClientAccess\\" + next, fileName, i + 2 == folders.Length);
            }
        }

        return new WebFolderLocation(WebFolderKind.Other, string.Empty, fileName, folders);
    }

    /// <summary>
    /// True when <paramref name="filePath"/> lies in Exchange's ECP auth folder: below <c>HttpProxy\ecp\auth</c>, or
    /// below <paramref name="scanRoot"/> when the root itself is (inside) an <c>ecp\auth</c> folder of a partial triage
    /// copy. An IIS site's own <c>ecp\auth</c> folder and <c>ClientAccess\ecp\auth</c> are not it.
    /// </summary>
    public static bool IsInExchangeEcpAuth(string filePath, string? scanRoot)
    {
        var location = Classify(filePath ?? string.Empty);
        return location.Kind == WebFolderKind.EcpAuth
            && (location.IsUnderHttpProxy || (scanRoot is not null && Classify(scanRoot.TrimEnd('\\', '/') + "/_").Kind == WebFolderKind.EcpAuth));
    }

    private static WebFolderLocation Make(WebFolderKind kind, string[] folders, int below, string prefix, string fileName, bool direct)
    {
        var relative = new List<string> { prefix };
        for (int j = below; j < folders.Length; j++)
        {
            // The baseline writes the versioned OWA folder (and its Current twin) as the literal "version".
            bool versioned = kind == WebFolderKind.OwaAuth && j == below && (VersionFolder.IsMatch(folders[j]) || Is(folders[j], "Current"));
            relative.Add(versioned ? "version" : folders[j]);
        }

        relative.Add(fileName);
        return new WebFolderLocation(kind, string.Join("\\", relative), fileName, folders) { IsDirectlyInFolder = direct };
    }

    private static bool Is(string value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);
}
