namespace HafniumTools.Files;

/// <summary>A span of a file's text: [Start, End).</summary>
internal readonly struct TextSpan(int start, int end)
{
    public int Start { get; } = start;

    public int End { get; } = end;
}
