using System;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Text;
using System.Threading;
using HafniumTools.Logs.EventLogs;

namespace HafniumTools.Logs;

/// <summary>
/// Recognises a log from its own header: the <c>#Log-type</c>, <c>#Software</c> and <c>#Fields</c> directives or
/// a plain CSV header line, then the plug-in formats, and only then the folder and file name. So a renamed or
/// loose file is read for what it is. For a text log the header lines are parsed here, once: the columns they name
/// and where the data starts travel with the <see cref="DetectedFormat"/> to the reader.
/// </summary>
internal static class LogFormatDetector
{
    public const int HeadSize = 16 * 1024;

    // Header lines are looked for among the first lines only.
    private const int MaxHeadLines = 40;

    public static DetectedFormat Detect(byte[] head, int count, string path, IReadOnlyList<ILogFileFormat> formats)
    {
        bool text = count > 0 && Array.IndexOf(head, (byte)0, 0, count) < 0;
        var lines = text ? HeadLines(head, count) : [];
        var fromText = KindFromHeader(lines, path);
        if (fromText != LogKind.Unknown)
        {
            return TextFormat(fromText, fromHeader: true, head, lines);
        }

        foreach (var format in formats)
        {
            bool recognized;
            try
            {
                recognized = format.Recognizes(head, count);
            }
#pragma warning disable CA1031 // A plug-in that chokes on a file's head simply does not claim the file.
            catch (Exception)
#pragma warning restore CA1031
            {
                recognized = false;
            }

            if (recognized)
            {
                return new DetectedFormat(format.Kind, format, true) { Tentative = format is IXmlLogFileFormat xml && xml.IsTentative(head, count) };
            }
        }

        if (text && ContainsAscii(head, count, "Download failed and temporary file"))
        {
            return TextFormat(LogKind.OabGenerator, fromHeader: true, head, lines);
        }

        return TextFormat(LogLocation.KindFromPath(path), fromHeader: false, head, lines);
    }

    /// <summary>
    /// For a file whose head is all XML prolog (<see cref="XmlInput.PrologFillsHead"/>): the XML format its first
    /// element names, read past the prolog from the start of <paramref name="stream"/>; null when none claims it.
    /// </summary>
    public static DetectedFormat? DetectPastProlog(Stream stream, IReadOnlyList<ILogFileFormat> formats, CancellationToken cancellationToken)
    {
        if (XmlInput.FirstElement(stream, cancellationToken) is not { } root)
        {
            return null;
        }

        foreach (var format in formats.OfType<IXmlLogFileFormat>())
        {
            if (format.RecognizesRoot(root.LocalName, root.NamespaceUri))
            {
                return new DetectedFormat(format.Kind, format, true) { Tentative = format.IsTentative(null, 0) };
            }
        }

        return null;
    }

