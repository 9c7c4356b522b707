using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Xml;

namespace HafniumTools.Logs.EventLogs;

/// <summary>
/// Streams the events of a <c>Get-WinEvent | Export-Clixml</c> file (live or <c>Deserialized.</c>
/// <c>System.Diagnostics.Eventing.Reader.EventLogRecord</c> objects). Other objects in the file are skipped. One object
/// at a time is held in memory; DTDs and external entities are refused.
/// </summary>
internal static class ClixmlEventReader
{
    public const string PowerShellNamespace = "http://schemas.microsoft.com/powershell/2004/04";

    private const string What = "PowerShell CLIXML export of events";
    private const string EventPropertyTypeName = "System.Diagnostics.Eventing.Reader.EventProperty";

    // CLIXML elements that carry one primitive value.
    private static readonly HashSet<string> Primitives = new(StringComparer.Ordinal)
    {
        "S", "I32", "I16", "I64", "U8", "U16", "U32", "U64", "By", "SB", "B", "DT", "Db", "D", "Sg", "G", "C",
        "TS", "URI", "Version", "XD", "SBK", "SS", "BA", "Nil",
    };

    // Top-level properties kept, by CLIXML name, and the row field they feed.
    private static readonly Dictionary<string, string> Kept = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Id"] = "EventId",
        ["ProviderName"] = "ProviderName",
        ["LogName"] = "LogName",
        ["ContainerLog"] = "ContainerLog",
        ["MachineName"] = "MachineName",
        ["TimeCreated"] = "TimeCreated",
        ["Message"] = "Message",
        ["Level"] = "Level",
        ["LevelDisplayName"] = "LevelDisplayName",
        ["RecordId"] = "RecordId",
        ["TaskDisplayName"] = "TaskDisplayName",
        ["UserId"] = "UserId",
    };

    public static IEnumerable<ILogRow> Read(Stream stream, string path, CancellationToken cancellationToken)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        XmlReader reader;
        try
        {
            reader = XmlReader.Create(stream, XmlInput.Settings(ConformanceLevel.Document));
        }
        catch (XmlException ex)
        {
            throw XmlInput.Invalid(path, What, ex);
        }

        using (reader)
        {
            var state = new DocumentState(path);
            MoveToRoot(reader, state);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var row = NextEvent(reader, state);
                if (row is null)
                {
                    yield break;
                }

                yield return row;
            }
        }
    }

    private static void MoveToRoot(XmlReader reader, DocumentState state)
    {
        try
        {
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "Objs")
            {
                throw XmlInput.Invalid(state.Path, What, new XmlException("The root element is <" + reader.Name + ">, not <Objs>."));
            }

            state.RootDepth = reader.Depth;
            state.RootIsEmpty = reader.IsEmptyElement;
        }
        catch (XmlException ex)
        {
            throw XmlInput.Invalid(state.Path, What, ex);
        }
    }

    private static EventRecordRow? NextEvent(XmlReader reader, DocumentState state)
    {
        if (state.RootIsEmpty)
        {
            return null;
        }

        try
        {
            while (XmlInput.Read(reader))
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == state.RootDepth)
                {
                    // Anything after the root is a document error the reader reports on its next Read.
                    while (XmlInput.Read(reader))
                    {
                    }

                    return null;
                }

                if (reader.NodeType != XmlNodeType.Element || reader.Depth != state.RootDepth + 1)
                {
                    continue;
                }

                state.Ordinal++;
                if (reader.LocalName != "Obj")
                {
                    // Consumed up to its own end (a Skip would also step over the next sibling once the loop reads).
                    XmlInput.ReadCappedContent(reader, state.Buffer, out _);
                    continue;
                }

                var row = ReadObject(reader, state);
                if (row is not null)
                {
                    return row;
                }

                state.Events--;
            }

            throw new XmlException("The document ends before </Objs>.");
        }
        catch (XmlException ex)
        {
            throw XmlInput.Invalid(state.Path, What, ex);
        }
    }

    // The reader is on a top-level <Obj>; reads to its end and returns a row when it is an event record.
    private static EventRecordRow? ReadObject(XmlReader reader, DocumentState state)
    {
        long line = ++state.Events;
        if (reader.IsEmptyElement)
        {
            return null;
        }

        int objDepth = reader.Depth;
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var data = new EventDataItems();
        bool isEvent = false;
        string? complexProperty = null;
        int complexDepth = -1;
        string? currentTypeListId = null;
        var currentTypes = new List<string>();
        while (XmlInput.Read(reader))
        {
            if (reader.NodeType == XmlNodeType.EndElement)
            {
                if (reader.Depth == objDepth)
                {
                    break;
                }

                if (reader.Depth == complexDepth)
                {
                    complexProperty = null;
                    complexDepth = -1;
                }

                if (reader.LocalName == "TN" && currentTypeListId is not null)
                {
                    if (state.TypeLists.Count < DocumentState.MaxTypeLists)
                    {
                        state.TypeLists[currentTypeListId] = currentTypes.ToArray();
                    }

                    isEvent |= reader.Depth == objDepth + 1 && IsEventType(currentTypes);
                    currentTypeListId = null;
                }

                continue;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            int relative = reader.Depth - objDepth;
            string name = reader.LocalName;
            if (name == "TN")
            {
                currentTypeListId = reader.GetAttribute("RefId") ?? string.Empty;
                currentTypes = new List<string>();
                if (reader.IsEmptyElement)
                {
                    currentTypeListId = null;
                }

                continue;
            }

            if (name == "T" && currentTypeListId is not null)
            {
                currentTypes.Add(XmlInput.ReadCappedContent(reader, state.Buffer, out _));
                continue;
            }

            if (name == "TNRef")
            {
                string? id = reader.GetAttribute("RefId");
                isEvent |= relative == 1 && id is not null && state.TypeLists.TryGetValue(id, out var types) && IsEventType(types);
                continue;
            }

            string? propertyName = reader.GetAttribute("N");
            if (relative == 2 && name == "Obj" && propertyName is not null && !reader.IsEmptyElement)
            {
                // A complex property (Properties, KeywordsDisplayNames...): its primitive items are collected below.
                complexProperty = propertyName;
                complexDepth = reader.Depth;
                continue;
            }

            if (!Primitives.Contains(name))
            {
                continue;
            }

            bool cut = false;
            string value = name == "Nil" ? string.Empty : Decode(XmlInput.ReadCappedContent(reader, state.Buffer, out cut));
            if (relative == 2 && propertyName is not null)
            {
                if (Kept.TryGetValue(propertyName, out string? field) && !fields.ContainsKey(field))
                {
                    fields[field] = name == "Nil" ? null : value;
                    if (cut)
                    {
                        data.Cut();
                    }
                }
            }
            else if (complexProperty is not null && string.Equals(complexProperty, "Properties", StringComparison.OrdinalIgnoreCase)
                && (propertyName is null || propertyName == "Value") && value != EventPropertyTypeName)
            {
                // An export too shallow to hold the values writes each item as its type name: that says nothing.
                if (data.Full)
                {
                    data.Drop();
                }
                else
                {
                    data.Add(value, cut);
                }
            }
        }

        if (!isEvent)
        {
            return null;
        }

        if (!fields.ContainsKey("LogName") && fields.TryGetValue("ContainerLog", out string? container))
        {
            fields["LogName"] = container;
        }

        return new EventRecordRow(LogKind.EventLogClixml, state.Path, line, fields, data.Items, data.LeftOut);
    }

    private static bool IsEventType(IEnumerable<string> types)
    {
        foreach (string type in types)
        {
            string bare = type.StartsWith("Deserialized.", StringComparison.Ordinal) ? type.Substring("Deserialized.".Length) : type;
            if (bare is "System.Diagnostics.Eventing.Reader.EventLogRecord" or "System.Diagnostics.Eventing.Reader.EventRecord")
            {
                return true;
            }
        }

        return false;
    }

    // CLIXML writes characters XML cannot hold (CR, LF, control characters) as _xHHHH_.
    private static string Decode(string value) =>
        value.IndexOf("_x", StringComparison.Ordinal) < 0 ? value : XmlConvert.DecodeName(value);

    private sealed class DocumentState(string path)
    {
        public const int MaxTypeLists = 10000;

        public string Path { get; } = path;

        public int RootDepth { get; set; }

        public bool RootIsEmpty { get; set; }

        public long Ordinal { get; set; }

        /// <summary>Event records read so far: a row's number is its 1-based position among the file's events.</summary>
        public long Events { get; set; }

        public char[] Buffer { get; } = new char[4096];

        /// <summary>Type-name lists by RefId, for later &lt;TNRef&gt;; bounded by the number of distinct types.</summary>
        public Dictionary<string, string[]> TypeLists { get; } = new(StringComparer.Ordinal);
    }
}
