using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using HafniumTools.Core;

namespace HafniumTools.Logs;

/// <summary>
/// Finds, in a block of raw bytes, every place where one of a few ASCII substrings occurs (case-insensitively),
/// without decoding or splitting lines. Each substring is anchored on its rarest byte; one vectorised search for all
/// the anchor bytes (<see cref="ByteSearch"/>; where the runtime lacks it, one <see cref="Array.IndexOf{T}(T[], T, int, int)"/>
/// pass per anchor byte) finds the few places worth a closer look, a table look-up of the neighbouring byte discards
/// most of them, and only the rest are compared in full. This is how clean lines are skipped at memory speed.
/// </summary>
internal sealed class LinePrefilter
{
    // Bytes ordered from rare to common in Exchange's CSV logs; a needle is anchored on its first byte found here.
    private const string AnchorPreference = "~^|`{}[]!$qQxXzZjJkKYVWyvwbBPpfFgGHhUuNMmDdTIiLlOoRrCcAaEeSsn";

    private readonly Pass[] _passes;

    // With the runtime's vectorised search of several values (ByteSearch): every anchor byte of every pass, both cases
    // of a letter, searched in one pass over the buffer, and the pass each byte belongs to. Null: a pass at a time.
    private readonly byte[]? _allAnchors;
    private readonly Pass?[]? _passOf;

    private LinePrefilter(IEnumerable<string> needles, bool bothCasesInOnePass)
    {
        var distinct = needles.Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        Needles = distinct;

        // The needles of each anchor byte, in the order the bytes are first met. Arrays and loops rather than a
        // dictionary keyed by byte and LINQ over it: filters are built while a hunt starts, where every generic
        // instantiation over a value type is more code to compile.
        var byAnchor = new List<Needle>?[256];
        var anchors = new List<byte>();
        foreach (var text in distinct)
        {
            var needle = new Needle(text);
            // A letter's two cases are one group when the runtime searches a set of values at once, else a pass each.
            foreach (byte anchor in bothCasesInOnePass ? [needle.Anchor] : needle.AnchorBytes())
            {
                if (byAnchor[anchor] is not { } list)
                {
                    byAnchor[anchor] = list = [];
                    anchors.Add(anchor);
                }

                list.Add(needle);
            }
        }

        _passes = new Pass[anchors.Count];
        for (int i = 0; i < anchors.Count; i++)
        {
            _passes[i] = new Pass(anchors[i], byAnchor[anchors[i]]!.ToArray());
        }

        if (bothCasesInOnePass && _passes.Length > 0)
        {
            // Each group's anchor in both cases of a letter, all searched together; each byte leads to its group.
            var all = new List<byte>();
            _passOf = new Pass?[256];
            for (int i = 0; i < anchors.Count; i++)
            {
                foreach (byte b in byAnchor[anchors[i]]![0].AnchorBytes())
                {
                    all.Add(b);
                    _passOf[b] = _passes[i];
                }
            }

            _allAnchors = all.ToArray();
        }
    }

    public IReadOnlyList<string> Needles { get; }

    /// <summary>A filter for these substrings.</summary>
    public static LinePrefilter Create(params string[] needles) => Create(ByteSearch.IsVectorized, needles);

    /// <summary>A filter for these substrings, a letter's cases searched in one pass or two (the same matches; tests run each).</summary>
    internal static LinePrefilter Create(bool bothCasesInOnePass, params string[] needles) =>
        new(needles ?? throw new ArgumentNullException(nameof(needles)), bothCasesInOnePass);

    /// <summary>
    /// The filter for a kind's rule sets: null (no filtering) unless every set says which substrings it needs. For a
    /// file in an HttpProxy <paramref name="protocol"/>'s folder, substrings only other protocols' rows can hold
    /// (<see cref="IProtocolLineHints"/>) are left out.
    /// </summary>
    public static LinePrefilter? ForRuleSets(IReadOnlyList<ILogRowRules> ruleSets, string? protocol = null)
    {
        if (ruleSets.Count == 0 || ruleSets.Any(r => r is not ILogLineHints))
        {
            return null;
        }

        return new LinePrefilter(ruleSets.SelectMany(r => ((ILogLineHints)r).RequiredSubstrings.Where(n => CanHold(r, n, protocol))), ByteSearch.IsVectorized);
    }

