using System;

namespace HafniumTools.Files.MailboxExport;

/// <summary>
/// The PST "permutative" (compressible) encoding of [MS-PST] 5.1: a data byte b is stored as <c>R[b]</c>, where R is
/// the first 256 bytes of the specification's <c>mpbbCrypt</c> table, and read back with its inverse I. ProxyShell
/// sends its web shell pre-encoded with I, so the export stores it in clear; the PST's own strings (subjects, folder
/// names) and any shell sent as is are read by applying I.
/// </summary>
internal static class PstPermutation
{
    /// <summary>The PST signature <c>!BDN</c>.</summary>
    public static readonly byte[] Signature = [0x21, 0x42, 0x44, 0x4E];

    /// <summary>Offset of bCryptMethod in a Unicode PST header (0 none, 1 permute, 2 cyclic).</summary>
    public const int CryptMethodOffset = 513;

    // [MS-PST] 5.1 mpbbCrypt[0..255] (mpbbR).
    private static readonly byte[] Encode =
    [
        65, 54, 19, 98, 168, 33, 110, 187, 244, 22, 204, 4, 127, 100, 232, 93, 30, 242, 203, 42, 116, 197, 94, 53, 210, 149, 71, 158,
        150, 45, 154, 136, 76, 125, 132, 63, 219, 172, 49, 182, 72, 95, 246, 196, 216, 57, 139, 231, 35, 59, 56, 142, 200, 193, 223, 37,
        177, 32, 165, 70, 96, 78, 156, 251, 170, 211, 86, 81, 69, 124, 85, 0, 7, 201, 43, 157, 133, 155, 9, 160, 143, 173, 179, 15, 99,
        171, 137, 75, 215, 167, 21, 90, 113, 102, 66, 191, 38, 74, 107, 152, 250, 234, 119, 83, 178, 112, 5, 44, 253, 89, 58, 134, 126,
        206, 6, 235, 130, 120, 87, 199, 141, 67, 175, 180, 28, 212, 91, 205, 226, 233, 39, 79, 195, 8, 114, 128, 207, 176, 239, 245, 40,
        109, 190, 48, 77, 52, 146, 213, 14, 60, 34, 50, 229, 228, 249, 159, 194, 209, 10, 129, 18, 225, 238, 145, 131, 118, 227, 151,
        230, 97, 138, 23, 121, 164, 183, 220, 144, 122, 92, 140, 2, 166, 202, 105, 222, 80, 26, 17, 147, 185, 82, 135, 88, 252, 237, 29,
        55, 73, 27, 106, 224, 41, 51, 153, 189, 108, 217, 148, 243, 64, 84, 111, 240, 198, 115, 184, 214, 62, 101, 24, 68, 31, 221, 103,
        16, 241, 12, 25, 236, 174, 3, 161, 20, 123, 169, 11, 255, 248, 163, 192, 162, 1, 247, 46, 188, 36, 104, 117, 13, 254, 186, 47,
        181, 208, 218, 61,
    ];

    private static readonly byte[] DecodeTable = Invert(Encode);

    /// <summary>True when the data starts with the PST signature.</summary>
    public static bool IsPst(byte[] data, int count) =>
        data is not null && count >= Signature.Length && data[0] == Signature[0] && data[1] == Signature[1] && data[2] == Signature[2] && data[3] == Signature[3];

    /// <summary>The stored form of <paramref name="data"/> (R applied), as a PST keeps a permute-encoded block.</summary>
    public static byte[] Permute(byte[] data, int offset, int count) => Map(Encode, data, offset, count);

    /// <summary>The clear form of a permute-encoded block (I applied).</summary>
    public static byte[] Unpermute(byte[] data, int offset, int count) => Map(DecodeTable, data, offset, count);

    private static byte[] Map(byte[] table, byte[] data, int offset, int count)
    {
        var result = new byte[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = table[data[offset + i]];
        }

        return result;
    }

    private static byte[] Invert(byte[] table)
    {
        var inverse = new byte[256];
        for (int i = 0; i < 256; i++)
        {
            inverse[table[i]] = (byte)i;
        }

        return inverse;
    }
}
