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

    /// <summary>
    /// Deepest element nesting read. Event exports nest a few levels (CLIXML a dozen or so); a parser keeps state for
    /// every open element, so an export nested millions deep would otherwise cost gigabytes.
    /// </summary>
    public const int MaxDepth = 256;

    /// <summary>
    /// The settings every event export is read with. A DTD is skipped, never processed: no entity is defined or
    /// expanded (a reference to one is an error), nothing external is fetched.
    /// </summary>
    public static XmlReaderSettings Settings(ConformanceLevel conformance) => new()
    {
        ConformanceLevel = conformance,
        DtdProcessing = DtdProcessing.Ignore,
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
        while (true)
        {
            if (!Read(reader))
            {
                throw new XmlException("The document ends inside an element.");
            }

            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
            {
                return text.ToString();
            }

            // Text of nested elements is passed over (read, depth-checked, not kept).
            if (reader.Depth == depth + 1)
            {
                AppendNode(reader, text, buffer, ref truncated);
            }
        }
    }

    /// <summary>
    /// <see cref="XmlReader.Read"/>, refusing elements nested deeper than <see cref="MaxDepth"/> (an
    /// <see cref="XmlException"/> naming the depth and line), so that memory stays bounded whatever the file.
    /// </summary>
    public static bool Read(XmlReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }

        if (reader.Depth > MaxDepth)
        {
            int line = reader is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;
            int position = reader is IXmlLineInfo at && at.HasLineInfo() ? at.LinePosition : 0;
            throw new XmlException(
                string.Format(
                    System.Globalization.CultureInfo.InvariantCulture,
                    "Elements are nested more than {0} levels deep (depth {1}); no event export nests so deep, so the rest of the file is not read.",
                    MaxDepth,
                    reader.Depth),
                null,
                line,
                position);
        }

        return true;
    }

    /// <summary>
    /// True when the text node the reader is on is only whitespace (a fragment's line breaks, read as text between top-level
    /// elements), read in chunks so that a huge one is never held.
    /// </summary>
    public static bool IsBlank(XmlReader reader, char[] buffer)
    {
        if (!reader.CanReadValueChunk)
        {
            return string.IsNullOrWhiteSpace(reader.Value);
        }

        int read;
        while ((read = reader.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
        {
            for (int i = 0; i < read; i++)
            {
                if (!char.IsWhiteSpace(buffer[i]))
                {
                    return false;
                }
            }
        }

        return true;
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

    /// <summary>
    /// True when the head of a file is an XML prolog (declaration, comments, processing instructions, a document
    /// type, whitespace) that goes on past the head: what follows can only be told by reading on (<see cref="FirstElement"/>).
    /// </summary>
    public static bool PrologFillsHead(byte[] head, int count)
    {
        string text = DecodeHead(head, count);
        string trimmed = text.TrimStart(' ', '\t', '\r', '\n', '\uFEFF');
        return text.Length > 0 && (trimmed.Length == 0 || trimmed[0] == '<') && SkipProlog(text).Length == 0;
    }

    /// <summary>
    /// The first element of an XML file (name and namespace), read past a prolog of any length with the safe settings
    /// (no DTD processing, comments and whitespace not kept); null when the file has none or is no XML.
    /// </summary>
    public static (string LocalName, string NamespaceUri)? FirstElement(Stream stream, System.Threading.CancellationToken cancellationToken)
    {
        var settings = Settings(ConformanceLevel.Auto);
        settings.IgnoreWhitespace = true;
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            while (Read(reader))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reader.NodeType == XmlNodeType.Element)
                {
                    return (reader.LocalName, reader.NamespaceURI);
                }
            }
        }
        catch (XmlException)
        {
        }

        return null;
    }

    /// <summary>The text after any leading whitespace, XML declaration, document type and comments.</summary>
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

            if (string.CompareOrdinal(text, i, "<!DOCTYPE", 0, 9) == 0)
            {
                int end = DoctypeEnd(text, i + 9);
                if (end < 0)
                {
                    return string.Empty;
                }

                i = end + 1;
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

    // The index of the '>' that closes a document type declaration (quotes and an internal subset in brackets passed
    // over), or -1 when the text ends first.
    private static int DoctypeEnd(string text, int i)
    {
        int brackets = 0;
        char quote = '\0';
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '[')
            {
                brackets++;
            }
            else if (c == ']')
            {
                brackets = Math.Max(0, brackets - 1);
            }
            else if (c == '>' && brackets == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Wraps an XML error as the engine's "this file is garbage" signal, its message capped (a parser's message can
    /// list every unclosed element: megabytes for a deeply nested file) and never a long one kept inside.
    /// </summary>
    public static InvalidDataException Invalid(string path, string what, Exception? inner = null)
    {
        string where = inner is XmlException xml && xml.LineNumber > 0
            ? " (line " + xml.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")"
            : string.Empty;
        string reason = ShortText.Cap(inner?.Message ?? "unexpected content", ShortText.MessageLength);
        if (inner is not null && inner.Message.Length > ShortText.MessageLength)
        {
            inner = inner is XmlException x ? new XmlException(reason, null, x.LineNumber, x.LinePosition) : new InvalidDataException(reason);
        }

        return new InvalidDataException(
            "'" + path + "' is not a readable " + what + where + ": " + reason +
            " Export events again with 'wevtutil qe <log> /f:xml' or 'Get-WinEvent ... | Export-Clixml'.",
            inner);
    }
}