    private static bool CanHold(ILogRowRules rules, string needle, string? protocol) =>
        protocol is null
        || rules is not IProtocolLineHints scoped
        || !scoped.ProtocolsOf.TryGetValue(needle, out var protocols)
        || protocols.Contains(protocol, StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds to <paramref name="positions"/>, in ascending order, the start of every match in [start, end).</summary>
    [MethodImpl(HotPath.Optimize)]
    public void FindMatches(byte[] buffer, int start, int end, List<int> positions)
    {
        positions.Clear();
        if (_allAnchors is { } anchors)
        {
            // One pass for every anchor: hits come in order, and a match's start is its anchor less the needle's offset,
            // so starts are in order unless needles anchored at different offsets interleave.
            bool ordered = true;
            int i = start, begin;
            while ((begin = NextOfAnyAnchor(anchors, buffer, start, end, ref i)) >= 0)
            {
                ordered &= positions.Count == 0 || begin >= positions[positions.Count - 1];
                positions.Add(begin);
            }

            if (!ordered)
            {
                positions.Sort();
            }

            return;
        }

        int passesWithHits = 0;
        foreach (var pass in _passes)
        {
            int before = positions.Count;
            pass.Find(buffer, start, end, positions);
            if (positions.Count > before)
            {
                passesWithHits++;
            }
        }

        if (passesWithHits > 1)
        {
            positions.Sort();
        }
    }

    /// <summary>True when [start, end) contains one of the substrings (stops at the first; allocates nothing).</summary>
    [MethodImpl(HotPath.Optimize)]
    public bool Matches(byte[] buffer, int start, int end)
    {
        if (_allAnchors is { } anchors)
        {
            int i = start;
            return NextOfAnyAnchor(anchors, buffer, start, end, ref i) >= 0;
        }

        foreach (var pass in _passes)
        {
            int i = start;
            if (pass.Next(buffer, start, end, ref i) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    // The one-pass form of Pass.Next: the start of the next match whose anchor byte is at or after i (i moved past
    // it) in [start, end), or -1. Inlined into FindMatches and Matches, both compiled optimised at once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NextOfAnyAnchor(byte[] anchors, byte[] buffer, int start, int end, ref int i)
    {
        while (i < end)
        {
            int hit = ByteSearch.IndexOfAny(buffer, anchors, i, end - i);
            if (hit < 0)
            {
                i = end;
                return -1;
            }

            i = hit + 1;
            int begin = _passOf![buffer[hit]]!.Candidate(buffer, start, end, hit);
            if (begin >= 0)
            {
                return begin;
            }
        }

        return -1;
    }

    private sealed class Needle
    {
        private readonly byte[] _lower;
        private readonly bool[] _isLetter;

        public Needle(string text)
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            _lower = new byte[bytes.Length];
            _isLetter = new bool[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                byte b = bytes[i];
                _isLetter[i] = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
                _lower[i] = _isLetter[i] ? (byte)(b | 0x20) : b;
            }

            AnchorOffset = ChooseAnchor(text);
        }

        public int AnchorOffset { get; }

        public int Length => _lower.Length;

        public byte[] AnchorBytes() => Cases(AnchorOffset);

        /// <summary>The anchor byte, in lower case for a letter.</summary>
        public byte Anchor => _lower[AnchorOffset];

        /// <summary>The byte before the anchor in both cases; empty when the anchor is the first byte.</summary>
        public byte[] BytesBeforeAnchor() => AnchorOffset == 0 ? [] : Cases(AnchorOffset - 1);

        [MethodImpl(HotPath.Optimize)]
        public bool MatchesAt(byte[] buffer, int start)
        {
            for (int i = 0; i < _lower.Length; i++)
            {
                byte b = buffer[start + i];
                if ((_isLetter[i] ? (byte)(b | 0x20) : b) != _lower[i])
                {
                    return false;
                }
            }

            return true;
        }

        private byte[] Cases(int offset)
        {
            byte b = _lower[offset];
            return _isLetter[offset] ? [b, (byte)(b & ~0x20)] : [b];
        }

        private static int ChooseAnchor(string text)
        {
            foreach (char preferred in AnchorPreference)
            {
                int at = text.IndexOf(preferred);
                if (at >= 0)
                {
                    return at;
                }
            }

            return 0;
        }
    }

    private sealed class Pass
    {
        private readonly byte _anchor;
        private readonly Needle[] _needles;

        // Which bytes may stand before the anchor; null when some needle starts with its anchor.
        private readonly bool[]? _allowedBefore;

        public Pass(byte anchor, Needle[] needles)
        {
            _anchor = anchor;
            _needles = needles;
            if (Array.TrueForAll(needles, n => n.AnchorOffset > 0))
            {
                _allowedBefore = new bool[256];
                foreach (var needle in needles)
                {
                    foreach (byte b in needle.BytesBeforeAnchor())
                    {
                        _allowedBefore[b] = true;
                    }
                }
            }
        }

        [MethodImpl(HotPath.Optimize)]
        public void Find(byte[] buffer, int start, int end, List<int> positions)
        {
            int i = start;
            int begin;
            while ((begin = Next(buffer, start, end, ref i)) >= 0)
            {
                positions.Add(begin);
            }
        }

        /// <summary>The start of the next match at or after <paramref name="i"/> (moved past it) in [start, end), or -1.</summary>
        /// <remarks>Inlined into <see cref="Find"/> and <see cref="LinePrefilter.Matches"/>, both compiled optimised at once.</remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Next(byte[] buffer, int start, int end, ref int i)
        {
            while (i < end)
            {
                int hit = Array.IndexOf(buffer, _anchor, i, end - i);
                if (hit < 0)
                {
                    i = end;
                    return -1;
                }

                i = hit + 1;
                if (Candidate(buffer, start, end, hit) is int begin and >= 0)
                {
                    return begin;
                }
            }

            return -1;
        }

        /// <summary>Where the match whose anchor byte is at <paramref name="hit"/> starts in [start, end), or -1.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Candidate(byte[] buffer, int start, int end, int hit)
        {
            if (_allowedBefore is { } allowedBefore && (hit == start || !allowedBefore[buffer[hit - 1]]))
            {
                return -1;
            }

            foreach (var needle in _needles)
            {
                int begin = hit - needle.AnchorOffset;
                if (begin >= start && begin + needle.Length <= end && needle.MatchesAt(buffer, begin))
                {
                    return begin;
                }
            }

            return -1;
        }
    }
}
