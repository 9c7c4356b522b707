using System;
using System.Management.Automation;

namespace HafniumTools.EngineTests.Harness;

/// <summary>Reads a property of an output object (live or deserialized) as text, for assertions.</summary>
public static class PSObjectText
{
    /// <summary>
    /// The property's value as text, or empty when the value is null; a property the object does not have is a
    /// test failure, not an empty string.
    /// </summary>
    public static string Text(this PSObject item, string name)
    {
        var property = item.Properties[name]
            ?? throw new InvalidOperationException($"{item.TypeNames[0]} has no property '{name}'.");
        return property.Value?.ToString() ?? string.Empty;
    }
}
