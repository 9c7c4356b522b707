using System;

namespace HafniumTools.Core;

/// <summary>
/// An input object whose values nest deeper, hold more items, or refer to themselves beyond what
/// <see cref="InputBounds"/> reads: reported for that input as <see cref="ErrorIds.InputObjectTooComplex"/>.
/// </summary>
internal sealed class InputTooComplexException : Exception
{
    public InputTooComplexException()
    {
    }

    public InputTooComplexException(string message)
        : base(message)
    {
    }

    public InputTooComplexException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
