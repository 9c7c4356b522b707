using System.Text;

namespace HafniumTools.Files;

/// <summary>
/// Blanks the comments of server code (C#/JScript <c>//</c> and <c>/* */</c>; VB <c>'</c> and <c>Rem</c>) with
/// spaces, keeping every other character, line break and offset where it was: commented-out code never runs, so it
/// must not tie a sink to the request. String literals are skipped, so <c>"http://"</c> stays text.
/// </summary>
internal static class CodeComments
{
    public static string Blank(string code, bool visualBasic)
    {
        var text = new StringBuilder(code);
        bool changed = visualBasic ? BlankVisualBasic(code, text) : BlankCurlyBrace(code, text);
        return changed ? text.ToString() : code;
    }

    private static bool BlankCurlyBrace(string code, StringBuilder text)
    {
        bool changed = false;
        int i = 0;
        while (i < code.Length)
        {
            char c = code[i];
            if (c == '"' || c == '\'')
            {
                i = SkipString(code, i, c, verbatim: i > 0 && code[i - 1] == '@');
            }
            else if (c == '/' && i + 1 < code.Length && code[i + 1] == '/')
            {
                int end = code.IndexOf('\n', i);
                end = end < 0 ? code.Length : end;
                Fill(text, i, end);
                changed = true;
                i = end;
            }
            else if (c == '/' && i + 1 < code.Length && code[i + 1] == '*')
            {
                int close = code.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                int end = close < 0 ? code.Length : close + 2;
                Fill(text, i, end);
                changed = true;
                i = end;
            }
            else
            {
                i++;
            }
        }

        return changed;
    }

    private static bool BlankVisualBasic(string code, StringBuilder text)
    {
        bool changed = false;
        bool lineStart = true;
        int i = 0;
        while (i < code.Length)
        {
            char c = code[i];
            if (c == '"')
            {
                i = SkipString(code, i, c, verbatim: true);
                lineStart = false;
            }
            else if (c == '\'' || (lineStart && IsRem(code, i)))
            {
                int end = code.IndexOf('\n', i);
                end = end < 0 ? code.Length : end;

                // A comment ends at the end of the line or of the ASP block it sits in ('comment %>).
                int block = code.IndexOf("%>", i, end - i, System.StringComparison.Ordinal);
                end = block < 0 ? end : block;
                Fill(text, i, end);
                changed = true;
                i = end;
            }
            else
            {
                if (c == '\n' || c == ':')
                {
                    lineStart = true;
                }
                else if (!char.IsWhiteSpace(c))
                {
                    lineStart = false;
                }

                i++;
            }
        }

        return changed;
    }

    private static bool IsRem(string code, int i) =>
        i + 3 <= code.Length && string.Compare(code, i, "rem", 0, 3, System.StringComparison.OrdinalIgnoreCase) == 0
        && (i + 3 == code.Length || char.IsWhiteSpace(code[i + 3]));

    // The index after the literal that opens at start; a string never runs past its line (unless verbatim).
    private static int SkipString(string code, int start, char quote, bool verbatim)
    {
        for (int i = start + 1; i < code.Length; i++)
        {
            char c = code[i];
            if (c == '\\' && !verbatim)
            {
                i++;
            }
            else if (c == quote)
            {
                if (verbatim && i + 1 < code.Length && code[i + 1] == quote)
                {
                    i++;
                    continue;
                }

                return i + 1;
            }
            else if (c == '\n' && !verbatim)
            {
                return i;
            }
        }

        return code.Length;
    }

    private static void Fill(StringBuilder text, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            if (text[i] != '\n' && text[i] != '\r')
            {
                text[i] = ' ';
            }
        }
    }
}
