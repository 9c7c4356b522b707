namespace HafniumTools.Files;

/// <summary>What the first bytes of a file say it is.</summary>
internal enum ContentKind
{
    Text,
    Executable,
    Archive,
    MemoryDump,
    Binary,
}
