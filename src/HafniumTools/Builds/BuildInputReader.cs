using System;
using System.Diagnostics;
using System.Globalization;
using HafniumTools.Core;

namespace HafniumTools.Builds;

/// <summary>
/// Reads the build an input carries into one <see cref="BuildReading"/>: build text in every form admins have it
/// (<c>15.1.2176.9</c>, ExSetup's <c>15.01.2176.009</c>, AdminDisplayVersion text, a pasted line such as
/// <c>Build Number: 15.02.1118.022</c> or a name of the catalog such as <c>Exchange 2019 CU12 Mar23SU</c>),
/// <see cref="Version"/>, <see cref="FileVersionInfo"/>, and objects seen through <see cref="IInputObject"/>:
/// FileVersionInfo and Get-ExchangeServer objects (live or deserialized; AdminDisplayVersion as text or as a
/// Major/Minor/Build/Revision bag), FileInfo of ExSetup.exe, hashtables and objects with a server name and a Version or
/// Build. Exchange types are never referenced. Thread-safe. Throws <see cref="InputTooComplexException"/> for an object
/// nested beyond <see cref="InputBounds"/>.
/// </summary>
internal sealed class BuildInputReader
{
    /// <summary>Properties holding a build, most precise first.</summary>
    private static readonly string[] BuildProperties = ["FileVersion", "ProductVersion", "Version", "Build", "BuildNumber", "BuildVersion", "ExchangeBuild"];

    /// <summary>Properties naming the server. PSComputerName is deliberately absent: on EMS objects it is the endpoint.</summary>
    private static readonly string[] ServerProperties = ["ComputerName", "ServerName", "Fqdn", "DnsHostName", "Server", "Name", "Identity"];

    private readonly BuildCatalog? _names;

    /// <param name="names">The catalog whose build names a line may give instead of a number; null reads numbers only.</param>
    public BuildInputReader(BuildCatalog? names = null)
    {
        _names = names;
    }

    /// <summary>
    /// Reads one input: null, a string, a <see cref="Version"/>, a <see cref="FileVersionInfo"/>, an
    /// <see cref="IInputObject"/>, or any other object, whose text is read as a build. <paramref name="computerName"/>
    /// names the server when the input does not.
    /// </summary>
    public BuildReading Read(object? input, string? computerName = null) => input switch
    {
        null => BuildReading.NoBuild("the input is null"),
        string text => ReadText(text, BuildVersionSource.Text, computerName),
        Version version => FromVersion(version, BuildVersionSource.SystemVersion, computerName),
        FileVersionInfo info => FromParts(info.FileMajorPart, info.FileMinorPart, info.FileBuildPart, info.FilePrivatePart, BuildVersionSource.FileVersion, computerName, info.FileVersion ?? info.FileName),
        IInputObject item => ReadObject(item, computerName, 0),
        _ => ReadText(input.ToString(), BuildVersionSource.Text, computerName),
    };

    /// <summary>
    /// Reads build text from <paramref name="source"/>. The AdminDisplayVersion form is recognised whatever
    /// <paramref name="source"/> says.
    /// </summary>
    public BuildReading ReadText(string? text, BuildVersionSource source = BuildVersionSource.Text, string? computerName = null, bool declaredBlind = false)
    {
        if (!ExchangeBuildText.TryParse(text, _names, out var parsed, out string? reason))
        {
            return BuildReading.Invalid(reason!);
        }

        var effective = parsed!.IsAdminDisplayVersion ? BuildVersionSource.AdminDisplayVersion : source;
        return BuildReading.Of(new BuildObservation(parsed.Version, effective, computerName, text!.Trim(), declaredBlind));
    }

