using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Xml;

namespace HafniumTools.Logs.EventLogs;

/// <summary>
/// Streams events from Windows event XML: <c>wevtutil qe … /f:xml</c> or <c>/f:RenderedXml</c> output (a sequence of
/// <c>&lt;Event&gt;</c> elements without a root), Event Viewer's "Save as XML" (<c>&lt;Events&gt;</c> root), in
/// UTF-8 or UTF-16, with or without a document type (skipped: no entity is expanded, a reference to one is an error).
/// One event at a time is held in memory, its data bounded (<see cref="EventRecordRow.MaxDataItems"/>,
/// <see cref="EventRecordRow.MaxDataLength"/>: what is left out is said by the row), its nesting too. A row's
/// <see cref="ILogRow.LineNumber"/> is the 1-based record number in the file.
/// </summary>
internal static class EventXmlReader
{
    public const string EventNamespace = "http://schemas.microsoft.com/win/2004/08/events/event";

    private const string What = "Windows event XML export";

    /// <summary>Reads events from a stream (encoding detected from the BOM or the first bytes).</summary>
    public static IEnumerable<ILogRow> Read(Stream stream, string path, LogKind kind, CancellationToken cancellationToken)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        return ReadEvents(() => XmlReader.Create(stream, XmlInput.Settings(ConformanceLevel.Auto)), path, kind, cancellationToken);
    }

    /// <summary>Reads events from text already decoded (a process's output, for example).</summary>
    public static IEnumerable<ILogRow> Read(TextReader text, string path, LogKind kind, CancellationToken cancellationToken)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return ReadEvents(() => XmlReader.Create(text, XmlInput.Settings(ConformanceLevel.Auto)), path, kind, cancellationToken);
    }

    private static IEnumerable<ILogRow> ReadEvents(Func<XmlReader> open, string path, LogKind kind, CancellationToken cancellationToken)
    {
        XmlReader reader;
        try
        {
            reader = open();
        }
        catch (XmlException ex)
        {
            throw XmlInput.Invalid(path, What, ex);
        }

        using (reader)
        {
            var buffer = new char[4096];
            long ordinal = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                EventRecordRow? row = NextEvent(reader, path, kind, buffer, ++ordinal);
                if (row is null)
                {
                    break;
                }

                yield return row;
            }
        }
    }

    private static EventRecordRow? NextEvent(XmlReader reader, string path, LogKind kind, char[] buffer, long ordinal)
    {
        try
        {
            while (XmlInput.Read(reader))
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element when reader.LocalName == "Event":
                        return ReadEvent(reader, path, kind, buffer, ordinal);
                    case XmlNodeType.Element when reader.LocalName == "Events" && reader.Depth == 0:
                        continue;
                    case XmlNodeType.Element:
                        throw XmlInput.Invalid(path, What, new XmlException("Unexpected element <" + reader.Name + "> where an <Event> was expected."));
                    case XmlNodeType.Text or XmlNodeType.CDATA when !XmlInput.IsBlank(reader, buffer):
                        throw XmlInput.Invalid(path, What, new XmlException("Unexpected text between events."));
                }
            }

            return null;
        }
        catch (XmlException ex)
        {
            throw XmlInput.Invalid(path, What, ex);
        }
    }

    // The reader is on <Event>; reads to its end element. Rows are numbered by record: wevtutil may put every event on one line.
    private static EventRecordRow ReadEvent(XmlReader reader, string path, LogKind kind, char[] buffer, long line)
    {
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var data = new EventDataItems();
        if (reader.IsEmptyElement)
        {
            return new EventRecordRow(kind, path, line, fields, data.Items);
        }

        int eventDepth = reader.Depth;
        string section = string.Empty;
        while (XmlInput.Read(reader))
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == eventDepth)
            {
                break;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            int relative = reader.Depth - eventDepth;
            if (relative == 1)
            {
                section = reader.LocalName;
                continue;
            }

            switch (section)
            {
                case "System" when relative == 2:
                    ReadSystemElement(reader, fields, buffer);
                    break;
                case "EventData" when relative == 2:
                    ReadDataItem(reader, fields, data, buffer, reader.GetAttribute("Name"));
                    break;
                case "UserData" when relative >= 3:
                    // Manifest events keep their payload under one provider element: every leaf is a named item.
                    ReadDataItem(reader, fields, data, buffer, reader.LocalName);
                    break;
                case "RenderingInfo" when relative == 2:
                    ReadRenderingElement(reader, fields, data, buffer);
                    break;
            }
        }

        return new EventRecordRow(kind, path, line, fields, data.Items, data.LeftOut);
    }

    private static void ReadSystemElement(XmlReader reader, Dictionary<string, string?> fields, char[] buffer)
    {
        switch (reader.LocalName)
        {
            case "Provider":
                fields["ProviderName"] = reader.GetAttribute("EventSourceName") ?? reader.GetAttribute("Name");
                break;
            case "TimeCreated":
                fields["TimeCreated"] = reader.GetAttribute("SystemTime");
                break;
            case "EventID":
                fields["EventId"] = XmlInput.ReadCappedContent(reader, buffer, out _).Trim();
                break;
            case "Level":
                fields["Level"] = XmlInput.ReadCappedContent(reader, buffer, out _).Trim();
                break;
            case "EventRecordID":
                fields["RecordId"] = XmlInput.ReadCappedContent(reader, buffer, out _).Trim();
                break;
            case "Channel":
                fields["LogName"] = XmlInput.ReadCappedContent(reader, buffer, out _).Trim();
                break;
            case "Computer":
                fields["MachineName"] = XmlInput.ReadCappedContent(reader, buffer, out _).Trim();
                break;
            case "Security":
                fields["UserId"] = reader.GetAttribute("UserID");
                break;
        }
    }

    private static void ReadRenderingElement(XmlReader reader, Dictionary<string, string?> fields, EventDataItems data, char[] buffer)
    {
        switch (reader.LocalName)
        {
            case "Message":
                fields["Message"] = XmlInput.ReadCappedContent(reader, buffer, out bool cut);
                if (cut)
                {
                    data.Cut();
                }

                break;
            case "Level":
                fields["LevelDisplayName"] = XmlInput.ReadCappedContent(reader, buffer, out _).Trim();
                break;
            case "Channel":
                fields["ChannelDisplayName"] = XmlInput.ReadCappedContent(reader, buffer, out _).Trim();
                break;
        }
    }

    private static void ReadDataItem(XmlReader reader, Dictionary<string, string?> fields, EventDataItems data, char[] buffer, string? name)
    {
        if (reader.LocalName == "Binary")
        {
            XmlInput.ReadCappedContent(reader, buffer, out _);
            return;
        }

        if (data.Full)
        {
            // Consumed up to its own end, so that the caller's loop still sees the end of the event.
            XmlInput.ReadCappedContent(reader, buffer, out _);
            data.Drop();
            return;
        }

        string value = XmlInput.ReadCappedContent(reader, buffer, out bool truncated);
        data.Add(value, truncated);
        if (!string.IsNullOrEmpty(name) && !fields.ContainsKey(name!))
        {
            fields[name!] = value;
        }
    }
}
