using System;
using System.Collections.Generic;
using HafniumTools.Core;

namespace HafniumTools.Configuration;

/// <summary>
/// A virtual directory as read from a pipeline object (live, deserialized or a hashtable) or from a
/// configuration dump on disk: who it belongs to, what type it is, and every URL-valued property.
/// </summary>
internal sealed class VirtualDirectoryRecord
{
    public VirtualDirectoryRecord(string? server, string? identity, string? name, VirtualDirectoryKind kind, IReadOnlyList<ConfiguredUrl> urls)
    {
        Name = Blank(name) ?? NameFromIdentity(identity);
        Identity = Blank(identity) ?? Name;
        Server = Blank(server) ?? ServerFromIdentity(identity);
        Kind = kind;
        Urls = urls ?? throw new ArgumentNullException(nameof(urls));
    }

    /// <summary>The server that hosts the directory (never the remoting endpoint), or empty when unknown.</summary>
    public string Server { get; }

    /// <summary><c>SERVER\OAB (Default Web Site)</c> as Exchange shows it, or the name.</summary>
    public string Identity { get; }

    /// <summary><c>OAB (Default Web Site)</c>.</summary>
    public string Name { get; }

    public VirtualDirectoryKind Kind { get; }

    public IReadOnlyList<ConfiguredUrl> Urls { get; }

    /// <summary>How findings name the directory: <c>SERVER\Name</c> when the server is known.</summary>
    public string DisplayName =>
        Identity.IndexOf('\\') > 0 || Server.Length == 0 ? Identity : Server + "\\" + Identity;

    /// <summary>True for property names that hold a URL (<c>ExternalUrl</c>, <c>InternalNLBBypassUrl</c>, ...).</summary>
    public static bool IsUrlPropertyName(string? propertyName) =>
        propertyName is not null
        && (propertyName.EndsWith("Url", StringComparison.OrdinalIgnoreCase)
            || propertyName.EndsWith("Uri", StringComparison.OrdinalIgnoreCase)
            || string.Equals(propertyName, "ActiveSyncServer", StringComparison.OrdinalIgnoreCase));

    private static string? Blank(string? value) => Strings.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string NameFromIdentity(string? identity)
    {
        string? id = Blank(identity);
        if (id is null)
        {
            return string.Empty;
        }

        int slash = id.IndexOf('\\');
        return slash >= 0 ? id.Substring(slash + 1) : id;
    }

    private static string ServerFromIdentity(string? identity)
    {
        string? id = Blank(identity);
        int slash = id?.IndexOf('\\') ?? -1;
        return id is not null && slash > 0 ? id.Substring(0, slash) : string.Empty;
    }
}
