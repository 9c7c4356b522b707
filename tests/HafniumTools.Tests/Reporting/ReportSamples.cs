using System;
using System.Collections.Generic;
using System.Text;
using HafniumTools.Model;

namespace HafniumTools.Tests.Reporting;

/// <summary>Server audits and findings for the report tests, and a reader of the CSV files they write.</summary>
internal static class ReportSamples
{
    public static readonly DetectionRule Rule = new("HT-T-RPT", FindingCategory.HttpProxy, Severity.High, Verdict.Exploitation, "SSRF routed a request to the back end", "why", "where", "CVE-2021-26855");

    public static ServerAudit Audit(string name, AuditStatus status, params Finding[] findings) => new()
    {
        ComputerName = name,
        Status = status,
        Summary = status + ": " + name,
        Findings = new FindingList(findings),
        AuditedAt = new DateTime(2021, 3, 10, 9, 0, 0, DateTimeKind.Utc),
    };

    public static Finding Finding(string userAgent = "python-requests/2.25.1", string url = "https://ex01/ecp/y.js", string? title = null, string? anchor = null, string? detail = null, DateTime? time = null) =>
        new(Rule, "EX01")
        {
            Timestamp = time ?? new DateTime(2021, 3, 3, 3, 30, 0, DateTimeKind.Utc),
            UserAgent = userAgent,
            Url = url,
            Title = title ?? Rule.Title,
            AnchorMailbox = anchor,
            Detail = detail,
            ClientIp = "192.0.2.7",
        };

    /// <summary>Every cell of an RFC 4180 text whose cells are all quoted, in order.</summary>
    public static IEnumerable<string> CsvCells(string csv)
    {
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < csv.Length; i++)
        {
            char c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                    yield return cell.ToString();
                    cell.Clear();
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c is not (',' or '\r' or '\n' or '\ufeff'))
            {
                throw new FormatException("An unquoted character in the CSV text at " + i + ": '" + c + "'.");
            }
        }
    }
}
