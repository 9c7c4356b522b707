using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using HafniumTools.Core;

namespace HafniumTools.Commands.Infrastructure;

/// <summary>
/// Duck-typed reading of pipeline input: live objects, deserialized objects from implicit remoting
/// (Exchange Management Shell), hashtables and PSCustomObjects all answer the same way. Exchange types are
/// never referenced.
/// </summary>
internal static class InputProperties
{
    /// <summary>The underlying object of a PSObject (unless it is a property bag), else the input itself.</summary>
    public static object? Unwrap(object? input) =>
        input is PSObject pso && pso.BaseObject is not PSCustomObject ? pso.BaseObject : input;

    /// <summary>
    /// The first of <paramref name="names"/> that the input has with a non-null value. When none has one and a getter
    /// threw, <see cref="InputPropertyException"/> names it (an input whose code fails is refused with why, never read
    /// as one without the property).
    /// </summary>
    public static object? GetValue(object? input, params string[] names)
    {
        if (input is null)
        {
            return null;
        }

        if (Unwrap(input) is IDictionary dictionary)
        {
            foreach (string name in names)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (string.Equals(entry.Key?.ToString(), name, StringComparison.OrdinalIgnoreCase) && entry.Value is not null)
                    {
                        return entry.Value;
                    }
                }
            }

            return null;
        }

        var pso = input as PSObject ?? PSObject.AsPSObject(input);
        InputPropertyException? failed = null;
        foreach (string name in names)
        {
            var property = pso.Properties[name];
            object? value;
            try
            {
                value = property?.Value;
            }
            catch (GetValueException e)
            {
                failed ??= new InputPropertyException(property?.Name ?? name, e);
                continue;
            }

            if (value is not null)
            {
                return value;
            }
        }

        return failed is null ? null : throw failed;
    }

    /// <summary>The first non-empty of <paramref name="names"/> as text (culture-invariant), or null.</summary>
    public static string? GetString(object? input, params string[] names)
    {
        object? value = Unwrap(GetValue(input, names));
        string? text = value switch
        {
            null => null,
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return Strings.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>The .NET type names the input says it is (deserialized objects keep the originals with a prefix).</summary>
    public static string[] TypeNames(object? input)
    {
        if (input is null)
        {
            return [];
        }

        var names = (input as PSObject ?? PSObject.AsPSObject(input)).TypeNames;
        var result = new string[names.Count];
        names.CopyTo(result, 0);
        return result;
    }
}
