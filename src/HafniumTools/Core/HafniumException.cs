using System;

namespace HafniumTools.Core;

/// <summary>The exception behind an error record whose cause is described in words rather than thrown by .NET.</summary>
internal sealed class HafniumException : Exception
{
    public HafniumException()
    {
    }

    public HafniumException(string message)
        : base(message)
    {
    }

    public HafniumException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
