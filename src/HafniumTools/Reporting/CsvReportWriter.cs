using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace HafniumTools.Reporting;

/// <summary>
/// Writes a <see cref="FleetReport"/> as CSV for spreadsheets: one row per finding with its server's status, patch
/// state, summary and per-campaign verdicts, and one row for each server without findings, so that every server is in the file. Every cell is
/// quoted and neutralised (<see cref="SpreadsheetCell"/>): no evidence string can become a formula.
/// </summary>
internal static class CsvReportWriter
{
    private static readonly string[] Header =
    [
        "ComputerName", "Status", "PatchStatus", "Build", "Summary", "Campaigns",
        "Time", "Severity", "Verdict", "Stage", "RuleId", "Cve", "Campaign", "Title", "Evidence",
        "ClientIp", "UserAgent", "Url", "AnchorMailbox", "HttpStatus", "Operation", "Path", "FileSha256", "Detail", "RawText",
    ];

    public static void Write(FleetReport report, TextWriter writer)
    {
        if (report is null || writer is null)
        {
            throw new ArgumentNullException(report is null ? nameof(report) : nameof(writer));
        }

        WriteRow(writer, Header);
        foreach (var server in report.Servers)
        {
            string[] serverCells = [server.ComputerName, server.Status.ToString(), server.PatchStatus.ToString(), server.Build, server.Summary, string.Join("; ", server.Campaigns)];
            if (server.Findings.Count == 0)
            {
                WriteRow(writer, serverCells.Concat(Enumerable.Repeat(string.Empty, Header.Length - serverCells.Length)));
            }

            foreach (var f in server.Findings)
            {
                WriteRow(writer, serverCells.Concat(
                [
                    f.Time?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty,
                    f.Severity.ToString(), f.Verdict.ToString(), f.Stage.ToString(), f.RuleId, string.Join(", ", f.Cve), f.Campaign, f.Title, f.Evidence,
                    f.ClientIp, f.UserAgent, f.Url, f.AnchorMailbox, f.HttpStatus, f.Operation, f.Path, f.FileSha256, f.Detail, f.RawText,
                ]));
            }
        }
    }

    private static void WriteRow(TextWriter writer, IEnumerable<string> cells)
    {
        writer.Write(string.Join(",", cells.Select(c => "\"" + SpreadsheetCell.Neutralize(c).Replace("\"", "\"\"") + "\"")));
        writer.Write("\r\n");
    }
}
