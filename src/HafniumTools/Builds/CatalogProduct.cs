using System;

namespace HafniumTools.Builds;

/// <summary>An Exchange product in the build catalog: its version range and the ProxyLogon CVEs that affect it.</summary>
internal sealed class CatalogProduct
{
    private string[] _proxyLogonCves = [];

    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    /// <summary>Lowest version of the product (inclusive).</summary>
    public Version VersionFrom { get; init; } = new(0, 0, 0, 0);

    /// <summary>First version past the product (exclusive).</summary>
    public Version VersionTo { get; init; } = new(0, 0, 0, 0);

    /// <summary>How many version parts name a servicing line: 3 (CU, 2013 and later) or 2 (service pack, 2010).</summary>
    public int ServicingLineParts { get; init; } = 3;

    public DateTime? EndOfSupport { get; init; }

    /// <summary>The ProxyLogon CVEs that affect the product (empty when not affected).</summary>
    public string[] ProxyLogonCves
    {
        get => (string[])_proxyLogonCves.Clone();
        init => _proxyLogonCves = value ?? [];
    }

    /// <summary>A product whose earlier fixes every build of this one includes (Exchange SE from 2019).</summary>
    public string? InheritsFrom { get; init; }

    public string? Note { get; init; }

    internal string[] ProxyLogonCvesNoCopy => _proxyLogonCves;

    public bool Contains(Version version) => version >= VersionFrom && version < VersionTo;

    public override string ToString() => Name;
}
