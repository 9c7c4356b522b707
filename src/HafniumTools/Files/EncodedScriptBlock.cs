namespace HafniumTools.Files;

/// <summary>
/// One Script Encoder block of a page: where it was (<see cref="Start"/> to <see cref="End"/> in the file's text) and
/// where its decoded text is in the decoded page.
/// </summary>
internal sealed record EncodedScriptBlock(int Start, int End, int DecodedStart, int DecodedEnd, bool Closed, bool ChecksumMatches);
