using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using HafniumTools.Core;

namespace HafniumTools.Files;

/// <summary>
/// Whether a text holds one of a few ASCII words, in any letter case: the gate in front of the content rules. Each word
/// is anchored on its rarest letter (for code), the words are grouped by anchor, and one vectorised search per anchor
/// (both cases of the letter) finds the few places worth comparing. Cheaper than a regular expression alternating the
/// words, whose possible starts are nearly every letter of the text, and than <c>IndexOf(OrdinalIgnoreCase)</c> per word,
/// which is not vectorised when .NET runs in globalization-invariant mode (a per-character loop, 40 times slower).
/// Letters fold as ASCII only: the languages of server pages do not read other characters as these keywords.
/// </summary>
internal sealed class AsciiStems
{
    // Letters and signs from rare to common in server-side code.
    private const string Rarity = "zqxjkvbpygfwmuc_ldrhsnioate.";

    private readonly Pass[] _passes;

    public AsciiStems(IEnumerable<string> words)
    {
        var stems = (words ?? throw new ArgumentNullException(nameof(words)))
            .Where(w => !string.IsNullOrEmpty(w))
            .Select(w => w.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        if (stems.Any(w => w.Any(c => c > 127)))
        {
            throw new ArgumentException("Only ASCII words are supported.", nameof(words));
        }

        _passes = stems
            .Select(w => (Word: w, Anchor: Anchor(w)))
            .GroupBy(s => s.Word[s.Anchor])
            .Select(g => new Pass(g.Key, g.Select(s => (s.Word, s.Anchor)).ToArray()))
            .ToArray();
        Words = stems;
    }

    public IReadOnlyList<string> Words { get; }

    /// <summary>True when <paramref name="text"/> holds one of the words (ASCII letters in any case).</summary>
    public bool IsFoundIn(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (var pass in _passes)
        {
            if (pass.IsFoundIn(text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where <paramref name="text"/> first holds <paramref name="word"/> (lower-case ASCII) in any letter case at or after
    /// <paramref name="startIndex"/>, or -1: <c>IndexOf(OrdinalIgnoreCase)</c> without its per-character loop.
    /// </summary>
    public static int IndexOf(string text, string word, int startIndex)
    {
        if (text is null || word is null)
        {
            throw new ArgumentNullException(text is null ? nameof(text) : nameof(word));
        }

        int anchor = Anchor(word);
        return new Pass(word[anchor], [(word, anchor)]).IndexIn(text, startIndex);
    }

    // The word's first letter in Rarity order (as LinePrefilter anchors its needles); 0 when it has none of them.
    private static int Anchor(string word)
    {
        foreach (char rare in Rarity)
        {
            int at = word.IndexOf(rare);
            if (at >= 0)
            {
                return at;
            }
        }

        return 0;
    }

    private sealed class Pass
    {
        private readonly char[] _anchors;
        private readonly (string Word, int Anchor)[] _words;

        public Pass(char anchor, (string Word, int Anchor)[] words)
        {
            char upper = char.ToUpperInvariant(anchor);
            _anchors = upper == anchor ? [anchor] : [anchor, upper];
            _words = words;
        }

        public bool IsFoundIn(string text) => IndexIn(text, 0) >= 0;

        /// <summary>
        /// The start of a word of this pass in <paramref name="text"/> at or after <paramref name="from"/>, found at the
        /// first anchor letter that begins one (with one word, its first occurrence), or -1.
        /// </summary>
        [MethodImpl(HotPath.Optimize)]
        public int IndexIn(string text, int from)
        {
            int i = from;
            while (i < text.Length && (i = _anchors.Length == 1 ? text.IndexOf(_anchors[0], i) : text.IndexOfAny(_anchors, i)) >= 0)
            {
                foreach (var (word, anchor) in _words)
                {
                    int start = i - anchor;
                    if (start >= from && start + word.Length <= text.Length && MatchesAt(text, start, word))
                    {
                        return start;
                    }
                }

                i++;
            }

            return -1;
        }

        [MethodImpl(HotPath.Optimize)]
        private static bool MatchesAt(string text, int start, string word)
        {
            for (int k = 0; k < word.Length; k++)
            {
                char c = text[start + k];
                char w = word[k];
                if (c != w && !(w >= 'a' && w <= 'z' && c == (char)(w - 32)))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
