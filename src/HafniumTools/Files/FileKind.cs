namespace HafniumTools.Files;

/// <summary>What a directory entry is, as the operating system says (on Linux); only regular files are ever opened.</summary>
internal enum FileKind
{
    /// <summary>The platform cannot tell (not Linux, or the look-up failed): treated as a regular file.</summary>
    Unknown,
    RegularFile,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
}
