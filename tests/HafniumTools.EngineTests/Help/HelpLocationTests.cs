using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests.Help;

/// <summary>
/// The compiled help is where Get-Help looks for it when the module is imported from the root manifest:
/// en-US/ under the manifest's folder (ModuleBase), not bin/ next to the DLL.
/// </summary>
public class HelpLocationTests
{
    private static string HelpFolder => Path.Combine(TestPaths.RepoRoot, "en-US");

    [Fact]
    public void About_topic_is_found_and_is_the_compiled_text()
    {
        string staged = File.ReadAllText(Path.Combine(HelpFolder, "about_HafniumTools.help.txt"));

        var r = PowerShellSession.Invoke("Get-Help about_HafniumTools");

        Assert.True(r.Exception is null && r.Errors.Count == 0, r.ErrorSummary);
        string text = Assert.IsType<string>(Assert.Single(r.Output).BaseObject);
        Assert.Equal(staged.ReplaceLineEndings(), text.ReplaceLineEndings());
        Assert.StartsWith("TOPIC", text, StringComparison.Ordinal);
        Assert.Contains("SHORT DESCRIPTION", text, StringComparison.Ordinal);
        Assert.Contains("Find-HafniumWebShell", text, StringComparison.Ordinal);
    }

    [Fact]
    public void About_topic_synopsis_is_its_short_description()
    {
        var r = PowerShellSession.Invoke("(Get-Help about_HafniumTools).Synopsis");

        Assert.True(r.Exception is null, r.ErrorSummary);
        Assert.StartsWith("Audits on-premises Exchange servers", Assert.Single(r.Output).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_exported_cmdlet_reads_its_help_from_the_staged_maml()
    {
        string maml = Path.Combine(HelpFolder, "HafniumTools.dll-Help.xml");
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        XNamespace mamlNs = "http://schemas.microsoft.com/maml/2004/10";
        var synopses = XDocument.Load(maml).Root!.Elements(command + "command")
            .ToDictionary(
                c => (string)c.Element(command + "details")!.Element(command + "name")!,
                c => string.Join(" ", c.Element(command + "details")!.Element(mamlNs + "description")!.Elements(mamlNs + "para").Select(p => p.Value.Trim())),
                StringComparer.OrdinalIgnoreCase);
        var documented = synopses.Keys.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();

        using var ps = new PowerShellSession();
        var exported = ps.Run("(Get-Command -Module HafniumTools).Name").Output.Where(o => o is not null).Select(o => o.ToString()).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.Equal(exported, documented);
        foreach (string cmdlet in exported)
        {
            // PowerShell 7.6 reports only the file name in CommandInfo.HelpFile, so compare what Get-Help shows.
            var r = ps.Run($"(Get-Help {cmdlet} -Full).Synopsis");
            Assert.Equal(synopses[cmdlet], Assert.Single(r.Output).ToString().Trim());
        }
    }

    [Fact]
    public void The_package_carries_the_help_where_its_manifest_finds_it()
    {
        string outDir = Path.Combine(Path.GetTempPath(), "hafnium-help-package-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = RealPwsh.RunFile(Path.Combine(TestPaths.RepoRoot, "build.ps1"), "-Task", "Package", "-SkipBuild", "-OutputPath", outDir);

            Assert.True(run.ExitCode == 0, run.ToString());
            string package = Directory.GetDirectories(Path.Combine(outDir, "HafniumTools")).Single();
            foreach (string file in new[] { "HafniumTools.dll-Help.xml", "about_HafniumTools.help.txt" })
            {
                Assert.Equal(File.ReadAllText(Path.Combine(HelpFolder, file)), File.ReadAllText(Path.Combine(package, "en-US", file)));
            }

            using var packaged = new PowerShellSession(Path.Combine(package, "HafniumTools.psd1"));
            var r = packaged.Run("(Get-Module HafniumTools).ModuleBase; (Get-Help about_HafniumTools).Synopsis");
            Assert.True(r.Exception is null && r.Errors.Count == 0, r.ErrorSummary);
            Assert.Equal(package, r.Output[0].ToString());
            Assert.StartsWith("Audits on-premises Exchange servers", r.Output[1].ToString(), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, true);
            }
        }
    }
}
