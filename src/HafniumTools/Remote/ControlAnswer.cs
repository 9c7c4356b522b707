namespace HafniumTools.Remote;

/// <summary>What a folder answered for a name that cannot exist, when it answered 200 with a page: a catch-all site.</summary>
/// <param name="Sha256">SHA-256 (hex) of the catch-all answer's body.</param>
internal sealed record ControlAnswer(string Sha256);
