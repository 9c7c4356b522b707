using System.Collections;
using System.Collections.Generic;

namespace HafniumTools.Model;

/// <summary>What each source of evidence covered, carried by a <c>ServerAudit</c>.</summary>
public sealed class ScanCoverageList : ResultList<ScanCoverage>
{
    /// <summary>A copy of <paramref name="items"/> without null items.</summary>
    public ScanCoverageList(IEnumerable<ScanCoverage?>? items)
        : base(items)
    {
    }

    /// <summary>The items of any list, each a <see cref="ScanCoverage"/>: how PowerShell converts <c>@(...)</c> to this list.</summary>
    public ScanCoverageList(IEnumerable? items)
        : base(items)
    {
    }

    /// <summary>The list without items.</summary>
    public static ScanCoverageList Empty { get; } = new((IEnumerable<ScanCoverage?>?)null);
}
