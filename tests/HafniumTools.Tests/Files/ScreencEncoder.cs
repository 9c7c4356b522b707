using System;
using System.Text;
using HafniumTools.Files;

namespace HafniumTools.Tests.Files;

/// <summary>
/// The inverse of <see cref="ScriptEncoder"/>'s table, as screnc.exe applies it: encodes a script the way Microsoft's
/// Script Encoder writes it (length header, substituted text with its @-escapes, checksum, end marker), so tests can
/// hide known shells and benign pages without committing encoded files.
/// </summary>
internal static class ScreencEncoder
{
    private static readonly char[][] EncodedOf = BuildInverse();

    /// <summary>The encoded block (<c>#@~^…^#~@</c>) of <paramref name="script"/>.</summary>
    public static string Encode(string script)
    {
        var data = new StringBuilder();
        uint checksum = 0;
        long position = 0;
        foreach (char c in script)
        {
            checksum += c;
            string? escape = c switch { '\n' => "@&", '\r' => "@#", '>' => "@*", '<' => "@!", '@' => "@$", _ => null };
            if (escape is not null)
            {
                data.Append(escape);
            }
            else if (c < 128 && EncodedOf[ScriptEncoder.ColumnAt(position)][c] is var e && e != '\0')
            {
                data.Append(e);
            }
            else
            {
                data.Append(c);
            }

            if (c < 128)
            {
                position++;
            }
        }

        return ScriptEncoder.BlockStart + Dword((uint)data.Length) + data + Dword(checksum) + ScriptEncoder.BlockEnd;
    }

    private static string Dword(uint value) => Convert.ToBase64String(BitConverter.GetBytes(value));

    // For each column, plain character -> the encoded character the decoder turns into it.
    private static char[][] BuildInverse()
    {
        var inverse = new char[3][];
        for (int column = 0; column < 3; column++)
        {
            inverse[column] = new char[128];
            for (char encoded = (char)0; encoded < 128; encoded++)
            {
                if (!ScriptEncoder.IsSubstituted(encoded))
                {
                    continue;
                }

                char plain = ScriptEncoder.PlainOf(encoded, column);
                if (inverse[column][plain] != '\0')
                {
                    throw new InvalidOperationException("The table maps two characters to '" + plain + "' in column " + column + ".");
                }

                inverse[column][plain] = encoded;
            }
        }

        return inverse;
    }
}
