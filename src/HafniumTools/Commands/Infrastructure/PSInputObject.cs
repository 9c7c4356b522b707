using System;
using System.Collections;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using HafniumTools.Builds;

namespace HafniumTools.Commands.Infrastructure;

/// <summary>
/// A pipeline object seen through <see cref="IInputObject"/>, so that the core's <see cref="BuildInputReader"/> decides
/// what it holds without PowerShell types: live and deserialized objects, hashtables and PSCustomObjects answer the
/// same way (<see cref="InputProperties"/>).
/// </summary>
internal sealed class PSInputObject : IInputObject
{
    private readonly object _input;

    private PSInputObject(object input)
    {
        _input = input;
    }

    public bool IsPropertyBag => _input is PSObject || InputProperties.Unwrap(_input) is IDictionary;

    public string Text => InputProperties.Unwrap(_input)?.ToString() ?? string.Empty;

    /// <summary>
    /// What the core reads for a pipeline object: null, text, <see cref="Version"/> and <see cref="FileVersionInfo"/> as
    /// themselves (unwrapped), any other object adapted.
    /// </summary>
    public static object? Adapt(object? input) => InputProperties.Unwrap(input) switch
    {
        null => null,
        (string or Version or FileVersionInfo) and var value => value,
        _ => new PSInputObject(input!),
    };

    /// <summary>A property's value: text, numbers, booleans, Version and FileVersionInfo as themselves, objects adapted.</summary>
    public object? Get(string name)
    {
        object? value = InputProperties.GetValue(_input, name);
        return InputProperties.Unwrap(value) switch
        {
            null => null,
            (IConvertible or Version or FileVersionInfo) and var bare => bare,
            _ => new PSInputObject(value!),
        };
    }

    public bool IsOfType(string suffix) => InputProperties.TypeNames(_input).Any(t => t.EndsWith(suffix, StringComparison.Ordinal));

    public override string ToString() => Text;
}
