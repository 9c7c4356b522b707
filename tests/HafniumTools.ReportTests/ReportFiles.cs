using System;
using System.Collections.Generic;
using System.IO;
using HafniumTools.Model;
using HafniumTools.Reporting;

namespace HafniumTools.ReportTests;

/// <summary>Writes reports for the browser tests into a temporary folder that goes away with the test.</summary>
public sealed class ReportFiles : IDisposable
{
    public static readonly DateTime GeneratedAt = new(2021, 3, 10, 12, 0, 0, DateTimeKind.Utc);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ht-report-");

    internal string Write(string name, IEnumerable<ServerAudit> audits, string? title = null)
    {
        string path = Path.Combine(_folder.FullName, name);
        ReportFile.Write(FleetReport.Create(title, GeneratedAt, audits), ReportFormat.Html, path, overwrite: false);
        return path;
    }

    /// <summary>Writes <paramref name="html"/> as it is (for pages the module did not write).</summary>
    public string WriteRaw(string name, string html)
    {
        string path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, html);
        return path;
    }

    public void Dispose() => _folder.Delete(true);
}
