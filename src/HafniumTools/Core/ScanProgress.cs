namespace HafniumTools.Core;

/// <summary>How far a scan has got, in any unit (bytes, files); <see cref="Total"/> is 0 when unknown.</summary>
internal readonly record struct ScanProgress(long Done, long Total, string Status, string? CurrentItem = null);
