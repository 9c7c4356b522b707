using System;
using System.IO;

namespace HafniumTools.Files;

/// <summary>
/// An entry that is not a regular file (a FIFO, a device, a socket): never opened, because reading one can block
/// forever or never end. Reported as skipped, with its kind.
/// </summary>
internal sealed class NotARegularFileException : IOException
{
    public NotARegularFileException(string path, FileKind kind)
        : base("'" + path + "' is " + Describe(kind) + ", not a regular file; it was not opened.")
    {
        Path = path;
        Kind = kind;
    }

    public string Path { get; }

    public FileKind Kind { get; }

    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Directory => "a folder",
        FileKind.SymbolicLink => "a symbolic link",
        _ => "not a regular file",
    };
}
