using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace HafniumTools.Model;

/// <summary>
/// A read-only list of short texts (CVE ids, catalog source keys, file paths) on an output object. It is a list
/// wherever PowerShell enumerates (<c>Where-Object Cve -contains ...</c>, Pester's <c>Should -Contain</c>,
/// <c>ConvertTo-Json</c> writes an array) and one readable line wherever only text is kept: <c>Export-Csv</c> and
/// <c>ConvertTo-Csv</c> write <see cref="ToString"/>, <c>"CVE-2021-26855, CVE-2021-27065"</c>, where a string array
/// would write <c>System.String[]</c>.
/// </summary>
public sealed class TextList : IReadOnlyList<string>
{
    /// <summary>What <see cref="ToString"/> puts between the items.</summary>
    public const string Separator = ", ";

    private readonly string[] _items;

    /// <summary>A copy of <paramref name="items"/>; a null item becomes an empty string.</summary>
    public TextList(IEnumerable<string?>? items)
    {
        _items = items is null ? [] : items.Select(i => i ?? string.Empty).ToArray();
    }

    /// <summary>
    /// The items of any list as text, so PowerShell converts <c>@('a', 'b')</c> and other object arrays to a
    /// <see cref="TextList"/> (<c>[HafniumTools.Model.ServerAudit]@{ OpenCves = @('CVE-2021-26855') }</c>). A single
    /// string is one item; a null item becomes an empty string.
    /// </summary>
    public TextList(IEnumerable? items)
        : this(items is string one ? [one] : items?.Cast<object?>().Select(Text))
    {
    }

    /// <summary>The list without items.</summary>
    public static TextList Empty { get; } = new((IEnumerable<string?>?)null);

    private static string? Text(object? item) => item is System.Management.Automation.PSObject wrapped ? wrapped.BaseObject?.ToString() : item?.ToString();

    public int Count => _items.Length;

    /// <summary>The items without a copy, for the module's own read-only use.</summary>
    internal string[] Items => _items;

    public string this[int index] => _items[index];

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>The items joined with <see cref="Separator"/>: the text Export-Csv writes.</summary>
    public override string ToString() => string.Join(Separator, _items);
}
