using System;
using System.IO;

namespace HafniumTools.Tests.Files;

/// <summary>A throw-away folder tree laid out like an IIS + Exchange server (or a triage copy of one).</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "ht-webshell-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes a file at a path given with either separator, creating folders.</summary>
    public string Write(string relative, byte[] content)
    {
        string path = Full(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Write(string relative, string content) => Write(relative, System.Text.Encoding.UTF8.GetBytes(content));

    public string Full(string relative) =>
        Path.Combine(Root, relative.Replace('\\', Path.DirectorySeparatorChar).Replace('/', Path.DirectorySeparatorChar));

    // Recursive enumeration in .NET follows links to folders on Unix; a link loop would never end.
    private static System.Collections.Generic.IEnumerable<string> RealFolders(string root)
    {
        var pending = new System.Collections.Generic.Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            string folder = pending.Pop();
            yield return folder;
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            foreach (var sub in new DirectoryInfo(folder).EnumerateDirectories())
            {
                if ((sub.Attributes & FileAttributes.ReparsePoint) == 0)
                {
                    pending.Push(sub.FullName);
                }
            }
        }
    }

    public void Dispose()
    {
        try
        {
            foreach (string dir in RealFolders(Root))
            {
                try
                {
                    if (OperatingSystem.IsWindows())
                    {
                        continue;
                    }

                    File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
                {
                    // Best effort: restore access so the folder can be deleted.
                }
            }

            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temp folder left behind is not a test failure.
        }
    }
}
