using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using HafniumTools.Logs.EventLogs;

namespace HafniumTools.Logs.TestProxyLogon;

/// <summary>
/// Test-ProxyLogon's CVE-2021-26857 report, <c>&lt;server&gt;-Cve-2021-26857.csv</c>: the Application log errors of
/// <c>MSExchange Unified Messaging</c> naming InvalidCastException that it found, exported with the columns TimeCreated,
/// MachineName and Message. Each record is read as the event it was selected from (provider and level restored), so the
/// event-log rules judge it like an exported event. Dates written in the exporting server's culture are not guessed.
/// </summary>
internal sealed class TestProxyLogonEventCsvFormat : ILogFileFormat
{
    private const string Provider = "MSExchange Unified Messaging";

    public LogKind Kind => LogKind.EventLogXml;

    public bool Recognizes(byte[] head, int count)
    {
        var names = ExportedCsv.HeaderOf(head, count);
        bool Has(string name) => names.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return Has("TimeCreated") && Has("Message") && Has("MachineName");
    }

    public IEnumerable<ILogRow> Read(Stream stream, string path, CancellationToken cancellationToken)
    {
        foreach (var (line, _, values) in ExportedCsv.Read(stream, cancellationToken))
        {
            var fields = new Dictionary<string, string?>(values, StringComparer.OrdinalIgnoreCase);
            fields["LogName"] = "Application";
            if (!fields.ContainsKey("ProviderName"))
            {
                fields["ProviderName"] = Provider;
            }

            if (!fields.ContainsKey("Level") && !fields.ContainsKey("LevelDisplayName"))
            {
                fields["Level"] = "2";
            }

            yield return new EventRecordRow(Kind, path, line, fields, []);
        }
    }
}
