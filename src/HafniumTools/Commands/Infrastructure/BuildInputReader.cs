using System;
using System.Collections;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Management.Automation;
using HafniumTools.Builds;

namespace HafniumTools.Commands.Infrastructure;

/// <summary>
/// Turns whatever an admin pipes into Test-HafniumBuild into a <see cref="BuildObservation"/>: build strings,
/// System.Version, FileVersionInfo (live or deserialized), FileInfo of ExSetup.exe, Get-ExchangeServer objects
/// (live or deserialized; AdminDisplayVersion as text or as a Major/Minor/Build/Revision bag), hashtables and
/// objects with ComputerName plus Version/Build (remote detection). Exchange types are never referenced.
/// </summary>
internal static class BuildInputReader
{
    /// <summary>Properties holding a build that shows security updates, most precise first.</summary>
    private static readonly string[] BuildProperties = ["FileVersion", "ProductVersion", "Version", "Build", "BuildNumber", "BuildVersion", "ExchangeBuild"];

    /// <summary>Properties naming the server. PSComputerName is deliberately absent: it is the EMS endpoint.</summary>
    private static readonly string[] ServerProperties = ["ComputerName", "ServerName", "Fqdn", "DnsHostName", "Server", "Name", "Identity"];

    public static string DescribeExpected =>
        "a build string (15.1.2176.9, 15.01.2176.009, 'Version 15.1 (Build 2176.2)'), a System.Version, a FileVersionInfo, "
        + "a Get-ExchangeServer object, or an object with Version, Build, FileVersion or AdminDisplayVersion";

    /// <summary>Reads one input; false with a reason when it holds no build, and whether it held no build at all.</summary>
    public static bool TryRead(object? input, string? defaultComputerName, [NotNullWhen(true)] out BuildObservation? observation, out string? reason, out bool noBuild)
    {
        observation = null;
        noBuild = false;
        object? value = InputProperties.Unwrap(input);
        switch (value)
        {
            case null:
                reason = "the input is null";
                noBuild = true;
                return false;
            case string text:
                return BuildObservation.TryParse(text, BuildVersionSource.Text, defaultComputerName, out observation, out reason);
            case Version version:
                return FromParts(version.Major, version.Minor, version.Build, version.Revision, BuildVersionSource.SystemVersion, true, defaultComputerName, version.ToString(), out observation, out reason);
            case FileVersionInfo info:
                return FromParts(info.FileMajorPart, info.FileMinorPart, info.FileBuildPart, info.FilePrivatePart, BuildVersionSource.FileVersion, true, defaultComputerName, info.FileVersion ?? info.FileName, out observation, out reason);
        }

        if (IsFileVersionInfo(input))
        {
            return FromFileVersionProperties(input, defaultComputerName, out observation, out reason, out noBuild);
        }

        if (InputProperties.GetValue(input, "VersionInfo") is { } versionInfo)
        {
            // Get-Item ExSetup.exe: its Name is the file, not a server.
            return TryRead(versionInfo, defaultComputerName, out observation, out reason, out noBuild);
        }

        string? computerName = InputProperties.GetString(input, ServerProperties) ?? defaultComputerName;
        object? adminDisplayVersion = InputProperties.GetValue(input, "AdminDisplayVersion");
        if (adminDisplayVersion is not null && IsExchangeServer(input))
        {
            // An Exchange server object: AdminDisplayVersion is its build, whatever other version-like properties it has.
            return FromAdminDisplayVersion(adminDisplayVersion, computerName, out observation, out reason);
        }

        foreach (string property in BuildProperties)
        {
            object? raw = InputProperties.GetValue(input, property);
            if (raw is not null)
            {
                var source = DeclaredSource(input) ?? (property == "FileVersion" || property == "ProductVersion" ? BuildVersionSource.FileVersion : BuildVersionSource.Property);
                if (!FromValue(raw, source, computerName, out observation, out reason))
                {
                    reason = $"its {property} property: {reason}";
                    return false;
                }

                if (InputProperties.GetValue(input, "SecurityUpdatesVisible") is bool visible && !visible)
                {
                    observation = new BuildObservation(observation.Version, observation.Source, false, observation.ComputerName, observation.InputText);
                }

                return true;
            }
        }

        if (adminDisplayVersion is not null)
        {
            return FromAdminDisplayVersion(adminDisplayVersion, computerName, out observation, out reason);
        }

        if (value is IDictionary || input is PSObject)
        {
            reason = "it has none of the properties FileVersion, ProductVersion, Version, Build, BuildNumber or AdminDisplayVersion";
            noBuild = true;
            return false;
        }

        return BuildObservation.TryParse(value.ToString(), BuildVersionSource.Text, defaultComputerName, out observation, out reason);
    }

