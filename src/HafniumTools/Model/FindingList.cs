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

    /// <summary>The list without items.</summary>
    public static FindingList Empty { get; } = new(null);
}
