using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace HafniumTools.Files;

/// <summary>
/// The Linux side of reading evidence: what an entry is (<c>statx</c>, whose layout is the same on every
/// architecture) and an open that cannot block on a FIFO (<c>O_NONBLOCK</c>), refuses anything but a regular file
/// (checked on the open descriptor, so a swap after the check cannot slip a FIFO in), refuses a symbolic link when
/// asked to (<c>O_NOFOLLOW</c>) and leaves the access time alone (<c>O_NOATIME</c>, where the kernel permits it: the file's owner or root). Elsewhere every method says
/// "cannot tell" and the caller opens the file as .NET does.
/// </summary>
internal static class UnixFiles
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private const int StatxSize = 256;
    private const int ORdOnly = 0;
    private const int ONonBlock = 0x800;
    private const int ONoAtime = 0x40000;
    private const int OCloExec = 0x80000;
    private const int EPerm = 1;
    private const int ENoEnt = 2;
    private const int EAcces = 13;
    private const int ENotDir = 20;
    private const int ENameTooLong = 36;
    private const int ELoop = 40;

    private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
    private static bool _unavailable;

    // O_NOFOLLOW differs by architecture (x86 and x64: 0x20000; ARM and ARM64: 0x8000); 0 where not known.
    private static readonly int NoFollow = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x20000,
        Architecture.Arm or Architecture.Arm64 => 0x8000,
        _ => 0,
    };

    /// <summary>True where <see cref="Kind"/> and <see cref="TryOpen"/> work.</summary>
    public static bool Available => IsLinux && !_unavailable;

    /// <summary>What <paramref name="path"/> is (the link itself unless <paramref name="followLinks"/>); Unknown when the platform cannot tell.</summary>
    public static FileKind Kind(string path, bool followLinks)
    {
        if (!Available)
        {
            return FileKind.Unknown;
        }

        var buffer = new byte[StatxSize];
        try
        {
            return statx(AtFdCwd, ToNative(path), followLinks ? 0 : AtSymlinkNoFollow, StatxType, buffer) == 0 ? FromMode(buffer) : FileKind.Unknown;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
            return FileKind.Unknown;
        }
    }

    /// <summary>
    /// Opens a regular file for reading without blocking and without touching its access time; null when the platform
    /// cannot (the caller falls back). Throws <see cref="NotARegularFileException"/> for anything but a regular file
    /// and the usual .NET exceptions when it cannot be opened.
    /// </summary>
    public static FileStream? TryOpen(string path, bool followLinks = true)
    {
        if (!Available)
        {
            return null;
        }

        int fd;
        byte[] name = ToNative(path);
        int flags = ORdOnly | ONonBlock | OCloExec;
        try
        {
            if (!followLinks)
            {
                // O_NOFOLLOW refuses a link at open time (no swap between a check and the open); where its value for
                // this architecture is not known, the entry itself is checked first.
                if (NoFollow != 0)
                {
                    flags |= NoFollow;
                }
                else if (Kind(path, followLinks: false) == FileKind.SymbolicLink)
                {
                    throw new LinkNotFollowedException(path);
                }
            }

            fd = open(name, flags | ONoAtime);
            if (fd < 0 && Marshal.GetLastWin32Error() == EPerm)
            {
                // O_NOATIME is only for the owner (or root); others open without it.
                fd = open(name, flags);
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
            return null;
        }

        if (fd < 0)
        {
            int errno = Marshal.GetLastWin32Error();
            throw errno == ELoop && !followLinks ? new LinkNotFollowedException(path) : OpenError(path, errno);
        }

        var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        try
        {
            var buffer = new byte[StatxSize];
            var kind = statx(fd, [0], AtEmptyPath, StatxType, buffer) == 0 ? FromMode(buffer) : FileKind.Unknown;
            if (kind is not (FileKind.RegularFile or FileKind.Unknown))
            {
                throw new NotARegularFileException(path, kind);
            }

            return new FileStream(handle, FileAccess.Read, 1);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static Exception OpenError(string path, int errno) => errno switch
    {
        ENoEnt => new FileNotFoundException("Could not find file '" + path + "'.", path),
        ENotDir => new DirectoryNotFoundException("Could not find a part of the path '" + path + "'."),
        EAcces or EPerm => new UnauthorizedAccessException("Access to the path '" + path + "' is denied."),
        ENameTooLong => new PathTooLongException("The path '" + path + "' is too long for the file system."),
        _ => new IOException(new Win32Exception(errno).Message + " : '" + path + "'", errno),
    };

    private static FileKind FromMode(byte[] statxBuffer)
    {
        int mode = statxBuffer[ModeOffset] | (statxBuffer[ModeOffset + 1] << 8);
        return (mode & 0xF000) switch
        {
            0x8000 => FileKind.RegularFile,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
    }

    // The path's bytes as the file system holds them (UTF-8), NUL-terminated.
    private static byte[] ToNative(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
        return bytes;
    }

#pragma warning disable SA1300, IDE1006, CA5392, CA2101 // libc names; a fixed library.
    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, byte[] pathname, int flags, uint mask, byte[] statxbuf);

    [DllImport("libc", SetLastError = true)]
    private static extern int open(byte[] pathname, int flags);
#pragma warning restore SA1300, IDE1006, CA5392, CA2101
}
