using System;
using System.Collections.Generic;
using HafniumTools.Core;

namespace HafniumTools.Configuration;

/// <summary>
/// Tells which kind of virtual directory an object is, from what survives remoting: the .NET type names
/// (with or without the <c>Deserialized.</c> prefix), the AD object classes, the property names that only
/// one kind has, and as a last resort the directory name Exchange gives it.
/// </summary>
internal static class VirtualDirectoryClassifier
{
    private const string DeserializedPrefix = "Deserialized.";

    // Exchange's configuration classes (Microsoft.Exchange.Data.Directory.SystemConfiguration.*).
    private static readonly KeyValuePair<string, VirtualDirectoryKind>[] ClassNames =
    [
        new("ADOabVirtualDirectory", VirtualDirectoryKind.Oab),
        new("ADEcpVirtualDirectory", VirtualDirectoryKind.Ecp),
        new("ADOwaVirtualDirectory", VirtualDirectoryKind.Owa),
        new("ADWebServicesVirtualDirectory", VirtualDirectoryKind.Ews),
        new("ADAutodiscoverVirtualDirectory", VirtualDirectoryKind.Autodiscover),
        new("ADMobileVirtualDirectory", VirtualDirectoryKind.ActiveSync),
        new("ADMapiVirtualDirectory", VirtualDirectoryKind.Mapi),
        new("ADPowerShellVirtualDirectory", VirtualDirectoryKind.PowerShell),
        new("ADRpcHttpVirtualDirectory", VirtualDirectoryKind.OutlookAnywhere),
    ];

    // AD object classes (the ObjectClass property, also printed in configuration dumps).
    private static readonly KeyValuePair<string, VirtualDirectoryKind>[] ObjectClasses =
    [
        new("msExchOABVirtualDirectory", VirtualDirectoryKind.Oab),
        new("msExchECPVirtualDirectory", VirtualDirectoryKind.Ecp),
        new("msExchOWAVirtualDirectory", VirtualDirectoryKind.Owa),
        new("msExchWebServicesVirtualDirectory", VirtualDirectoryKind.Ews),
        new("msExchAutodiscoverVirtualDirectory", VirtualDirectoryKind.Autodiscover),
        new("msExchMobileVirtualDirectory", VirtualDirectoryKind.ActiveSync),
        new("msExchMapiVirtualDirectory", VirtualDirectoryKind.Mapi),
        new("msExchPowerShellVirtualDirectory", VirtualDirectoryKind.PowerShell),
        new("msExchRpcHttpVirtualDirectory", VirtualDirectoryKind.OutlookAnywhere),
    ];

    // Properties only one kind has.
    private static readonly KeyValuePair<string, VirtualDirectoryKind>[] SignatureProperties =
    [
        new("OfflineAddressBooks", VirtualDirectoryKind.Oab),
        new("PollInterval", VirtualDirectoryKind.Oab),
        new("AdminEnabled", VirtualDirectoryKind.Ecp),
        new("OwaOptionsEnabled", VirtualDirectoryKind.Ecp),
        new("LogonFormat", VirtualDirectoryKind.Owa),
        new("InternalNLBBypassUrl", VirtualDirectoryKind.Ews),
        new("MRSProxyEnabled", VirtualDirectoryKind.Ews),
        new("ActiveSyncServer", VirtualDirectoryKind.ActiveSync),
        new("IISAuthenticationMethods", VirtualDirectoryKind.Mapi),
        new("ExternalClientAuthenticationMethod", VirtualDirectoryKind.OutlookAnywhere),
        new("CertificateAuthentication", VirtualDirectoryKind.PowerShell),
    ];

