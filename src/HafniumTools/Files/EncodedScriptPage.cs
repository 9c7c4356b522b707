using System.Collections.Generic;

namespace HafniumTools.Files;

/// <summary>A page whose Script Encoder blocks were decoded in place (<see cref="ScriptEncoder.DecodePage"/>).</summary>
internal sealed class EncodedScriptPage(string text, IReadOnlyList<EncodedScriptBlock> blocks)
{
    /// <summary>The page with every encoded block replaced by its decoded script.</summary>
    public string Text { get; } = text;

    public IReadOnlyList<EncodedScriptBlock> Blocks { get; } = blocks;

    /// <summary>The block an offset of the decoded page lies in, or null (text that was never encoded).</summary>
    public EncodedScriptBlock? BlockAt(int decodedOffset)
    {
        foreach (var block in Blocks)
        {
            if (decodedOffset >= block.DecodedStart && decodedOffset < block.DecodedEnd)
            {
                return block;
            }
        }

        return null;
    }

    /// <summary>
    /// The offset in the original file of an offset of the decoded page: the start of its encoded block for decoded
    /// script, the same text shifted by what the blocks before it changed otherwise.
    /// </summary>
    public int OriginalOffset(int decodedOffset)
    {
        int shift = 0;
        foreach (var block in Blocks)
        {
            if (decodedOffset < block.DecodedStart)
            {
                break;
            }

            if (decodedOffset < block.DecodedEnd)
            {
                return block.Start;
            }

            shift = block.End - block.DecodedEnd;
        }

        return decodedOffset + shift;
    }
}
