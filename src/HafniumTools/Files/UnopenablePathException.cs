using System.IO;
using System.Text;

namespace HafniumTools.Files;

/// <summary>
/// An entry the platform lists but cannot open by its name: a name that is not valid UTF-8 (a Linux copy of evidence;
/// .NET shows the bytes it cannot decode as U+FFFD and can no longer name the file) or a path longer than the system
/// opens by name (4,096 bytes on Linux). Reported with the reason, never skipped silently; for a folder, everything
/// below it is named as not scanned.
/// </summary>
internal sealed class UnopenablePathException : IOException
{
    /// <summary>The longest path Linux opens by name, in bytes, with its terminating NUL.</summary>
    public const int MaxNativePathBytes = 4096;

    public UnopenablePathException(string path, bool isFolder)
        : base(Describe(path, isFolder))
    {
        Path = path;
        IsFolder = isFolder;
    }

    public string Path { get; }

    /// <summary>True for a folder: nothing below it was scanned.</summary>
    public bool IsFolder { get; }

    private static string Describe(string path, bool isFolder)
    {
        string what = isFolder ? "the folder '" + path + "' and everything below it were" : "'" + path + "' was";
        string name = System.IO.Path.GetFileName(path.TrimEnd('/', '\\'));
        if (name.IndexOf('\uFFFD') >= 0)
        {
            return "The name of " + (isFolder ? "a folder" : "a file") + " is not valid UTF-8 (shown with \uFFFD for the bytes that cannot be decoded), so .NET cannot open it by name: "
                + what + " not read. Rename it in a copy of the evidence (for example with convmv) and scan the copy.";
        }

        if (Encoding.UTF8.GetByteCount(path) >= MaxNativePathBytes)
        {
            return "The path is longer than the " + MaxNativePathBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes the system opens by name: "
                + what + " not read. Move that folder closer to the root in a copy of the evidence and scan the copy.";
        }

        return "The entry is listed but cannot be examined by its name: " + what + " not read.";
    }
}
