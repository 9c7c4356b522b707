using System.IO;
using System.Reflection;
using HafniumTools.BuildTools.Help;

namespace HafniumTools.BuildTools;

/// <summary>Lays out everything the root manifest loads besides the DLL itself.</summary>
public static class ModuleStager
{
    /// <summary>The culture folder the help is staged in.</summary>
    public const string HelpCulture = "en-US";

    /// <summary>
    /// Merges the format and type files into <paramref name="outDir"/> (the manifest's <c>bin/</c>), with the type data
    /// that rehydrates the output types of <paramref name="moduleAssembly"/> (<see cref="RehydrationTypeData"/>), and
    /// compiles docs/ into <see cref="HelpDirectory"/>.
    /// </summary>
    public static void Stage(string repoRoot, string outDir, string? helpDir = null, string? moduleAssembly = null)
    {
        Directory.CreateDirectory(outDir);
        string source = Path.Combine(repoRoot, "src", "HafniumTools");
        var rehydration = moduleAssembly is null ? [] : RehydrationTypeData.Generate(Assembly.LoadFrom(Path.GetFullPath(moduleAssembly)));
        Ps1XmlMerger.MergeFormats(Path.Combine(source, "Formats"), Path.Combine(outDir, "HafniumTools.Format.ps1xml"));
        Ps1XmlMerger.MergeTypes(Path.Combine(source, "Types"), Path.Combine(outDir, "HafniumTools.Types.ps1xml"), rehydration);
        HelpCompiler.CompileTo(Path.Combine(repoRoot, "docs"), helpDir ?? HelpDirectory(outDir));
    }

    /// <summary>
    /// Where Get-Help looks for the module's help: <c>&lt;ModuleBase&gt;/en-US/</c>, where ModuleBase is the folder of
    /// the manifest that loads <c>bin/HafniumTools.dll</c>, i.e. the parent of <paramref name="outDir"/> (the repository
    /// root for a development build, <c>out/HafniumTools/&lt;version&gt;/</c> for a package).
    /// </summary>
    /// <remarks>
    /// Why there and not next to the DLL: for a cmdlet of a module, CommandHelpProvider.GetHelpFile searches for the
    /// cmdlet's HelpFile (<c>HafniumTools.dll-Help.xml</c>) only under <c>CmdletInfo.Module.ModuleBase</c> (plus the
    /// per-user help folder in 7.x). With a manifest whose RootModule is <c>bin/HafniumTools.dll</c>, ModuleBase is the
    /// manifest's folder, not <c>bin/</c> (Module.Path is the DLL, and there is no nested module, so the 7.x fallback
    /// to the nested module's folder does not apply either). Under ModuleBase, MUIFileSearcher tries the UI culture,
    /// its parents, the folder itself, then en-US and en (the en-US fallback is already in the first open-source
    /// MUIFileSearcher, imported from the Windows PowerShell code base; an en-US system finds en-US/ by its UI culture
    /// in any case). About topics are found by HelpFileHelpProvider in the same culture folders of every loaded
    /// module's ModuleBase (HelpSystem.GetSearchPaths), so they need no PSModulePath install either.
    /// So <c>&lt;ModuleBase&gt;/en-US/</c> serves every culture and both editions, and is the layout platyPS, PSGallery
    /// and Update-Help use. Verified in the PowerShell 7.6 engine: help staged in <c>bin/</c> or <c>bin/en-US/</c> is
    /// not found (Get-Help falls back to the syntax-only stub and about_HafniumTools is missing); help in
    /// <c>&lt;ModuleBase&gt;/en-US/</c> is found, including with the invariant UI culture.
    /// The repository root's <c>en-US/</c> is therefore a build output, ignored by git.
    /// </remarks>
    public static string HelpDirectory(string outDir) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outDir).TrimEnd('/', '\\')) ?? outDir, HelpCulture);
}
