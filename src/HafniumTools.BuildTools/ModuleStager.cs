using System.IO;

namespace HafniumTools.BuildTools;

/// <summary>Lays out everything the root manifest loads besides the DLL itself.</summary>
public static class ModuleStager
{
    public static void Stage(string repoRoot, string outDir)
    {
        Directory.CreateDirectory(outDir);
        string source = Path.Combine(repoRoot, "src", "HafniumTools");
        Ps1XmlMerger.MergeFormats(Path.Combine(source, "Formats"), Path.Combine(outDir, "HafniumTools.Format.ps1xml"));
        Ps1XmlMerger.MergeTypes(Path.Combine(source, "Types"), Path.Combine(outDir, "HafniumTools.Types.ps1xml"));
    }
}
