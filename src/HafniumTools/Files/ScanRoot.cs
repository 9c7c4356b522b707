using System;

namespace HafniumTools.Files;

/// <summary>A folder (or file) to scan, and how.</summary>
internal sealed class ScanRoot
{
    public ScanRoot(string path, bool recurse = true, bool contextOnly = false)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        Recurse = recurse;
        ContextOnly = contextOnly;
    }

    public string Path { get; }

    /// <summary>Walk subfolders too.</summary>
    public bool Recurse { get; }

    /// <summary>Only the name/location context rules apply (dumps, archives); file contents are not read.</summary>
    public bool ContextOnly { get; }

    public override string ToString() => Path;
}
