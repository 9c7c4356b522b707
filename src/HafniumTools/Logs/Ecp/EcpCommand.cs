using System;
using System.Collections.Generic;
using System.Text;

namespace HafniumTools.Logs.Ecp;

/// <summary>
/// The <c>S:CMD</c> value of an ECP Server log row: <c>Cmdlet.Param=value.Param='quoted value'…</c>. Quoted values
/// double their inner single quotes; unquoted values end where the next <c>.Name=</c> starts.
/// </summary>
internal sealed class EcpCommand
{
    private EcpCommand(string name, IReadOnlyList<EcpCommandParameter> parameters, string text)
    {
        Name = name;
        Parameters = parameters;
        Text = text;
    }

    /// <summary>The cmdlet, e.g. <c>Set-OabVirtualDirectory</c>.</summary>
    public string Name { get; }

    public IReadOnlyList<EcpCommandParameter> Parameters { get; }

    /// <summary>The command as logged.</summary>
    public string Text { get; }

    /// <summary>Parses a CMD value; null when it does not start with a <c>Verb-Noun</c> cmdlet name.</summary>
    public static EcpCommand? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string command = text!.Trim();
        int nameEnd = ReadCmdletName(command);
        if (nameEnd <= 0)
        {
            return null;
        }

        var parameters = new List<EcpCommandParameter>();
        int i = nameEnd;
        var value = new StringBuilder();
        while (i < command.Length && command[i] == '.')
        {
            int nameStart = i + 1;
            int equals = ReadParameterName(command, nameStart);
            if (equals < 0)
            {
                break;
            }

            string name = command.Substring(nameStart, equals - nameStart);
            value.Clear();
            bool quoted = equals + 1 < command.Length && command[equals + 1] == '\'';
            i = quoted ? ReadQuotedValue(command, equals + 2, value) : ReadPlainValue(command, equals + 1, value);
            parameters.Add(new EcpCommandParameter(name, value.ToString(), quoted));
        }

        return new EcpCommand(command.Substring(0, nameEnd), parameters, command);
    }

    // Verb-Noun: letters, one dash, letters and digits.
    private static int ReadCmdletName(string text)
    {
        int i = 0;
        while (i < text.Length && char.IsLetter(text[i]))
        {
            i++;
        }

        if (i == 0 || i >= text.Length || text[i] != '-')
        {
            return -1;
        }

        int nounStart = ++i;
        while (i < text.Length && char.IsLetterOrDigit(text[i]))
        {
            i++;
        }

        return i > nounStart ? i : -1;
    }

    // Returns the index of the '=' that ends a parameter name starting at position, or -1.
    private static int ReadParameterName(string text, int position)
    {
        int i = position;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        return i > position && i < text.Length && text[i] == '=' ? i : -1;
    }

    private static int ReadQuotedValue(string text, int position, StringBuilder value)
    {
        int i = position;
        while (i < text.Length)
        {
            if (text[i] == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    value.Append('\'');
                    i += 2;
                    continue;
                }

                return SkipToNextParameter(text, i + 1);
            }

            value.Append(text[i]);
            i++;
        }

        return i;
    }

    private static int ReadPlainValue(string text, int position, StringBuilder value)
    {
        int i = position;
        while (i < text.Length && !StartsNextParameter(text, i))
        {
            value.Append(text[i]);
            i++;
        }

        return i;
    }

    // After a closing quote the next parameter should follow at once; anything else is kept out of the value.
    private static int SkipToNextParameter(string text, int position)
    {
        int i = position;
        while (i < text.Length && !StartsNextParameter(text, i))
        {
            i++;
        }

        return i;
    }

    private static bool StartsNextParameter(string text, int position) =>
        text[position] == '.' && ReadParameterName(text, position + 1) > 0;
}
