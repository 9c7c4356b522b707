using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace HafniumTools.Logs.EventLogs;

/// <summary>
/// <c>wevtutil qe &lt;log&gt; /f:xml</c> (or <c>/f:RenderedXml</c>) output and Event Viewer XML exports, recognised by a
/// first element <c>&lt;Event xmlns="…/win/2004/08/events/event"&gt;</c> or <c>&lt;Events&gt;</c>, after any prolog (a
/// document type included; one longer than the head is read past by <see cref="XmlInput.FirstElement"/>).
/// </summary>
internal sealed class EventLogXmlFormat : IXmlLogFileFormat
{
    public LogKind Kind => LogKind.EventLogXml;

    public bool Recognizes(byte[] head, int count)
    {
        string text = XmlInput.SkipProlog(XmlInput.DecodeHead(head, count));
        if (StartsWithElement(text, "Event"))
        {
            return text.IndexOf(EventXmlReader.EventNamespace, StringComparison.Ordinal) >= 0;
        }

        if (StartsWithElement(text, "Events"))
        {
            int close = text.IndexOf('>');
            string rest = close < 0 ? string.Empty : XmlInput.SkipProlog(text.Substring(close + 1));
            return rest.Length == 0 || StartsWithElement(rest, "Event") || rest.StartsWith("</Events", StringComparison.Ordinal);
        }

        return false;
    }

    public bool RecognizesRoot(string localName, string namespaceUri) =>
        (localName == "Event" && namespaceUri == EventXmlReader.EventNamespace) || localName == "Events";

    public bool IsTentative(byte[]? head, int count) => false;

    public IEnumerable<ILogRow> Read(Stream stream, string path, CancellationToken cancellationToken) =>
        EventXmlReader.Read(stream, path, LogKind.EventLogXml, cancellationToken);

    internal static bool StartsWithElement(string text, string name) =>
        text.Length > name.Length + 1
        && text[0] == '<'
        && string.CompareOrdinal(text, 1, name, 0, name.Length) == 0
        && (char.IsWhiteSpace(text[name.Length + 1]) || text[name.Length + 1] == '>' || text[name.Length + 1] == '/');
}
