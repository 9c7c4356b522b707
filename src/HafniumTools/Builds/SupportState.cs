namespace HafniumTools.Builds;

/// <summary>Microsoft support for a build's product and servicing line on the audit date.</summary>
public enum SupportState
{
    /// <summary>The build's product or servicing line is not in the catalog.</summary>
    Unknown,

    /// <summary>The product is in support and the build is on one of its two newest cumulative updates.</summary>
    Supported,

    /// <summary>The product is in support but this cumulative update no longer gets security updates.</summary>
    CumulativeUpdateUnsupported,

    /// <summary>The product's extended support has ended.</summary>
    ProductEndOfSupport,
}
