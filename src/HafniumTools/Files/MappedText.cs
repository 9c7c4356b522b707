using System;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using HafniumTools.Core;

namespace HafniumTools.Files;

/// <summary>
/// Text being rewritten (de-obfuscated) that remembers, for every character, where it came from in the original
/// file, so a hit in the rewritten code still reports the right line.
/// </summary>
internal sealed class MappedText
{
    private MappedText(string text, int[] origin)
    {
        Text = text;
        Origin = origin;
    }

    public string Text { get; }

    /// <summary>Offset in the original file of each character of <see cref="Text"/>.</summary>
    public int[] Origin { get; }

    /// <summary>True when at least one rewrite changed the text.</summary>
    public bool Rewritten { get; private set; }

    /// <summary>The same mapping over <paramref name="sameLength"/>, a copy of <see cref="Text"/> with characters blanked.</summary>
    public MappedText WithText(string sameLength)
    {
        if (sameLength is null || sameLength.Length != Text.Length)
        {
            throw new ArgumentException("The text must keep the length of the mapped text.", nameof(sameLength));
        }

        return ReferenceEquals(sameLength, Text) ? this : new MappedText(sameLength, Origin) { Rewritten = Rewritten };
    }

    public static MappedText FromRegion(string file, int start, int end)
    {
        var origin = new int[end - start];
        for (int i = 0; i < origin.Length; i++)
        {
            origin[i] = start + i;
        }

        return new MappedText(file.Substring(start, end - start), origin);
    }

    /// <summary>The spans of <paramref name="file"/> joined by <paramref name="separator"/>, in one copy.</summary>
    [MethodImpl(HotPath.Optimize)]
    public static MappedText Join(string file, System.Collections.Generic.IReadOnlyList<TextSpan> spans, string separator)
    {
        int length = 0;
        foreach (var span in spans)
        {
            length += span.End - span.Start + separator.Length;
        }

        var text = new StringBuilder(length);
        var origin = new int[length];
        int at = 0;
        foreach (var span in spans)
        {
            text.Append(file, span.Start, span.End - span.Start).Append(separator);
            for (int i = span.Start; i < span.End; i++)
            {
                origin[at++] = i;
            }

            for (int i = 0; i < separator.Length; i++)
            {
                origin[at++] = Math.Max(span.Start, span.End - 1);
            }
        }

        return new MappedText(text.ToString(), origin);
    }

    public static MappedText Concat(MappedText first, string separator, MappedText second)
    {
        var origin = new int[first.Text.Length + separator.Length + second.Text.Length];
        Array.Copy(first.Origin, origin, first.Origin.Length);
        int anchor = first.Origin.Length > 0 ? first.Origin[first.Origin.Length - 1] : (second.Origin.Length > 0 ? second.Origin[0] : 0);
        for (int i = 0; i < separator.Length; i++)
        {
            origin[first.Origin.Length + i] = anchor;
        }

        Array.Copy(second.Origin, 0, origin, first.Origin.Length + separator.Length, second.Origin.Length);
        return new MappedText(first.Text + separator + second.Text, origin) { Rewritten = first.Rewritten || second.Rewritten };
    }

    /// <summary>Original offset of a position in <see cref="Text"/>.</summary>
    public int OriginOf(int index) =>
        Origin.Length == 0 ? 0 : Origin[Math.Max(0, Math.Min(index, Origin.Length - 1))];

    /// <summary>
    /// Rewrites every match (found in the first <paramref name="searchLength"/> characters, when given); replaced
    /// characters map to the start of the match they replace.
    /// </summary>
    public MappedText Replace(Regex pattern, Func<Match, string?> replacement, int? searchLength = null)
    {
        var matches = pattern.Matches(searchLength is int length && length < Text.Length ? Text.Substring(0, Math.Max(0, length)) : Text);
        if (matches.Count == 0)
        {
            return this;
        }

        var text = new StringBuilder(Text.Length);
        var origin = new System.Collections.Generic.List<int>(Text.Length);
        int last = 0;
        bool changed = false;
        foreach (Match match in matches)
        {
            string? with = replacement(match);
            if (with is null || with == match.Value)
            {
                continue;
            }

            Append(text, origin, last, match.Index);
            int anchor = Origin[match.Index];
            text.Append(with);
            for (int i = 0; i < with.Length; i++)
            {
                origin.Add(anchor);
            }

            last = match.Index + match.Length;
            changed = true;
        }

        if (!changed)
        {
            return this;
        }

        Append(text, origin, last, Text.Length);
        return new MappedText(text.ToString(), origin.ToArray()) { Rewritten = true };
    }

    private void Append(StringBuilder text, System.Collections.Generic.List<int> origin, int from, int to)
    {
        text.Append(Text, from, to - from);
        for (int i = from; i < to; i++)
        {
            origin.Add(Origin[i]);
        }
    }
}
