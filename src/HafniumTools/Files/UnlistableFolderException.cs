using System;
using System.IO;

namespace HafniumTools.Files;

/// <summary>
/// A folder the tree walker reached but could not list (access, I/O, a path the platform cannot open): always a
/// folder, whatever a later look at the path says, so it is reported as <c>FolderUnreadable</c>, never as a file.
/// </summary>
internal sealed class UnlistableFolderException : IOException
{
    public UnlistableFolderException()
    {
    }

    public UnlistableFolderException(string message)
        : base(message)
    {
    }

    public UnlistableFolderException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
