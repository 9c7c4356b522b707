using System.Runtime.CompilerServices;

namespace HafniumTools.Core;

/// <summary>
/// <c>MethodImplOptions.AggressiveOptimization</c> (value 512), which netstandard2.0 does not name but every .NET Core
/// runtime honours: the method is compiled fully optimised at once instead of starting in unoptimised tier-0 code,
/// where the vectorised byte searches of the log reader run ten times slower for the first half second of a scan.
/// .NET Framework ignores the flag.
/// </summary>
internal static class HotPath
{
    public const MethodImplOptions Optimize = (MethodImplOptions)512;
}
