using System.Collections;
using System.Collections.Generic;

namespace HafniumTools.Model;

/// <summary>The per-campaign verdicts carried by a <c>ServerAudit</c>, one per campaign in campaign order.</summary>
public sealed class CampaignStatusList : ResultList<CampaignStatus>
{
    /// <summary>A copy of <paramref name="items"/> without null items.</summary>
    public CampaignStatusList(IEnumerable<CampaignStatus?>? items)
        : base(items)
    {
    }

    /// <summary>The items of any list, each a <see cref="CampaignStatus"/>: how PowerShell converts <c>@(...)</c> to this list.</summary>
    public CampaignStatusList(IEnumerable? items)
        : base(items)
    {
    }

    /// <summary>The list without items.</summary>
    public static CampaignStatusList Empty { get; } = new((IEnumerable<CampaignStatus?>?)null);
}
