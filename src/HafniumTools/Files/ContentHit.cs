using HafniumTools.Model;

namespace HafniumTools.Files;

/// <summary>One content rule hit: the rule, where in the original text, and what was seen.</summary>
internal sealed class ContentHit
{
    public ContentHit(DetectionRule rule, int offset, string detail)
    {
        Rule = rule;
        Offset = offset;
        Detail = detail;
    }

    public DetectionRule Rule { get; }

    /// <summary>Offset of the hit in the file's decoded text.</summary>
    public int Offset { get; }

    public string Detail { get; }
}
