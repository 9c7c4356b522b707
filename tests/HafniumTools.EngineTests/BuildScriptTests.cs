using System;
using System.IO;
using System.Linq;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests;

/// <summary>build.ps1 runs in the real pwsh the project pins and lays out a publishable module.</summary>
public class BuildScriptTests
{
    [Fact]
    public void Package_lays_out_a_module_folder_that_imports_with_the_same_cmdlets()
    {
        string outDir = Path.Combine(Path.GetTempPath(), "hafnium-package-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = RealPwsh.RunFile(Path.Combine(TestPaths.RepoRoot, "build.ps1"), "-Task", "Package", "-SkipBuild", "-OutputPath", outDir);

            Assert.True(run.ExitCode == 0, run.ToString());
            string version = Directory.GetDirectories(Path.Combine(outDir, "HafniumTools")).Select(Path.GetFileName).Single()!;
            string package = Path.Combine(outDir, "HafniumTools", version);
            foreach (string expected in new[] { "HafniumTools.psd1", "LICENSE", "bin/HafniumTools.dll", "bin/HafniumTools.Format.ps1xml", "bin/HafniumTools.Types.ps1xml" })
            {
                Assert.True(File.Exists(Path.Combine(package, expected)), expected + " is missing from the package");
            }

            Assert.Empty(Directory.GetFiles(package, "*.pdb", SearchOption.AllDirectories));
            using var packaged = new PowerShellSession(Path.Combine(package, "HafniumTools.psd1"));
            var installed = packaged.Run("$m = Get-Module HafniumTools; $m.Version.ToString(); $m.ModuleBase; @($m.ExportedCmdlets.Keys).Count");
            var current = PowerShellSession.Invoke("@((Get-Module HafniumTools).ExportedCmdlets.Keys).Count");
            Assert.True(installed.Exception is null && installed.Errors.Count == 0, installed.ErrorSummary);
            Assert.Equal(version, installed.Output[0].ToString());
            Assert.Equal(package, installed.Output[1].ToString());
            Assert.Equal(current.Output[0].ToString(), installed.Output[2].ToString());
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, true);
            }
        }
    }

    [Fact]
    public void An_unknown_task_fails_with_a_non_zero_exit_code()
    {
        var run = RealPwsh.RunFile(Path.Combine(TestPaths.RepoRoot, "build.ps1"), "-Task", "Deploy");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Task", run.Error + run.Output, StringComparison.Ordinal);
    }
}
