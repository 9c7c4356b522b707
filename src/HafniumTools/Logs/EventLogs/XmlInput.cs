using System;
using System.IO;
using System.Text;
using System.Xml;

namespace HafniumTools.Logs.EventLogs;

/// <summary>Safe, streaming XmlReader settings and helpers shared by the event export readers.</summary>
internal static class XmlInput
{
    /// <summary>Longest text kept from one XML value; the rest is skipped without being held in memory.</summary>
    public const int MaxValueLength = 65536;

    public static XmlReaderSettings Settings(ConformanceLevel conformance) => new()
    {
        ConformanceLevel = conformance,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        CheckCharacters = false,
        CloseInput = false,
    };

    /// <summary>
    /// Reads the text content of the element the reader is on (which must be a start element) up to its end
    /// element, keeping at most <see cref="MaxValueLength"/> characters; nested elements are skipped. Leaves the
    /// reader on the end element (or on the empty element).
    /// </summary>
    public static string ReadCappedContent(XmlReader reader, char[] buffer, out bool truncated)
    {
        truncated = false;
        if (reader.IsEmptyElement)
        {
            return string.Empty;
        }

        int depth = reader.Depth;
        var text = new StringBuilder();
        bool advance = true;
        while (true)
        {
            if (advance && !reader.Read())
            {
                throw new XmlException("The document ends inside an element.");
            }

            advance = true;
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
            {
                return text.ToString();
            }

            if (reader.NodeType == XmlNodeType.Element && !reader.IsEmptyElement)
            {
                reader.Skip();
                advance = false;
                continue;
            }

            AppendNode(reader, text, buffer, ref truncated);
        }
    }

    private static void AppendNode(XmlReader reader, StringBuilder text, char[] buffer, ref bool truncated)
    {
        if (reader.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace))
        {
            return;
        }

        if (!reader.CanReadValueChunk)
        {
            Append(text, reader.Value, ref truncated);
            return;
        }

        int read;
        while ((read = reader.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
        {
            int room = MaxValueLength - text.Length;
            if (room <= 0)
            {
                truncated = true;
                continue;
            }

            text.Append(buffer, 0, Math.Min(room, read));
            truncated |= read > room;
        }
    }

    private static void Append(StringBuilder text, string value, ref bool truncated)
    {
        int room = MaxValueLength - text.Length;
        text.Append(value.Length <= room ? value : value.Substring(0, Math.Max(0, room)));
        truncated |= value.Length > room;
    }

    /// <summary>The first characters of a file head, whatever its encoding (UTF-8, UTF-16 with or without BOM).</summary>
    public static string DecodeHead(byte[] head, int count)
    {
        if (head is null || count <= 0)
        {
            return string.Empty;
        }

        count = Math.Min(count, head.Length);
        if (count >= 2 && head[0] == 0xFF && head[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(head, 2, (count - 2) & ~1);
        }

        if (count >= 2 && head[0] == 0xFE && head[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(head, 2, (count - 2) & ~1);
        }

        if (count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        {
            return Encoding.UTF8.GetString(head, 3, count - 3);
        }

        if (count >= 2 && head[0] != 0 && head[1] == 0)
        {
            return Encoding.Unicode.GetString(head, 0, count & ~1);
        }

        if (count >= 2 && head[0] == 0 && head[1] != 0)
        {
            return Encoding.BigEndianUnicode.GetString(head, 0, count & ~1);
        }

        return Encoding.UTF8.GetString(head, 0, count);
    }

    /// <summary>The text after any leading whitespace, XML declaration and comments.</summary>
    public static string SkipProlog(string text)
    {
        int i = 0;
        while (true)
        {
            while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == '\uFEFF'))
            {
                i++;
            }

            if (string.CompareOrdinal(text, i, "<?", 0, 2) == 0)
            {
                int end = text.IndexOf("?>", i, StringComparison.Ordinal);
                if (end < 0)
                {
                    return string.Empty;
                }

                i = end + 2;
                continue;
            }

            if (string.CompareOrdinal(text, i, "<!--", 0, 4) == 0)
            {
                int end = text.IndexOf("-->", i, StringComparison.Ordinal);
                if (end < 0)
                {
                    return string.Empty;
                }

                i = end + 3;
                continue;
            }

            return text.Substring(i);
        }
    }

    /// <summary>Wraps an XML error as the engine's "this file is garbage" signal.</summary>
    public static InvalidDataException Invalid(string path, string what, Exception? inner = null)
    {
        string where = inner is XmlException xml && xml.LineNumber > 0
            ? " (line " + xml.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")"
            : string.Empty;
        return new InvalidDataException(
            "'" + path + "' is not a readable " + what + where + ": " + (inner?.Message ?? "unexpected content") +
            " Export events again with 'wevtutil qe <log> /f:xml' or 'Get-WinEvent ... | Export-Clixml'.",
            inner);
    }
}
