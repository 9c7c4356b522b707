using System;
using System.IO;

namespace HafniumTools.Shell;

/// <summary>Finds the HafniumTools manifest the shell imports.</summary>
public static class ModuleLocator
{
    public const string ManifestName = "HafniumTools.psd1";
    public const string EnvironmentVariable = "HAFNIUMTOOLS_MODULE";

    /// <summary>
    /// The manifest given explicitly, else the one named by <see cref="EnvironmentVariable"/>, else the first
    /// found walking up from the shell's own folder (a repository build), else from the current directory.
    /// </summary>
    public static string Locate(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return RequireManifest(explicitPath!);
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return RequireManifest(fromEnvironment!);
        }

        return FindUpwards(AppContext.BaseDirectory)
            ?? FindUpwards(Directory.GetCurrentDirectory())
            ?? throw new FileNotFoundException(
                $"Could not find {ManifestName} above '{AppContext.BaseDirectory}' or the current directory. " +
                $"Pass -Module <path to {ManifestName}> or set {EnvironmentVariable}.");
    }

    public static string? FindUpwards(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, ManifestName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string RequireManifest(string path)
    {
        string full = Path.GetFullPath(Directory.Exists(path) ? Path.Combine(path, ManifestName) : path);
        return File.Exists(full) ? full : throw new FileNotFoundException($"The module manifest '{full}' does not exist.", full);
    }
}
