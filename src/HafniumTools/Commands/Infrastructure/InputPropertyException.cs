using System;

namespace HafniumTools.Commands.Infrastructure;

/// <summary>
/// An input's property whose getter threw (a script property, a remoting object's code) when no other property asked
/// for had a value: the input is refused with this reason, never read as if it had no such property.
/// </summary>
internal sealed class InputPropertyException : InvalidOperationException
{
    public InputPropertyException(string property, Exception inner)
        : base("its property '" + property + "' could not be read: " + (inner.InnerException ?? inner).Message, inner)
    {
        Property = property;
    }

    /// <summary>The property whose getter threw.</summary>
    public string Property { get; }
}
