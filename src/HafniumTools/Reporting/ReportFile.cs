using System;
using System.IO;
using System.Text;

namespace HafniumTools.Reporting;

/// <summary>Writes a <see cref="FleetReport"/> to a file in one of the <see cref="ReportFormat"/>s.</summary>
internal static class ReportFile
{
    /// <summary>
    /// Writes the file; without <paramref name="overwrite"/> an existing file is never replaced (the check and the
    /// creation are one step, so a file that appears meanwhile is not overwritten either: <see cref="IOException"/>).
    /// </summary>
    public static void Write(FleetReport report, ReportFormat format, string path, bool overwrite)
    {
        using var stream = new FileStream(path, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None);

        // Excel reads a CSV file as UTF-8 only when it starts with a byte order mark.
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: format == ReportFormat.Csv));
        switch (format)
        {
            case ReportFormat.Html:
                HtmlReportWriter.Write(report, writer);
                break;
            case ReportFormat.Csv:
                CsvReportWriter.Write(report, writer);
                break;
            case ReportFormat.Json:
                JsonReportWriter.Write(report, writer);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Not a report format.");
        }
    }
}
