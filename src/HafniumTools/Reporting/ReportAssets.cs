using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace HafniumTools.Reporting;

/// <summary>
/// The report's style sheet and script, shipped inside the DLL, and the Content-Security-Policy that lets exactly
/// these two run: by their SHA-256 hashes, with every other source (network, inline handlers, injected elements)
/// refused.
/// </summary>
internal static class ReportAssets
{
    public static string StyleSheet { get; } = Load("report.css");

    public static string Script { get; } = Load("report.js");

    /// <summary>Nothing may load from anywhere; only the report's own style sheet and script, by hash, may apply.</summary>
    public static string ContentSecurityPolicy { get; } =
        "default-src 'none'; style-src '" + Hash(StyleSheet) + "'; script-src '" + Hash(Script) + "'; img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>The CSP source expression of an inline element's exact text.</summary>
    public static string Hash(string text)
    {
        using var sha = SHA256.Create();
        return "sha256-" + Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
    }

    private static string Load(string name)
    {
        using var stream = typeof(ReportAssets).Assembly.GetManifestResourceStream("HafniumTools.Reporting." + name)
            ?? throw new InvalidOperationException("The report asset " + name + " is missing from the module.");
        using var reader = new StreamReader(stream, Encoding.UTF8);

        // The HTML parser turns CR LF into LF before the browser hashes the element: hash what the browser will see.
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }
}
