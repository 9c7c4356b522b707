using System;
using System.Diagnostics.CodeAnalysis;

namespace HafniumTools.Builds;

/// <summary>One build to audit: the version, where it came from, and the server it belongs to (if known).</summary>
internal sealed class BuildObservation
{
    public BuildObservation(Version version, BuildVersionSource source, bool securityUpdatesVisible, string? computerName = null, string? inputText = null)
    {
        Version = version ?? throw new ArgumentNullException(nameof(version));
        Source = source;
        SecurityUpdatesVisible = securityUpdatesVisible && version.Revision >= 0;
        ComputerName = computerName;
        InputText = inputText ?? version.ToString();
    }

    public Version Version { get; }

    public BuildVersionSource Source { get; }

    /// <summary>
    /// True when the version shows installed security updates (ExSetup file version, four-part build text);
    /// false for AdminDisplayVersion and CU-level (three-part) builds.
    /// </summary>
    public bool SecurityUpdatesVisible { get; }

    public string? ComputerName { get; }

    /// <summary>The input as the user gave it.</summary>
    public string InputText { get; }

    /// <summary>
    /// Reads build text. The AdminDisplayVersion form is recognised whatever <paramref name="source"/> says,
    /// and never shows security updates.
    /// </summary>
    public static bool TryParse(string? text, BuildVersionSource source, string? computerName, [NotNullWhen(true)] out BuildObservation? observation, out string? reason)
    {
        observation = null;
        if (!ExchangeBuildText.TryParse(text, out var parsed, out reason))
        {
            return false;
        }

        var effectiveSource = parsed.IsAdminDisplayVersion ? BuildVersionSource.AdminDisplayVersion : source;
        bool visible = effectiveSource != BuildVersionSource.AdminDisplayVersion && parsed.HasRevision;
        observation = new BuildObservation(parsed.Version, effectiveSource, visible, computerName, text.Trim());
        return true;
    }
}
