using System;

namespace HafniumTools.Builds;

/// <summary>
/// One build to audit, as the input showed it: the version, where it came from, the server it belongs to (if known)
/// and the input's own text. Made once by <see cref="BuildInputReader"/> (or directly by a caller that already has a
/// version) and never changed; <see cref="ShowsSecurityUpdates"/> is the one place that decides whether the version can
/// show installed security updates.
/// </summary>
internal sealed class BuildObservation
{
    public BuildObservation(Version version, BuildVersionSource source, string? computerName = null, string? inputText = null, bool declaredBlind = false)
    {
        Version = version ?? throw new ArgumentNullException(nameof(version));
        Source = source;
        ComputerName = computerName;
        InputText = inputText ?? version.ToString();
        DeclaredBlind = declaredBlind;
    }

    /// <summary>The version as given: three parts when the input had no revision.</summary>
    public Version Version { get; }

    public BuildVersionSource Source { get; }

    public string? ComputerName { get; }

    /// <summary>The input as the user gave it.</summary>
    public string InputText { get; }

    /// <summary>
    /// True when the input itself says its version cannot show security updates (an object with
    /// <c>SecurityUpdatesVisible = $false</c>, such as remote detection reading a CU-level version).
    /// </summary>
    public bool DeclaredBlind { get; }

    /// <summary>
    /// Whether this version shows the security updates installed on its CU, for the product the catalog says it belongs
    /// to (null when none). Never for AdminDisplayVersion (it does not change when an update is installed) nor for a
    /// version its input declares blind. For a product whose update rollups change the build number itself (Exchange
    /// 2010: <see cref="CatalogProduct.ServicingLineParts"/> = 2), every other version does, three-part ones included:
    /// 14.3.513 is RU32. For the others only a four-part version does: 15.1.2176 names the CU, not its updates.
    /// </summary>
    public bool ShowsSecurityUpdates(CatalogProduct? product) =>
        Source != BuildVersionSource.AdminDisplayVersion
        && !DeclaredBlind
        && (Version.Revision >= 0 || product?.ServicingLineParts == 2);

    public override string ToString() => InputText;
}