    /// <summary>The kind named by directives or a plain header line in the first lines of a text file.</summary>
    private static LogKind KindFromHeader(List<HeadLine> lines, string path)
    {
        LogKind byType = LogKind.Unknown;
        LogKind byFields = LogKind.Unknown;
        bool iisSoftware = false;
        foreach (var line in lines)
        {
            string text = line.Text;
            if (text.StartsWith("#", StringComparison.Ordinal))
            {
                string directive = text.TrimStart('#');
                if (Starts(directive, "Log-type:"))
                {
                    byType = FromLogType(directive.Substring("Log-type:".Length).Trim());
                }
                else if (Starts(directive, "Software:") && directive.IndexOf("Internet Information Services", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    iisSoftware = true;
                }
                else if (Starts(directive, "Fields:"))
                {
                    byFields = FromFieldNames(line.FieldNames(directive.Substring("Fields:".Length)), path);
                }

                continue;
            }

            if (text.Length == 0)
            {
                continue;
            }

            // The first non-directive line: a plain header line, or data.
            if (byFields == LogKind.Unknown && byType == LogKind.Unknown)
            {
                byFields = FromFieldNames(line.FieldNames(text), path);
            }

            if (byType != LogKind.Unknown || byFields != LogKind.Unknown)
            {
                break;
            }
        }

        if (byType != LogKind.Unknown)
        {
            // "ECP Server Log" and "ECP Activity Context Log" share fields; the log type decides.
            return byType;
        }

        if (byFields != LogKind.Unknown)
        {
            return byFields;
        }

        return iisSoftware ? LogKind.IisW3c : LogKind.Unknown;
    }

    /// <summary>
    /// A text log of <paramref name="kind"/>: its columns from the header lines at the head of the file (read as the
    /// reader reads them: <c>#Fields:</c> directives, and a plain header line before any data), and where data starts.
    /// </summary>
    private static DetectedFormat TextFormat(LogKind kind, bool fromHeader, byte[] head, List<HeadLine> lines)
    {
        var fields = LogFieldMap.DefaultFor(kind);
        int dataStart = lines.Count > 0 ? lines[0].Start : 0;
        long headerLines = 0;
        foreach (var line in lines)
        {
            if (!line.Complete)
            {
                break;
            }

            if (line.End > line.Start)
            {
                if (head[line.Start] == '#')
                {
                    const string Fields = "#Fields:";
                    if (line.End - line.Start > Fields.Length && Starts(line.Text, Fields))
                    {
                        string names = line.Text.Substring(Fields.Length).Trim();
                        fields = LogFieldMap.FromFieldsDirective(line.FieldNames(names), names.IndexOf(',') >= 0, kind) ?? fields;
                    }
                }
                else if (LogFieldMap.IsPlainHeader(head, line.Start, line.End, kind, fields))
                {
                    fields = LogFieldMap.ForCsv(line.FieldNames(line.Text));
                }
                else
                {
                    break;
                }
            }

            dataStart = line.Next;
            headerLines++;
        }

        return new DetectedFormat(kind, null, fromHeader, fields, dataStart, headerLines);
    }

    /// <summary>
    /// The first lines of the head (LF, CR LF or CR ends), after a UTF-8 byte order mark; the last may be cut off by
    /// the head's end (a CR that ends a full head too: its LF may follow).
    /// </summary>
    private static List<HeadLine> HeadLines(byte[] head, int count)
    {
        var lines = new List<HeadLine>();
        int pos = count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
        var splitter = new LineSplitter(head, pos, count);
        while (lines.Count < MaxHeadLines && splitter.Next(out int start, out int end, out bool terminated))
        {
            bool crAtHeadEnd = terminated && head[end] == '\r' && splitter.Position == count && count == head.Length;
            lines.Add(new HeadLine(head, start, end, splitter.Position, complete: terminated && !crAtHeadEnd));
        }

        return lines;
    }

    private static LogKind FromLogType(string value)
    {
        if (value.IndexOf("HttpProxy", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return LogKind.HttpProxy;
        }

        if (value.IndexOf("ECP", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return value.IndexOf("Activity", StringComparison.OrdinalIgnoreCase) >= 0 ? LogKind.EcpActivity : LogKind.EcpServer;
        }

        if (value.IndexOf("Rps", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return value.IndexOf("Cmdlet", StringComparison.OrdinalIgnoreCase) >= 0 ? LogKind.RpsCmdlet
                : value.IndexOf("Http", StringComparison.OrdinalIgnoreCase) >= 0 ? LogKind.RpsHttp : LogKind.Unknown;
        }

        if (value.IndexOf("OAB", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return LogKind.OabGenerator;
        }

        return LogKind.Unknown;
    }

    private static LogKind FromFieldNames(string[] names, string path)
    {
        bool Has(string n) => names.Any(f => string.Equals(f, n, StringComparison.OrdinalIgnoreCase));
        if (Has("AnchorMailbox") && Has("UrlStem"))
        {
            return LogKind.HttpProxy;
        }

        if (Has("ClientInfo") && Has("UrlStem") && Has("CommandName"))
        {
            return LogKind.RpsHttp;
        }

        if (Has("Cmdlet") && Has("Parameters") && Has("ExecutionResult"))
        {
            return LogKind.RpsCmdlet;
        }

        if (Has("EventData") && Has("EventId"))
        {
            return LogLocation.KindFromPath(path) == LogKind.EcpActivity ? LogKind.EcpActivity : LogKind.EcpServer;
        }

        if (Has("cs-uri-stem"))
        {
            return LogKind.IisW3c;
        }

        return LogKind.Unknown;
    }

    private static bool Starts(string text, string prefix) => text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private static bool ContainsAscii(byte[] buffer, int count, string needle) =>
        LinePrefilter.Create(needle).Matches(buffer, 0, count);

    /// <summary>One line of the head: decoded once, its header names split once.</summary>
    private sealed class HeadLine(byte[] head, int start, int end, int next, bool complete)
    {
        private string? _text;
        private string[]? _names;

        public int Start => start;

        /// <summary>The end of the line's content (before CR LF).</summary>
        public int End => end;

        /// <summary>The start of the next line.</summary>
        public int Next => next;

        /// <summary>False for a last line the head cut off.</summary>
        public bool Complete => complete;

        public string Text => _text ??= Encoding.UTF8.GetString(head, start, end - start);

        /// <summary>The names a header line lists (<paramref name="names"/>: the part of the line that lists them).</summary>
        public string[] FieldNames(string names) => _names ??= LogFieldMap.SplitHeader(names.Trim());
    }
}
