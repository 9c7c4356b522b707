using System.Collections;
using System.Collections.Generic;

namespace HafniumTools.Model;

/// <summary>Findings carried by another result (a <c>ServerAudit</c>, an <c>ExposureResult</c>).</summary>
public sealed class FindingList : ResultList<Finding>
{
    /// <summary>A copy of <paramref name="items"/> without null items.</summary>
    public FindingList(IEnumerable<Finding?>? items)
        : base(items)
    {
    }

    /// <summary>The items of any list, each a <see cref="Finding"/>: how PowerShell converts <c>@(...)</c> to this list.</summary>
    public FindingList(IEnumerable? items)
        : base(items)
    {
    }

    /// <summary>The list without items.</summary>
    public static FindingList Empty { get; } = new((IEnumerable<Finding?>?)null);
}
