using System.IO;

namespace HafniumTools.Files;

/// <summary>
/// A symbolic link (or junction) met where only the files of the evidence tree itself are read: never followed,
/// because it may lead out of the tree (to the responder's own files, or to a FIFO or device). Reported as skipped.
/// </summary>
internal sealed class LinkNotFollowedException : IOException
{
    public LinkNotFollowedException(string path)
        : base("'" + path + "' is a symbolic link; it was not followed (it may lead out of the evidence tree). Pass its target to read it.")
    {
        Path = path;
    }

    public string Path { get; }
}
