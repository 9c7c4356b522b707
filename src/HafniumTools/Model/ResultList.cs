using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace HafniumTools.Model;

/// <summary>
/// A read-only list of the module's result objects carried by another result (the findings of a server's audit or
/// of a network probe, the coverage of a server's evidence, a timeline). PowerShell enumerates it
/// (<c>$audit.Findings | Where-Object Verdict -eq 'Compromise'</c>), <c>ConvertTo-Json</c> writes an array of objects,
/// and where only text is kept (<c>Export-Csv</c>) it is one readable line, <see cref="ToString"/>: the items' own
/// texts joined with <c>"; "</c>, where an array would write its type name. After remoting each concrete list is
/// rebuilt with its items, by the module's one type converter.
/// </summary>
/// <typeparam name="T">The module's result type of the items.</typeparam>
public abstract class ResultList<T> : IReadOnlyList<T>
    where T : class
{
    /// <summary>What <see cref="ToString"/> puts between the items.</summary>
    public const string Separator = "; ";

    private readonly T[] _items;

    /// <summary>A copy of <paramref name="items"/> without null items.</summary>
    private protected ResultList(IEnumerable<T?>? items)
    {
        _items = items is null ? [] : items.Where(i => i is not null).Select(i => i!).ToArray();
    }

    /// <summary>
    /// The items of any list, each of which must be a <typeparamref name="T"/> (or null, left out): what PowerShell
    /// calls to convert an object array (<c>Findings = @($finding)</c>). Anything else is refused, never dropped.
    /// </summary>
    private protected ResultList(IEnumerable? items)
        : this(items?.Cast<object?>().Select(AsItem))
    {
    }

    private static T? AsItem(object? item)
    {
        object? bare = item is System.Management.Automation.PSObject wrapped ? wrapped.BaseObject : item;
        return bare is null or T
            ? (T?)bare
            : throw new System.ArgumentException($"A {typeof(T).Name} list holds only {typeof(T).Name} objects, not {bare.GetType().FullName} ('{bare}').");
    }

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>The items' texts joined with <see cref="Separator"/>: the text Export-Csv writes.</summary>
    public override string ToString() => string.Join(Separator, _items.Select(i => i.ToString()));
}
