using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using HafniumTools.Configuration;
using HafniumTools.Core;

namespace HafniumTools.Commands.Infrastructure;

/// <summary>
/// Reads a virtual directory from a pipeline object: a live Exchange object, its deserialized twin from implicit
/// remoting or Import-Clixml (URLs as <see cref="Uri"/> or string, <c>Server</c> and <c>Identity</c> as ADObjectId
/// strings), or a hashtable/PSCustomObject. Exchange types are never referenced; PSComputerName is never read.
/// </summary>
internal static class VirtualDirectoryInput
{
    /// <summary>How many values one property of a virtual directory may hold (Exchange's hold a handful).</summary>
    private const int MaxValues = 10_000;

    /// <summary>
    /// The directory, or null when the input has no URL property and is of no known directory type. Throws
    /// <see cref="InputTooComplexException"/> when a value nests too deep, holds too many items or contains itself.
    /// </summary>
    public static VirtualDirectoryRecord? Read(object? input)
    {
        object? bare = InputProperties.Unwrap(input);
        if (input is null || bare is null || bare is string || bare is Uri || bare.GetType().IsPrimitive)
        {
            return null;
        }

        var propertyNames = PropertyNames(input);
        var urls = new List<ConfiguredUrl>();
        foreach (string property in propertyNames)
        {
            if (!VirtualDirectoryRecord.IsUrlPropertyName(property))
            {
                continue;
            }

            foreach (string? value in UrlValues(InputProperties.GetValue(input, property), property))
            {
                urls.Add(new ConfiguredUrl(property, value));
            }
        }

        string? identity = IdentityText(InputProperties.GetValue(input, "Identity", "Id"));
        string? name = InputProperties.GetString(input, "Name");
        var kind = VirtualDirectoryClassifier.Classify(
            InputProperties.TypeNames(input),
            Texts(InputProperties.GetValue(input, "ObjectClass")),
            propertyNames,
            name ?? identity);

        // A virtual directory has URL properties (even unset ones arrive as properties) or a recognisable type.
        if (urls.Count == 0 && kind == VirtualDirectoryKind.Unknown)
        {
            return null;
        }

        string? server = IdentityText(InputProperties.GetValue(input, "Server", "ServerName"));
        return new VirtualDirectoryRecord(server, identity, name, kind, urls);
    }

    /// <summary>The same directory read as another kind (for input whose type could not be told).</summary>
    public static VirtualDirectoryRecord As(VirtualDirectoryRecord directory, VirtualDirectoryKind kind) =>
        new(directory.Server, directory.Identity, directory.Name, kind, directory.Urls);

    private static List<string> PropertyNames(object input)
    {
        var names = new List<string>();
        if (InputProperties.Unwrap(input) is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (entry.Key?.ToString() is string key)
                {
                    names.Add(key);
                }
            }

            return names;
        }

        foreach (var property in (input as PSObject ?? PSObject.AsPSObject(input)).Properties)
        {
            names.Add(property.Name);
        }

        return names;
    }

    // A URL property holds a Uri (live), a string (deserialized or hand-made), or rarely a collection of them; nested
    // and self-referencing collections are read within InputBounds (no recursion, no endless walk).
    private static IEnumerable<string?> UrlValues(object? value, string property)
    {
        foreach (object? item in InputBounds.Leaves(value, InputProperties.Unwrap, "its " + property + " property", MaxValues))
        {
            yield return InputProperties.Unwrap(item) switch
            {
                null => null,
                Uri uri => uri.OriginalString,
                string text => text,
                var other => other.ToString(),
            };
        }
    }

    // ADObjectId: live objects print as "SERVER\Name"; deserialized ones arrive as that string, or as an object
    // whose serialized ToString is that text. A bare property bag prints as "@{...}": then its Name is used.
    private static string? IdentityText(object? value)
    {
        object? bare = InputProperties.Unwrap(value);
        string? text = bare?.ToString() ?? value?.ToString();
        if (text is not null && text.StartsWith("@{", StringComparison.Ordinal))
        {
            text = InputProperties.GetString(value, "Name");
        }

        return Strings.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static List<string> Texts(object? value)
    {
        var result = new List<string>();
        object? bare = InputProperties.Unwrap(value);
        if (bare is string single)
        {
            result.Add(single);
        }
        else if (bare is IEnumerable items)
        {
            foreach (object? item in InputBounds.Items(items, "its ObjectClass property", MaxValues))
            {
                if (InputProperties.Unwrap(item)?.ToString() is string text)
                {
                    result.Add(text);
                }
            }
        }

        return result;
    }
}
