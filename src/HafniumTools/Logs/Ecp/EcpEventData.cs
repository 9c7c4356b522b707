using System;
using System.Collections.Generic;
using System.Text;

namespace HafniumTools.Logs.Ecp;

/// <summary>
/// The <c>EventData</c> bag of an ECP Server log row: <c>S:KEY=value;S:KEY=value…</c>. An entry whose text holds a
/// separator or a quote is written between single quotes with inner quotes doubled (<c>'S:CMD=…ExternalUrl=''x'''</c>);
/// the whole field is usually CSV-quoted as well (<c>""</c> for <c>"</c>), which the CSV reader undoes, but a field
/// that still carries its CSV quotes is accepted too.
/// </summary>
internal sealed class EcpEventData
{
    private readonly List<KeyValuePair<string, string>> _entries;
    private readonly Dictionary<string, string> _byName;

    private EcpEventData(List<KeyValuePair<string, string>> entries, bool truncated)
    {
        _entries = entries;
        Truncated = truncated;
        _byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            // First occurrence wins; both "S:CMD" and "CMD" find it.
            if (!_byName.ContainsKey(entry.Key))
            {
                _byName[entry.Key] = entry.Value;
            }

            string bare = StripTypePrefix(entry.Key);
            if (!_byName.ContainsKey(bare))
            {
                _byName[bare] = entry.Value;
            }
        }
    }

    /// <summary>The entries in order, keys as written (e.g. <c>S:CMD</c>), values unquoted.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    /// <summary>True when a quoted entry was not closed (a cut line); its value runs to the end.</summary>
    public bool Truncated { get; }

    /// <summary>An entry by key with or without its type prefix (<c>S:CMD</c> or <c>CMD</c>), case-insensitive.</summary>
    public string? this[string key] => key is not null && _byName.TryGetValue(key, out var value) ? value : null;

    public static EcpEventData Parse(string? eventData)
    {
        var entries = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(eventData))
        {
            return new EcpEventData(entries, false);
        }

        string text = UndoCsvQuoting(eventData!);
        bool truncated = false;
        int position = 0;
        var buffer = new StringBuilder();
        while (position < text.Length)
        {
            buffer.Clear();
            position = ReadEntry(text, position, buffer, ref truncated);
            AddEntry(entries, buffer.ToString());
        }

        return new EcpEventData(entries, truncated);
    }

    /// <summary>Removes a CSV quoting layer the reader left in place: <c>"…""…"</c> becomes <c>…"…</c>.</summary>
    internal static string UndoCsvQuoting(string text)
    {
        string trimmed = text.Trim();
        if (trimmed.Length < 1 || trimmed[0] != '"')
        {
            return text;
        }

        int end = trimmed.Length > 1 && trimmed[trimmed.Length - 1] == '"' && !EndsWithEscapedQuote(trimmed)
            ? trimmed.Length - 1
            : trimmed.Length;
        return trimmed.Substring(1, end - 1).Replace("\"\"", "\"");
    }

    private static bool EndsWithEscapedQuote(string text)
    {
        // "…""" ends with an escaped quote followed by the closing one; an odd run of trailing quotes closes.
        int run = 0;
        for (int i = text.Length - 1; i > 0 && text[i] == '"'; i--)
        {
            run++;
        }

        return run % 2 == 0;
    }

    // Reads one entry from position; returns the position after its ';' separator.
    private static int ReadEntry(string text, int position, StringBuilder entry, ref bool truncated)
    {
        int i = position;
        bool atEntryStart = true;
        bool afterFirstEquals = false;
        bool seenEquals = false;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == ';')
            {
                return i + 1;
            }

            if (c == '\'' && (atEntryStart || afterFirstEquals))
            {
                i = ReadQuoted(text, i + 1, entry, ref truncated);
                atEntryStart = false;
                afterFirstEquals = false;
                continue;
            }

            if (char.IsWhiteSpace(c) && atEntryStart)
            {
                i++;
                continue;
            }

            entry.Append(c);
            atEntryStart = false;
            afterFirstEquals = c == '=' && !seenEquals;
            seenEquals |= c == '=';
            i++;
        }

        return i;
    }

    // Reads a single-quoted run starting after its opening quote; '' is a literal quote. Returns the position after
    // the closing quote, or the end of the text when the quote never closes.
    private static int ReadQuoted(string text, int position, StringBuilder entry, ref bool truncated)
    {
        int i = position;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    entry.Append('\'');
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            entry.Append(c);
            i++;
        }

        truncated = true;
        return i;
    }

    private static void AddEntry(List<KeyValuePair<string, string>> entries, string entry)
    {
        if (entry.Length == 0)
        {
            return;
        }

        int equals = entry.IndexOf('=');
        entries.Add(equals < 0
            ? new KeyValuePair<string, string>(entry.Trim(), string.Empty)
            : new KeyValuePair<string, string>(entry.Substring(0, equals).Trim(), entry.Substring(equals + 1)));
    }

    private static string StripTypePrefix(string key)
    {
        int colon = key.IndexOf(':');
        return colon > 0 && colon <= 3 ? key.Substring(colon + 1) : key;
    }
}
