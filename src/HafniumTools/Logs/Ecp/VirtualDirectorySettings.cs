using System;
using HafniumTools.Core;

namespace HafniumTools.Logs.Ecp;

/// <summary>
/// What the CVE-2021-27065 rules of every source (ECP Server log, MSExchange Management events) agree on: which
/// commands change a virtual directory, which parameters are URLs, and what a plain directory URL looks like.
/// </summary>
internal static class VirtualDirectorySettings
{
    /// <summary>True for <c>Set-OabVirtualDirectory</c>, <c>Set-EcpVirtualDirectory</c>, ... (any case).</summary>
    public static bool IsSetCommand(string? cmdlet) => IsCommand(cmdlet, "Set");

    /// <summary>True for <c>&lt;verb&gt;-*VirtualDirectory</c> (any case).</summary>
    public static bool IsCommand(string? cmdlet, string verb) =>
        cmdlet is not null
        && cmdlet.StartsWith(verb + "-", StringComparison.OrdinalIgnoreCase)
        && cmdlet.EndsWith("VirtualDirectory", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for InternalUrl, ExternalUrl and any other parameter naming a URL or URI.</summary>
    public static bool IsUrlParameter(string? name) =>
        name is not null
        && (name.IndexOf("Url", StringComparison.OrdinalIgnoreCase) >= 0 || name.EndsWith("Uri", StringComparison.OrdinalIgnoreCase));

    /// <summary>A value was given: not empty and not <c>$null</c> / <c>&lt;null&gt;</c>.</summary>
    public static bool HasValue(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && !string.Equals(value!.Trim(), "$null", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(value.Trim(), "<null>", StringComparison.OrdinalIgnoreCase);

    /// <summary>A well-formed http(s) URL without a fragment: the '#' the exploits end their URLs with never belongs in a directory URL.</summary>
    public static bool IsPlainUrl(string value) =>
        UrlInspection.IsWellFormedHttpUrl(value) && value.IndexOf('#') < 0;
}
