namespace HafniumTools.Builds;

/// <summary>What a build catalog entry is.</summary>
public enum BuildEntryKind
{
    /// <summary>A cumulative update (also RTM, SP1 and previews of 2013 and later): starts a servicing line.</summary>
    CumulativeUpdate,

    /// <summary>An Exchange 2010 service pack: starts a servicing line.</summary>
    ServicePack,

    /// <summary>An Exchange 2010 update rollup.</summary>
    UpdateRollup,

    /// <summary>A security update for one cumulative update.</summary>
    SecurityUpdate,

    /// <summary>A hotfix update for one cumulative update (may carry security fixes).</summary>
    HotfixUpdate,
}
