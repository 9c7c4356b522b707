using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace HafniumTools.Files;

/// <summary>
/// The Windows side of reading evidence without changing its last-access time: the file is opened for reading with
/// the right to write its attributes (never its content), and the handle is told not to update the access time
/// (<c>SetFileTime</c> with -1, as Windows documents for backup tools). Where the account may not write the file's
/// attributes, or anywhere but Windows, <see cref="TryOpen"/> returns null and the caller opens the file as .NET does.
/// </summary>
internal static class WindowsFiles
{
    private const uint GenericRead = 0x80000000;
    private const uint FileWriteAttributes = 0x100;
    private const uint ShareAll = 0x7; // read, write, delete
    private const uint OpenExisting = 3;
    private const uint FileFlagSequentialScan = 0x08000000;

    private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
    private static bool _unavailable;

    /// <summary>An open for reading whose reads do not update the access time; null when that cannot be had.</summary>
    public static FileStream? TryOpen(string path)
    {
        if (!IsWindows || _unavailable)
        {
            return null;
        }

        SafeFileHandle handle;
        try
        {
            handle = CreateFileW(path, GenericRead | FileWriteAttributes, ShareAll, IntPtr.Zero, OpenExisting, FileFlagSequentialScan, IntPtr.Zero);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
            return null;
        }

        if (handle.IsInvalid)
        {
            // No right to write attributes (or any other failure): the plain open reports what is wrong, if anything.
            handle.Dispose();
            return null;
        }

        try
        {
            long keep = -1;
            if (GetFileType(handle) != 1 || !SetFileTime(handle, IntPtr.Zero, ref keep, IntPtr.Zero))
            {
                // Not a disk file, or the time cannot be pinned: fall back to the plain open.
                handle.Dispose();
                return null;
            }

            return new FileStream(handle, FileAccess.Read, 1);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

#pragma warning disable CA5392, CA2101 // kernel32, a fixed system library; the path is passed as UTF-16 explicitly.
    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern SafeFileHandle CreateFileW(string fileName, uint desiredAccess, uint shareMode, IntPtr securityAttributes, uint creationDisposition, uint flagsAndAttributes, IntPtr templateFile);

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool SetFileTime(SafeFileHandle file, IntPtr creationTime, ref long lastAccessTime, IntPtr lastWriteTime);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern uint GetFileType(SafeFileHandle file);
#pragma warning restore CA5392, CA2101
}