    private static bool FromAdminDisplayVersion(object value, string? computerName, [NotNullWhen(true)] out BuildObservation? observation, out string? reason)
    {
        if (FromValue(value, BuildVersionSource.AdminDisplayVersion, computerName, out observation, out reason))
        {
            return true;
        }

        reason = $"its AdminDisplayVersion: {reason}";
        return false;
    }

    private static bool IsExchangeServer(object? input) =>
        InputProperties.TypeNames(input).Any(t => t.EndsWith(".ExchangeServer", StringComparison.Ordinal));

    private static bool FromValue(object raw, BuildVersionSource source, string? computerName, [NotNullWhen(true)] out BuildObservation? observation, out string? reason)
    {
        object? value = InputProperties.Unwrap(raw);
        if (value is Version version)
        {
            return FromParts(version.Major, version.Minor, version.Build, version.Revision, source, source != BuildVersionSource.AdminDisplayVersion, computerName, version.ToString(), out observation, out reason);
        }

        if (value is string text)
        {
            if (!BuildObservation.TryParse(text, source, computerName, out observation, out reason))
            {
                return false;
            }

            if (source == BuildVersionSource.AdminDisplayVersion && observation.SecurityUpdatesVisible)
            {
                observation = new BuildObservation(observation.Version, source, false, computerName, observation.InputText);
            }

            return true;
        }

        // A (deserialized) ServerVersion or Version: a property bag with Major/Minor/Build/Revision.
        if (TryInt(raw, "Major", out int major) && TryInt(raw, "Minor", out int minor) && TryInt(raw, "Build", out int build))
        {
            int revision = TryInt(raw, "Revision", out int r) ? r : -1;
            return FromParts(major, minor, build, revision, source, source != BuildVersionSource.AdminDisplayVersion, computerName, raw.ToString(), out observation, out reason);
        }

        return FromValue(raw.ToString() ?? string.Empty, source, computerName, out observation, out reason);
    }

    private static bool FromFileVersionProperties(object? input, string? computerName, [NotNullWhen(true)] out BuildObservation? observation, out string? reason, out bool noBuild)
    {
        noBuild = false;
        if (TryInt(input, "FileMajorPart", out int major) && TryInt(input, "FileMinorPart", out int minor)
            && TryInt(input, "FileBuildPart", out int build) && TryInt(input, "FilePrivatePart", out int revision)
            && (major | minor | build | revision) != 0)
        {
            return FromParts(major, minor, build, revision, BuildVersionSource.FileVersion, true, computerName,
                InputProperties.GetString(input, "FileVersion", "FileName"), out observation, out reason);
        }

        string? text = InputProperties.GetString(input, "FileVersion", "ProductVersion");
        if (text is null)
        {
            observation = null;
            reason = $"the file {InputProperties.GetString(input, "FileName") ?? string.Empty} has no version information".Replace("file  has", "file has");
            noBuild = true;
            return false;
        }

        return BuildObservation.TryParse(text, BuildVersionSource.FileVersion, computerName, out observation, out reason);
    }

    private static bool FromParts(int major, int minor, int build, int revision, BuildVersionSource source, bool visible, string? computerName, string? text, [NotNullWhen(true)] out BuildObservation? observation, out string? reason)
    {
        observation = null;
        if (!ExchangeBuildText.TryFromParts(major, minor, build, revision, out var parsed, out reason))
        {
            return false;
        }

        observation = new BuildObservation(parsed.Version, source, visible && parsed.HasRevision, computerName, text ?? parsed.Version.ToString());
        return true;
    }

    private static BuildVersionSource? DeclaredSource(object? input) =>
        InputProperties.GetString(input, "VersionSource") is { } declared
            && Enum.TryParse(declared, true, out BuildVersionSource parsed)
            && Enum.IsDefined(typeof(BuildVersionSource), parsed)
            && !int.TryParse(declared, out _)
            ? parsed
            : null;

    private static bool IsFileVersionInfo(object? input) =>
        InputProperties.TypeNames(input).Any(t => t.EndsWith("System.Diagnostics.FileVersionInfo", StringComparison.Ordinal));

    private static bool TryInt(object? input, string name, out int value)
    {
        value = 0;
        switch (InputProperties.Unwrap(InputProperties.GetValue(input, name)))
        {
            case int i:
                value = i;
                return true;
            case long l when l is >= int.MinValue and <= int.MaxValue:
                value = (int)l;
                return true;
            case short s:
                value = s;
                return true;
            case string text:
                return int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value);
            default:
                return false;
        }
    }
}