    private BuildReading ReadObject(IInputObject item, string? computerName, int depth)
    {
        if (item.IsOfType("System.Diagnostics.FileVersionInfo"))
        {
            return FromFileVersionProperties(item, computerName);
        }

        if (item.Get("VersionInfo") is { } versionInfo)
        {
            // Get-Item ExSetup.exe: its Name is the file, not a server. A hostile object may nest (or be) its own
            // VersionInfo: the walk stops at InputBounds.MaxDepth.
            if (versionInfo is not IInputObject nested)
            {
                return Read(versionInfo, computerName);
            }

            return depth < InputBounds.MaxDepth
                ? ReadObject(nested, computerName, depth + 1)
                : throw new InputTooComplexException("its VersionInfo property nests objects deeper than " + InputBounds.MaxDepth + " levels");
        }

        string? server = Text(item, ServerProperties) ?? computerName;
        object? adminDisplayVersion = item.Get("AdminDisplayVersion");
        if (adminDisplayVersion is not null && item.IsOfType(".ExchangeServer"))
        {
            // An Exchange server object: AdminDisplayVersion is its build, whatever other version-like properties it has.
            return FromValue(adminDisplayVersion, BuildVersionSource.AdminDisplayVersion, server, false).Within("its AdminDisplayVersion: ");
        }

        foreach (string property in BuildProperties)
        {
            if (item.Get(property) is { } value)
            {
                var source = DeclaredSource(item) ?? (property is "FileVersion" or "ProductVersion" ? BuildVersionSource.FileVersion : BuildVersionSource.Property);
                bool blind = item.Get("SecurityUpdatesVisible") is false;
                return FromValue(value, source, server, blind).Within($"its {property} property: ");
            }
        }

        if (adminDisplayVersion is not null)
        {
            return FromValue(adminDisplayVersion, BuildVersionSource.AdminDisplayVersion, server, false).Within("its AdminDisplayVersion: ");
        }

        return item.IsPropertyBag
            ? BuildReading.NoBuild("it has none of the properties FileVersion, ProductVersion, Version, Build, BuildNumber or AdminDisplayVersion")
            : ReadText(item.Text, BuildVersionSource.Text, computerName);
    }

    /// <summary>A build held by a property: a Version, text, or a (deserialized) Version's Major/Minor/Build/Revision.</summary>
    private BuildReading FromValue(object value, BuildVersionSource source, string? computerName, bool blind)
    {
        switch (value)
        {
            case Version version:
                return FromVersion(version, source, computerName, blind);
            case string text:
                return ReadText(text, source, computerName, blind);
            case IInputObject bag when Int(bag, "Major") is int major && Int(bag, "Minor") is int minor && Int(bag, "Build") is int build:
                return FromParts(major, minor, build, Int(bag, "Revision") ?? -1, source, computerName, bag.Text, blind);
            case IInputObject other:
                return ReadText(other.Text, source, computerName, blind);
            default:
                return ReadText(Convert.ToString(value, CultureInfo.InvariantCulture), source, computerName, blind);
        }
    }

    private BuildReading FromFileVersionProperties(IInputObject info, string? computerName)
    {
        if (Int(info, "FileMajorPart") is int major && Int(info, "FileMinorPart") is int minor
            && Int(info, "FileBuildPart") is int build && Int(info, "FilePrivatePart") is int revision
            && (major | minor | build | revision) != 0)
        {
            return FromParts(major, minor, build, revision, BuildVersionSource.FileVersion, computerName, Text(info, "FileVersion", "FileName"));
        }

        string? text = Text(info, "FileVersion", "ProductVersion");
        if (text is null)
        {
            string? file = Text(info, "FileName");
            return BuildReading.NoBuild(file is null ? "the file has no version information" : $"the file {file} has no version information");
        }

        return ReadText(text, BuildVersionSource.FileVersion, computerName);
    }

    private static BuildReading FromVersion(Version version, BuildVersionSource source, string? computerName, bool blind = false) =>
        FromParts(version.Major, version.Minor, version.Build, version.Revision, source, computerName, version.ToString(), blind);

    private static BuildReading FromParts(int major, int minor, int build, int revision, BuildVersionSource source, string? computerName, string? text, bool blind = false) =>
        ExchangeBuildText.TryFromParts(major, minor, build, revision, out var parsed, out string? reason)
            ? BuildReading.Of(new BuildObservation(parsed!.Version, source, computerName, text ?? parsed.Version.ToString(), blind))
            : BuildReading.Invalid(reason!);

    private static BuildVersionSource? DeclaredSource(IInputObject item) =>
        Text(item, "VersionSource") is { } declared
            && !int.TryParse(declared, out _)
            && Enum.TryParse(declared, true, out BuildVersionSource parsed)
            && Enum.IsDefined(typeof(BuildVersionSource), parsed)
            ? parsed
            : null;

    /// <summary>The first of <paramref name="names"/> the object has with a value, as invariant text; null when that is blank.</summary>
    private static string? Text(IInputObject item, params string[] names)
    {
        foreach (string name in names)
        {
            object? value = item.Get(name);
            if (value is null)
            {
                continue;
            }

            string? text = value switch
            {
                string s => s,
                IInputObject nested => nested.Text,
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            };
            return string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
        }

        return null;
    }

    private static int? Int(IInputObject item, string name) => item.Get(name) switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        short s => s,
        string text when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parsed) => parsed,
        _ => null,
    };
}