    // Default directory names ("OAB (Default Web Site)"), compared on the part before " (".
    private static readonly KeyValuePair<string, VirtualDirectoryKind>[] DirectoryNames =
    [
        new("OAB", VirtualDirectoryKind.Oab),
        new("ecp", VirtualDirectoryKind.Ecp),
        new("owa", VirtualDirectoryKind.Owa),
        new("EWS", VirtualDirectoryKind.Ews),
        new("Autodiscover", VirtualDirectoryKind.Autodiscover),
        new("Microsoft-Server-ActiveSync", VirtualDirectoryKind.ActiveSync),
        new("mapi", VirtualDirectoryKind.Mapi),
        new("PowerShell", VirtualDirectoryKind.PowerShell),
        new("Rpc", VirtualDirectoryKind.OutlookAnywhere),
    ];

    /// <summary>The kind from the strongest evidence available; <see cref="VirtualDirectoryKind.Unknown"/> when none.</summary>
    public static VirtualDirectoryKind Classify(
        IEnumerable<string>? typeNames,
        IEnumerable<string>? objectClasses,
        IEnumerable<string>? propertyNames,
        string? name)
    {
        var kind = FromTypeNames(typeNames);
        if (kind == VirtualDirectoryKind.Unknown)
        {
            kind = FirstMatch(objectClasses, ObjectClasses);
        }

        if (kind == VirtualDirectoryKind.Unknown)
        {
            kind = FirstMatch(propertyNames, SignatureProperties);
        }

        return kind == VirtualDirectoryKind.Unknown ? FromDirectoryName(name) : kind;
    }

    /// <summary>The kind from .NET type names, <c>Deserialized.</c> prefix or not.</summary>
    public static VirtualDirectoryKind FromTypeNames(IEnumerable<string>? typeNames)
    {
        if (typeNames is null)
        {
            return VirtualDirectoryKind.Unknown;
        }

        foreach (string typeName in typeNames)
        {
            string plain = typeName.StartsWith(DeserializedPrefix, StringComparison.Ordinal) ? typeName.Substring(DeserializedPrefix.Length) : typeName;
            int dot = plain.LastIndexOf('.');
            string simple = dot >= 0 ? plain.Substring(dot + 1) : plain;
            foreach (var pair in ClassNames)
            {
                if (string.Equals(simple, pair.Key, StringComparison.OrdinalIgnoreCase))
                {
                    return pair.Value;
                }
            }
        }

        return VirtualDirectoryKind.Unknown;
    }

    /// <summary>The kind from an object class such as <c>msExchOABVirtualDirectory</c> or a category ending in <c>ms-Exch-OAB-Virtual-Directory</c>.</summary>
    public static VirtualDirectoryKind FromObjectClassOrCategory(string? value)
    {
        if (Strings.IsNullOrEmpty(value))
        {
            return VirtualDirectoryKind.Unknown;
        }

        string compact = value.Replace("-", string.Empty);
        foreach (var pair in ObjectClasses)
        {
            if (compact.IndexOf(pair.Key, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return pair.Value;
            }
        }

        return VirtualDirectoryKind.Unknown;
    }

    /// <summary>The kind from a directory name such as <c>OAB (Default Web Site)</c>.</summary>
    public static VirtualDirectoryKind FromDirectoryName(string? name)
    {
        if (Strings.IsNullOrWhiteSpace(name))
        {
            return VirtualDirectoryKind.Unknown;
        }

        string bare = name.Trim();
        int slash = bare.LastIndexOf('\\');
        bare = slash >= 0 ? bare.Substring(slash + 1) : bare;
        int paren = bare.IndexOf(" (", StringComparison.Ordinal);
        bare = (paren > 0 ? bare.Substring(0, paren) : bare).Trim();
        return FirstMatch([bare], DirectoryNames);
    }

    private static VirtualDirectoryKind FirstMatch(IEnumerable<string>? values, KeyValuePair<string, VirtualDirectoryKind>[] table)
    {
        if (values is null)
        {
            return VirtualDirectoryKind.Unknown;
        }

        foreach (string value in values)
        {
            foreach (var pair in table)
            {
                if (string.Equals(value, pair.Key, StringComparison.OrdinalIgnoreCase))
                {
                    return pair.Value;
                }
            }
        }

        return VirtualDirectoryKind.Unknown;
    }
}
