using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace HafniumTools.Core;

/// <summary>
/// The one bound on walks over input objects (pipeline objects, Import-Clixml output, deserialized audits): a value
/// that is a list, or a list of lists, is read without recursion, at most <see cref="MaxDepth"/> lists deep and
/// <see cref="MaxItems"/> items in all, and a list that contains itself is refused. Past a bound
/// <see cref="InputTooComplexException"/> says which bound, so the cmdlet writes one error record for that input
/// (<see cref="ErrorIds.InputObjectTooComplex"/>) and the run goes on; a hostile object can neither overflow the
/// stack nor make a walk endless.
/// </summary>
internal static class InputBounds
{
    /// <summary>How many lists deep a value may nest (Exchange's own values nest one deep).</summary>
    public const int MaxDepth = 16;

    /// <summary>How many items one value (all its nested lists together) may hold.</summary>
    public const int MaxItems = 1_000_000;

    /// <summary>
    /// The leaves of <paramref name="value"/>: the value itself when it is no list (strings are text, not lists), else
    /// the items of its lists, in order. <paramref name="unwrap"/> gives the object behind a wrapper (a PSObject);
    /// <paramref name="what"/> names the value in the exception's message ("its ExternalUrl property").
    /// </summary>
    public static List<object?> Leaves(object? value, Func<object?, object?> unwrap, string what, int maxItems = MaxItems)
    {
        var leaves = new List<object?>();
        var open = new Stack<(object List, IEnumerator Items)>();
        var onPath = new HashSet<object>(SameObject.Instance);
        long items = 0;
        try
        {
            Visit(value);
            while (open.Count > 0)
            {
                var (list, enumerator) = open.Peek();
                if (!enumerator.MoveNext())
                {
                    open.Pop();
                    onPath.Remove(list);
                    (enumerator as IDisposable)?.Dispose();
                    continue;
                }

                if (++items > maxItems)
                {
                    throw new InputTooComplexException(what + " holds more than " + maxItems.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " items (an endless or hostile list)");
                }

                Visit(enumerator.Current);
            }
        }
        finally
        {
            foreach (var (_, enumerator) in open)
            {
                (enumerator as IDisposable)?.Dispose();
            }
        }

        return leaves;

        void Visit(object? item)
        {
            object? bare = unwrap(item);
            if (bare is not IEnumerable list || bare is string)
            {
                leaves.Add(item);
                return;
            }

            if (open.Count >= MaxDepth)
            {
                throw new InputTooComplexException(what + " nests lists deeper than " + MaxDepth + " levels");
            }

            if (!onPath.Add(bare))
            {
                throw new InputTooComplexException(what + " holds a list that contains itself");
            }

            open.Push((bare, list.GetEnumerator()));
        }
    }

    /// <summary>The items of one list, at most <paramref name="maxItems"/> (no nesting is followed).</summary>
    public static List<object?> Items(IEnumerable list, string what, int maxItems = MaxItems)
    {
        var items = new List<object?>();
        foreach (object? item in list)
        {
            if (items.Count >= maxItems)
            {
                throw new InputTooComplexException(what + " holds more than " + maxItems.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " items (an endless or hostile list)");
            }

            items.Add(item);
        }

        return items;
    }

    /// <summary>Reference identity, whatever Equals the input's type defines (it may be hostile, or slow).</summary>
    private sealed class SameObject : IEqualityComparer<object>
    {
        public static readonly SameObject Instance = new();

        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

        public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
