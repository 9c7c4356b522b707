using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace HafniumTools.Logs.EventLogs;

/// <summary>
/// <c>Get-WinEvent | Export-Clixml</c> files, recognised by an <c>&lt;Objs&gt;</c> root in the PowerShell namespace. The
/// reader reads every object and keeps the event records, wherever the first one is: a file whose head shows no event
/// type is claimed tentatively, and is no log when it holds no event record.
/// </summary>
internal sealed class EventLogClixmlFormat : IXmlLogFileFormat
{
    public LogKind Kind => LogKind.EventLogClixml;

    public bool Recognizes(byte[] head, int count)
    {
        string text = XmlInput.SkipProlog(XmlInput.DecodeHead(head, count));
        return EventLogXmlFormat.StartsWithElement(text, "Objs")
            && text.IndexOf(ClixmlEventReader.PowerShellNamespace, StringComparison.Ordinal) >= 0;
    }

    public bool RecognizesRoot(string localName, string namespaceUri) =>
        localName == "Objs" && namespaceUri == ClixmlEventReader.PowerShellNamespace;

    public bool IsTentative(byte[]? head, int count)
    {
        if (head is null)
        {
            return true;
        }

        string text = XmlInput.DecodeHead(head, count);
        return text.IndexOf("System.Diagnostics.Eventing.Reader.EventLogRecord", StringComparison.Ordinal) < 0
            && text.IndexOf("System.Diagnostics.Eventing.Reader.EventRecord", StringComparison.Ordinal) < 0;
    }

    public IEnumerable<ILogRow> Read(Stream stream, string path, CancellationToken cancellationToken) =>
        ClixmlEventReader.Read(stream, path, cancellationToken);
}
