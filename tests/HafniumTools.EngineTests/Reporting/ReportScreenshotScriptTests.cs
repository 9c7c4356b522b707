using System;
using System.Buffers.Binary;
using System.IO;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests.Reporting;

/// <summary>samples/Save-ReportScreenshot.ps1, the command that makes the README's screenshot, in the real pwsh.</summary>
public sealed class ReportScreenshotScriptTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ht-shot-");

    public void Dispose() => _folder.Delete(true);

    [Fact]
    public void The_script_takes_a_picture_of_a_report_Export_HafniumReport_wrote()
    {
        string html = Path.Combine(_folder.FullName, "fleet.html");
        string png = Path.Combine(_folder.FullName, "fleet.png");
        string script = Path.Combine(TestPaths.RepoRoot, "samples", "Save-ReportScreenshot.ps1");

        var run = RealPwsh.Run(
        [
            "-NoProfile", "-NonInteractive", "-Command",
            $"Import-Module '{TestPaths.Manifest}'; " +
            $"[HafniumTools.Model.ServerAudit]@{{ ComputerName = 'EX01'; Status = 'Compromised'; Summary = 'Compromised: a web shell answered.' }} | Export-HafniumReport -Path '{html}'; " +
            $"& '{script}' -ReportPath '{html}' -OutFile '{png}' -Width 900 -Height 700 | Out-Null",
        ]);

        Assert.True(run.ExitCode == 0, run.ToString());
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.Equal((900, 700), (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4))));
    }
}
