namespace HafniumTools.Logs;

/// <summary>A row its reader could keep only in part (an event with more data than is kept per event).</summary>
internal interface IPartialRow
{
    /// <summary>What was left out of this row, said in a few words; null when the row is whole.</summary>
    string? LeftOut { get; }

    /// <summary>The <see cref="Core.ErrorIds"/> id the hunt reports a partial row with.</summary>
    string GapErrorId { get; }
}
