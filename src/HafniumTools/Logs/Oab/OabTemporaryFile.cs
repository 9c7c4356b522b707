using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace HafniumTools.Logs.Oab;

/// <summary>
/// The path in an OAB generator "Download failed and temporary file '…' needs to be removed" message, and whether it
/// lies in Exchange's <c>ClientAccess\OAB</c> folder. The log says nothing of the install root (and triage copies
/// move it), so "inside" means: after resolving <c>.</c> and <c>..</c>, the path runs through a <c>ClientAccess\OAB</c>
/// folder pair and not through a web-served tree.
/// </summary>
internal static class OabTemporaryFile
{
    public const string Phrase = "Download failed and temporary file";

    private static readonly Regex Message = new(
        @"Download failed and temporary file\s+(?<path>.*?)\s+needs to be removed",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(500));

    // Folders a web shell is served from: a path through them is never the OAB staging folder.
    private static readonly string[] WebServedSegments = ["inetpub", "wwwroot", "aspnet_client", "FrontEnd", "HttpProxy", "owa", "ecp"];

    private static readonly string[] ScriptExtensions =
        [".aspx", ".asmx", ".ashx", ".asax", ".ascx", ".asp", ".axd", ".config", ".cshtml", ".js", ".php", ".jsp", ".cfm", ".shtml", ".svc"];

    /// <summary>The path of the message on <paramref name="line"/> without its quotes, or null when the line has none.</summary>
    public static string? ExtractPath(string? line)
    {
        if (string.IsNullOrEmpty(line) || line!.IndexOf(Phrase, StringComparison.OrdinalIgnoreCase) < 0)
        {
            return null;
        }

        try
        {
            var match = Message.Match(line);
            if (!match.Success)
            {
                return null;
            }

            string path = match.Groups["path"].Value.Trim();
            if (path.Length >= 2 && (path[0] == '\'' || path[0] == '"') && path[path.Length - 1] == path[0])
            {
                path = path.Substring(1, path.Length - 2);
            }

            return path.Trim();
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="path"/> lies in a <c>ClientAccess\OAB</c> folder (either separator, any case).</summary>
    public static bool IsInsideOabFolder(string path)
    {
        var segments = Resolve(path);
        for (int i = 0; i + 1 < segments.Count; i++)
        {
            if (string.Equals(segments[i], "ClientAccess", StringComparison.OrdinalIgnoreCase)
                && string.Equals(segments[i + 1], "OAB", StringComparison.OrdinalIgnoreCase))
            {
                return !PassesThroughWebTree(segments, i);
            }
        }

        return false;
    }

    /// <summary>True when the file name ends in an extension IIS runs or serves as script.</summary>
    public static bool HasScriptExtension(string path)
    {
        string name = path.TrimEnd(' ', '.');
        foreach (string extension in ScriptExtensions)
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> Resolve(string path)
    {
        var segments = new List<string>();
        foreach (string part in path.Replace('/', '\\').Split(['\\'], StringSplitOptions.RemoveEmptyEntries))
        {
            string segment = part.Trim();
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        return segments;
    }

    private static bool PassesThroughWebTree(List<string> segments, int before)
    {
        for (int i = 0; i < before; i++)
        {
            foreach (string web in WebServedSegments)
            {
                if (string.Equals(segments[i], web, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
