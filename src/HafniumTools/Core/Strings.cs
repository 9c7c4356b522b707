using System.Diagnostics.CodeAnalysis;

namespace HafniumTools.Core;

/// <summary>
/// <see cref="string.IsNullOrEmpty"/> and <see cref="string.IsNullOrWhiteSpace"/> with the nullable annotation that
/// netstandard2.0 lacks, so that code after the check uses the string without a <c>!</c>.
/// </summary>
internal static class Strings
{
    public static bool IsNullOrEmpty([NotNullWhen(false)] string? value) => string.IsNullOrEmpty(value);

    public static bool IsNullOrWhiteSpace([NotNullWhen(false)] string? value) => string.IsNullOrWhiteSpace(value);
}
