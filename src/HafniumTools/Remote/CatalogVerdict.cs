using HafniumTools.Builds;

namespace HafniumTools.Remote;

/// <summary>The build catalog's judgement of a build seen on the network, in the terms an <see cref="ExposureResult"/> carries.</summary>
internal sealed class CatalogVerdict
{
    public string Product { get; init; } = string.Empty;

    public string ProductName { get; init; } = string.Empty;

    public string BuildName { get; init; } = string.Empty;

    public string CumulativeUpdate { get; init; } = string.Empty;

    public string SecurityUpdate { get; init; } = string.Empty;

    public ProxyLogonStatus PatchStatus { get; init; }

    public string[] MissingCves { get; init; } = [];

    public string[] OpenCves { get; init; } = [];

    public string RecommendedUpdate { get; init; } = string.Empty;

    public string Reason { get; init; } = string.Empty;
}
