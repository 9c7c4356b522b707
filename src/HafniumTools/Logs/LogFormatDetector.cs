using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace HafniumTools.Logs;

/// <summary>What a file is, decided from its first bytes.</summary>
internal sealed class DetectedFormat
{
    public DetectedFormat(LogKind kind, ILogFileFormat? plugin, bool fromHeader)
    {
        Kind = kind;
        Plugin = plugin;
        FromHeader = fromHeader;
    }

    public LogKind Kind { get; }

    /// <summary>The plug-in that reads the file, or null for Exchange's own text logs.</summary>
    public ILogFileFormat? Plugin { get; }

    /// <summary>True when the file's content said what it is; false when only its location did.</summary>
    public bool FromHeader { get; }
}

/// <summary>
/// Recognises a log from its own header: the <c>#Log-type</c>, <c>#Software</c> and <c>#Fields</c> directives or
/// a plain CSV header line, then the plug-in formats, and only then the folder and file name. So a renamed or
/// loose file is read for what it is.
/// </summary>
internal static class LogFormatDetector
{
    public const int HeadSize = 16 * 1024;

    public static DetectedFormat Detect(byte[] head, int count, string path, IReadOnlyList<ILogFileFormat> formats)
    {
        var fromText = count > 0 && Array.IndexOf(head, (byte)0, 0, count) < 0 ? FromDirectives(head, count, path) : LogKind.Unknown;
        if (fromText != LogKind.Unknown)
        {
            return new DetectedFormat(fromText, null, true);
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
                return new DetectedFormat(format.Kind, format, true);
            }
        }

        if (count > 0 && Array.IndexOf(head, (byte)0, 0, count) < 0 && ContainsAscii(head, count, "Download failed and temporary file"))
        {
            return new DetectedFormat(LogKind.OabGenerator, null, true);
        }

        return new DetectedFormat(LogLocation.KindFromPath(path), null, false);
    }

    /// <summary>The kind named by directives or a plain header line in the first lines of a text file.</summary>
    internal static LogKind FromDirectives(byte[] head, int count, string path)
    {
        string text = Encoding.UTF8.GetString(head, 0, count);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        var lines = text.Split('\n').Take(40).Select(l => l.TrimEnd('\r')).ToList();
        LogKind byType = LogKind.Unknown;
        LogKind byFields = LogKind.Unknown;
        bool iisSoftware = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("#", StringComparison.Ordinal))
            {
                string directive = line.TrimStart('#');
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
                    byFields = FromFieldNames(SplitHeader(directive.Substring("Fields:".Length).Trim()), path);
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            // The first non-directive line: a plain header line, or data.
            if (byFields == LogKind.Unknown && byType == LogKind.Unknown)
            {
                byFields = FromFieldNames(SplitHeader(line), path);
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

    internal static string[] SplitHeader(string line) =>
        line.IndexOf(',') >= 0
            ? line.Split(',').Select(f => f.Trim().Trim('"')).ToArray()
            : line.Split([' '], StringSplitOptions.RemoveEmptyEntries);

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
}
