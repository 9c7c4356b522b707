using System.Runtime.CompilerServices;

namespace HafniumTools.Core;

/// <summary>
/// <c>MethodImplOptions.AggressiveOptimization</c> (value 512), which netstandard2.0 does not name but every .NET Core
/// runtime honours: the method is compiled fully optimised at once instead of starting in unoptimised tier-0 code,
/// where the vectorised byte searches of the log reader run ten times slower for the first half second of a scan.
/// For the per-file checks of the web-shell scan, tier 0 and then instrumented code lasted seconds: the runtime waits
/// for compiling to quiet down before it optimises, and a scan keeps meeting new code (regular expressions, rules).
/// .NET Framework ignores the flag.
/// </summary>
internal static class HotPath
{
    public const MethodImplOptions Optimize = (MethodImplOptions)512;
}
