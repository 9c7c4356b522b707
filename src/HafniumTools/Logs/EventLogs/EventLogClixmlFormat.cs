using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace HafniumTools.Logs.EventLogs;

/// <summary>
/// <c>Get-WinEvent | Export-Clixml</c> files, recognised by an <c>&lt;Objs&gt;</c> root in the PowerShell namespace whose
/// first object is an event record.
/// </summary>
internal sealed class EventLogClixmlFormat : ILogFileFormat
{
    public LogKind Kind => LogKind.EventLogClixml;

    public bool Recognizes(byte[] head, int count)
    {
        string text = XmlInput.SkipProlog(XmlInput.DecodeHead(head, count));
        if (!EventLogXmlFormat.StartsWithElement(text, "Objs")
            || text.IndexOf(ClixmlEventReader.PowerShellNamespace, StringComparison.Ordinal) < 0)
        {
            return false;
        }

        // The first object's type names follow the root; a head too short to reach them gets the benefit of the doubt
        // (a CLIXML file of other objects then simply gives no rows).
        return text.IndexOf("<T>", StringComparison.Ordinal) < 0
            || text.IndexOf("System.Diagnostics.Eventing.Reader.EventLogRecord", StringComparison.Ordinal) >= 0
            || text.IndexOf("System.Diagnostics.Eventing.Reader.EventRecord", StringComparison.Ordinal) >= 0;
    }

    public IEnumerable<ILogRow> Read(Stream stream, string path, CancellationToken cancellationToken) =>
        ClixmlEventReader.Read(stream, path, cancellationToken);
}
