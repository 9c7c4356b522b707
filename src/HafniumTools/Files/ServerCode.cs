using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using HafniumTools.Core;

namespace HafniumTools.Files;

/// <summary>
/// Finds the parts of a page that run on the server: <c>&lt;% %&gt;</c> blocks, <c>&lt;script runat="server"&gt;</c>
/// blocks, and whole code files (.cs, .vb, .ashx, .asmx). Client-side script and markup are left out, so a browser
/// <c>eval</c> is never taken for a server one.
/// </summary>
internal static class ServerCode
{
    private static readonly Regex ServerScriptTag = new(
        @"<script\b[^>]*?\brunat\s*=\s*[""']?server\b[^>]*>",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled,
        TimeSpan.FromSeconds(2));

    private static readonly Regex ServerMarker = new(
        "<%|runat", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(2));

    private static readonly Regex VbLanguage = new(
        @"\blanguage\s*=\s*[""']?\s*(vb|vbscript|visualbasic)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled,
        TimeSpan.FromSeconds(2));

    // An ASP.NET directive: the file is an ASP.NET page or handler, whatever its extension.
    private static readonly Regex AspNetDirective = new(
        @"<%@\s*(?<kind>Page|Control|Master|WebService|WebHandler|Application|ServiceHost|Assembly|Import)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled,
        TimeSpan.FromSeconds(2));

    // A classic ASP page that chose JScript (or another engine) over VBScript, its default.
    private static readonly Regex ClassicLanguage = new(
        @"<%@[^%]*?\blanguage\s*=\s*[""']?\s*(?<lang>[\w.]+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled,
        TimeSpan.FromSeconds(2));

    // ASP.NET extensions whose code is the whole file after the directive (.asmx, .ashx, .soap: WebService or WebHandler).
    private static readonly Regex WholeFileDirective = new(
        @"<%@\s*(?:WebService|WebHandler)\b[^>]*?%>",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled,
        TimeSpan.FromSeconds(2));

