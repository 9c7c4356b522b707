namespace HafniumTools.Remote;

/// <summary>How much of the Exchange build the network revealed.</summary>
public enum BuildPrecision
{
    /// <summary>No build was found.</summary>
    None,

    /// <summary>The cumulative update only (three parts, e.g. 15.1.2176): installed security updates are not visible.</summary>
    CumulativeUpdate,

    /// <summary>The full build, security updates included (four parts, e.g. 15.1.2176.9).</summary>
    Full,
}
