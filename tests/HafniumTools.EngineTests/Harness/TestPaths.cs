using System;
using System.IO;

namespace HafniumTools.EngineTests.Harness;

/// <summary>Where things are in the repository the tests run from.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The repository root: the folder holding HafniumTools.psd1.</summary>
    public static string RepoRoot => Root.Value;

    public static string Manifest => Path.Combine(RepoRoot, "HafniumTools.psd1");

    /// <summary>The staged module DLL the manifest loads.</summary>
    public static string ModuleAssembly => Path.Combine(RepoRoot, "bin", "HafniumTools.dll");

    /// <summary>Fixtures shared with the core tests: tests/HafniumTools.Tests/Fixtures.</summary>
    public static string Fixtures => Path.Combine(RepoRoot, "tests", "HafniumTools.Tests", "Fixtures");

    /// <summary>Fixtures of the engine tests: tests/HafniumTools.EngineTests/Fixtures.</summary>
    public static string EngineFixtures => Path.Combine(RepoRoot, "tests", "HafniumTools.EngineTests", "Fixtures");

    public static string CmdletCases => Path.Combine(RepoRoot, "tests", "cmdlet-cases.psd1");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HafniumTools.psd1")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The tests must run from inside the repository (no HafniumTools.psd1 above " + AppContext.BaseDirectory + ").");
    }
}