    private static readonly HashSet<string> CodeFileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".vb", ".ashx", ".asmx", ".jsx",
    };

    /// <summary>
    /// Extensions IIS/ASP.NET will execute (through its default handler mappings: ASP.NET, classic ASP, server-side
    /// includes, WCF and workflow services), or that hold code it compiles. The one list of the module: the web-shell
    /// rules and the configuration-dump check both ask <see cref="IsPageExtension"/>.
    /// </summary>
    public static IReadOnlyCollection<string> PageExtensions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".aspx", ".ashx", ".asmx", ".asax", ".ascx", ".asp", ".aspq", ".axd", ".cshtml", ".vbhtml", ".master", ".svc", ".soap", ".rem", ".shtml", ".shtm", ".stm", ".xamlx", ".cer", ".asa", ".cdx", ".cs", ".vb",
    };

    // Files IIS serves as static content: never executed on the server, so their text is not judged as code.
    private static readonly HashSet<string> StaticExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".js", ".css", ".png", ".gif", ".jpg", ".jpeg", ".bmp", ".ico", ".cur", ".svg", ".woff", ".woff2", ".ttf", ".eot", ".otf",
        ".map", ".json", ".resx", ".xsl", ".xslt", ".xsd", ".htm", ".html", ".wav", ".mp3", ".mp4", ".pdf", ".manifest", ".appcache",
        ".dll", ".exe", ".pdb", ".zip", ".7z", ".rar", ".cab", ".msi", ".msp",
    };

    /// <summary>
    /// True when the file's content may run on the server (pages, handlers, code, config, text and unknown types);
    /// false for static web content (scripts, styles, images, fonts), whose text is never executed by IIS.
    /// </summary>
    public static bool MayRunOnServer(string path) => !StaticExtensions.Contains(ExtensionOf(path));

    public static bool IsPageExtension(string path) => PageExtensions.Contains(ExtensionOf(path));

    /// <summary>The extension of the file name, whatever the separator (a Windows path read on Linux included).</summary>
    public static string ExtensionOf(string? path)
    {
        if (Strings.IsNullOrEmpty(path))
        {
            return string.Empty;
        }

        int name = path.LastIndexOfAny(['\\', '/']) + 1;
        int dot = path.LastIndexOf('.');
        return dot >= name ? path.Substring(dot) : string.Empty;
    }

    /// <summary>Cheap test: can this text contain server code at all?</summary>
    public static bool MayContainServerCode(string text, string path) =>
        CodeFileExtensions.Contains(ExtensionOf(path)) || ServerMarker.IsMatch(text);

    /// <summary>True when the page declares Visual Basic or VBScript (case-insensitive languages).</summary>
    public static bool IsVisualBasic(string text, string path)
    {
        string ext = ExtensionOf(path);
        return ext.Equals(".vb", StringComparison.OrdinalIgnoreCase) || VbLanguage.IsMatch(text) || IsClassicAspInVbScript(text, ext);
    }

    /// <summary>
    /// True for classic ASP whose language is VBScript, the engine's default: a file with <c>&lt;% %&gt;</c> blocks and
    /// no ASP.NET directive that is not an ASP.NET page by extension (.asp, .asa, .cer, or any file a handler mapping
    /// hands to asp.dll, a web.config included), unless a directive names another language.
    /// </summary>
    private static bool IsClassicAspInVbScript(string text, string ext)
    {
        if (CodeFileExtensions.Contains(ext) || AspNetExtensions.Contains(ext) || AspNetDirective.IsMatch(text))
        {
            return false;
        }

        var language = ClassicLanguage.Match(text);
        return !language.Success || language.Groups["lang"].Value.StartsWith("VB", StringComparison.OrdinalIgnoreCase);
    }

    // Extensions compiled by ASP.NET (C# is its default language): never classic ASP.
    private static readonly HashSet<string> AspNetExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".aspx", ".ascx", ".asax", ".master", ".svc", ".soap", ".rem", ".aspq", ".axd", ".cshtml", ".vbhtml", ".xamlx",
    };

    /// <summary>The server-side spans of <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<TextSpan> Extract(string text, string path)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var spans = new List<TextSpan>();
        if (CodeFileExtensions.Contains(ExtensionOf(path)))
        {
            spans.Add(new TextSpan(0, text.Length));
            return spans;
        }

        // A web service or handler (.asmx, .soap, or any extension mapped to one) is code after its directive.
        var directive = WholeFileDirective.Match(text);
        if (directive.Success)
        {
            spans.Add(new TextSpan(directive.Index + directive.Length, text.Length));
            return spans;
        }

        AddAspBlocks(text, spans);
        return WithServerScripts(text, spans);
    }

    [MethodImpl(HotPath.Optimize)]
    private static void AddAspBlocks(string text, List<TextSpan> spans)
    {
        int at = 0;
        while ((at = text.IndexOf("<%", at, StringComparison.Ordinal)) >= 0)
        {
            if (string.CompareOrdinal(text, at, "<%--", 0, 4) == 0)
            {
                int endComment = text.IndexOf("--%>", at + 4, StringComparison.Ordinal);
                at = endComment < 0 ? text.Length : endComment + 4;
                continue;
            }

            int close = text.IndexOf("%>", at + 2, StringComparison.Ordinal);
            int end = close < 0 ? text.Length : close;
            int start = at + 2;
            if (start < text.Length && text[start] == '@')
            {
                // A directive (<%@ Page Language=... %>) configures the page; it is not code.
                at = close < 0 ? text.Length : close + 2;
                continue;
            }

            if (start < text.Length && (text[start] == '=' || text[start] == ':' || text[start] == '#'))
            {
                start++;
            }

            spans.Add(new TextSpan(start, end));
            at = close < 0 ? text.Length : close + 2;
        }
    }

    // The <% %> blocks (in order, disjoint) and the server script elements, merged in order of start, without the blocks
    // that sit inside a script element (taken with it). Linear in both: a page can hold thousands of blocks.
    private static List<TextSpan> WithServerScripts(string text, List<TextSpan> blocks)
    {
        List<TextSpan>? scripts = null;
        for (var tag = ServerScriptTag.Match(text); tag.Success; tag = tag.NextMatch())
        {
            int start = tag.Index + tag.Length;
            int close = AsciiStems.IndexOf(text, "</script", start);
            (scripts ??= []).Add(new TextSpan(start, close < 0 ? text.Length : close));
        }

        if (scripts is null)
        {
            return blocks;
        }

        var merged = new List<TextSpan>(blocks.Count + scripts.Count);
        int next = 0;
        int furthestEnd = -1; // of the script elements that start at or before the block
        foreach (var block in blocks)
        {
            while (next < scripts.Count && scripts[next].Start <= block.Start)
            {
                furthestEnd = Math.Max(furthestEnd, scripts[next].End);
                merged.Add(scripts[next++]);
            }

            if (block.End > furthestEnd)
            {
                merged.Add(block);
            }
        }

        for (; next < scripts.Count; next++)
        {
            merged.Add(scripts[next]);
        }

        return merged;
    }
}
