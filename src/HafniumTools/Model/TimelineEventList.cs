using System.Collections;
using System.Collections.Generic;

namespace HafniumTools.Model;

/// <summary>The steps of an attack timeline, carried by a <c>ServerAudit</c>.</summary>
public sealed class TimelineEventList : ResultList<TimelineEvent>
{
    /// <summary>A copy of <paramref name="items"/> without null items.</summary>
    public TimelineEventList(IEnumerable<TimelineEvent?>? items)
        : base(items)
    {
    }

    /// <summary>The items of any list, each a <see cref="TimelineEvent"/>: how PowerShell converts <c>@(...)</c> to this list.</summary>
    public TimelineEventList(IEnumerable? items)
        : base(items)
    {
    }

    /// <summary>The list without items.</summary>
    public static TimelineEventList Empty { get; } = new((IEnumerable<TimelineEvent?>?)null);
}
