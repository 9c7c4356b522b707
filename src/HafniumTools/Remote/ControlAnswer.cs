namespace HafniumTools.Remote;

/// <summary>What a folder answered for a name that cannot exist, when it answered 200 with a page: a catch-all site.</summary>
internal sealed class ControlAnswer(string sha256)
{
    /// <summary>SHA-256 (hex) of the catch-all answer's body.</summary>
    public string Sha256 { get; } = sha256;
}
