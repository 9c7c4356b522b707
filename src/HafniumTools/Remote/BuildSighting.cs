using System;

namespace HafniumTools.Remote;

/// <summary>One build a method saw, with its precision and the evidence (URL, status, fact).</summary>
internal sealed class BuildSighting
{
    public BuildSighting(Version build, BuildMethod method, BuildPrecision precision, string evidence)
    {
        Build = precision == BuildPrecision.CumulativeUpdate ? new Version(build.Major, build.Minor, Math.Max(0, build.Build)) : build;
        Method = method;
        Precision = precision;
        Evidence = evidence;
    }

    /// <summary>The build; three parts when only the CU is known.</summary>
    public Version Build { get; }

    public BuildMethod Method { get; }

    public BuildPrecision Precision { get; }

    public string Evidence { get; }

    /// <summary>How far to trust the method for the same precision: an authenticated answer first, then the header, the routed path, the manifest, the page.</summary>
    public int Rank => Method switch
    {
        BuildMethod.EwsServerVersion => 5,
        BuildMethod.OwaVersionHeader => 4,
        BuildMethod.ExportToolPathProbe => 3,
        BuildMethod.ExportToolManifest => 2,
        BuildMethod.OwaAssetPath => 1,
        _ => 0,
    };

    /// <summary>True when both name the same CU (major.minor.build).</summary>
    public bool SameCumulativeUpdate(BuildSighting other) =>
        Build.Major == other.Build.Major && Build.Minor == other.Build.Minor && Build.Build == other.Build.Build;

    public override string ToString() => Method + " " + Build;
}
