using System;
using System.Buffers.Binary;
using System.IO;
using System.Threading.Tasks;
using HafniumTools.ReportTests.Chromium;
using Xunit;

namespace HafniumTools.ReportTests;

/// <summary>
/// The sample fleet's report and its picture, written to <c>out/report-sample/</c> (git-ignored) for people to look at.
/// The README's screenshot is this picture: to make it again,
/// <c>dotnet test tests/HafniumTools.ReportTests -c Release --filter "FullyQualifiedName~SampleFleetScreenshot"</c>,
/// then copy <c>out/report-sample/report.png</c> to <c>docs/images/report.png</c>. For a report written by
/// Export-HafniumReport, <c>samples/Save-ReportScreenshot.ps1</c> takes the picture with Chromium's command line.
/// </summary>
public sealed class SampleFleetScreenshotTests
{
    private const int Width = 1280;
    private const int Height = 1600;

    [Fact]
    public async Task The_sample_fleet_report_and_its_screenshot_are_written_to_out_report_sample()
    {
        string folder = Path.Combine(RepoRoot(), "out", "report-sample");
        Directory.CreateDirectory(folder);
        string report = Path.Combine(folder, "report.html");
        string png = Path.Combine(folder, "report.png");
        File.Delete(report);
        File.Delete(png);
        HafniumTools.Reporting.ReportFile.Write(
            HafniumTools.Reporting.FleetReport.Create("Contoso Exchange fleet: ProxyLogon audit", ReportFiles.GeneratedAt, SampleFleet.Audits()),
            HafniumTools.Reporting.ReportFormat.Html,
            report,
            overwrite: true);

        await using (var page = await ReportPage.OpenAsync(report, Width, Height))
        {
            await page.ScreenshotAsync(png, fullPage: false);
        }

        byte[] bytes = await File.ReadAllBytesAsync(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.Equal(Width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(Height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        Assert.True(bytes.Length > 50_000, "the screenshot is nearly empty: " + bytes.Length + " bytes");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HafniumTools.psd1")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The tests must run inside the repository.");
    }
}
