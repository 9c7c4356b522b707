using System;
using System.Linq.Expressions;
using System.Reflection;

namespace HafniumTools.Core;

/// <summary>
/// The first of two byte values in a range, in one vectorised pass where the runtime has one: .NET's
/// <c>MemoryExtensions.IndexOfAny&lt;byte&gt;(ReadOnlySpan&lt;byte&gt;, byte, byte)</c>, which a netstandard2.0 DLL
/// cannot name, found by reflection and compiled once into a delegate. Windows PowerShell 5.1 (.NET Framework) has it
/// only when System.Memory is already there to load; elsewhere <see cref="IsVectorized"/> is false and callers keep
/// their one-value searches (<see cref="Array.IndexOf{T}(T[], T, int, int)"/>). What it replaces: the two passes of a
/// letter searched in both cases (<see cref="Logs.LinePrefilter"/>), and the line splitter's search for an LF and then
/// for a CR in the line (<see cref="Logs.LineSplitter"/>).
/// </summary>
internal static class ByteSearch
{
    private static readonly Func<byte[], int, int, byte, byte, int>? AnyOfTwo = Create();

    /// <summary>True when <see cref="IndexOfAny"/> is one vectorised pass (callers then prefer it to two searches).</summary>
    public static bool IsVectorized => AnyOfTwo is not null;

    /// <summary>The index of the first byte in [<paramref name="start"/>, start + <paramref name="count"/>) equal to <paramref name="first"/> or <paramref name="second"/>, or -1.</summary>
    public static int IndexOfAny(byte[] buffer, byte first, byte second, int start, int count)
    {
        if (AnyOfTwo is { } vectorized)
        {
            int found = vectorized(buffer, start, count, first, second);
            return found < 0 ? -1 : start + found;
        }

        return IndexOfAnyBySearches(buffer, first, second, start, count);
    }

    /// <summary>The same answer from two one-value searches (the fallback; tested against the vectorised one).</summary>
    internal static int IndexOfAnyBySearches(byte[] buffer, byte first, byte second, int start, int count)
    {
        int a = Array.IndexOf(buffer, first, start, count);
        int b = Array.IndexOf(buffer, second, start, (a < 0 ? start + count : a) - start);
        return b >= 0 ? b : a;
    }

    private static Func<byte[], int, int, byte, byte, int>? Create()
    {
        try
        {
            var extensions = Type.GetType("System.MemoryExtensions, System.Memory", throwOnError: false);
            var span = Type.GetType("System.ReadOnlySpan`1, System.Memory", throwOnError: false);
            if (extensions is null || span is null)
            {
                return null;
            }

            var byteSpan = span.MakeGenericType(typeof(byte));
            var constructor = byteSpan.GetConstructor([typeof(byte[]), typeof(int), typeof(int)]);
            MethodInfo? indexOfAny = null;
            foreach (var member in extensions.GetMember("IndexOfAny", MemberTypes.Method, BindingFlags.Public | BindingFlags.Static))
            {
                // IndexOfAny<T>(this ReadOnlySpan<T> span, T value0, T value1)
                if (member is MethodInfo { IsGenericMethodDefinition: true } method && method.GetGenericArguments() is { Length: 1 } arguments
                    && method.GetParameters() is { Length: 3 } parameters && parameters[0].ParameterType == span.MakeGenericType(arguments[0])
                    && parameters[1].ParameterType == arguments[0] && parameters[2].ParameterType == arguments[0])
                {
                    indexOfAny = method.MakeGenericMethod(typeof(byte));
                    break;
                }
            }

            if (constructor is null || indexOfAny is null)
            {
                return null;
            }

            var buffer = Expression.Parameter(typeof(byte[]), "buffer");
            var start = Expression.Parameter(typeof(int), "start");
            var count = Expression.Parameter(typeof(int), "count");
            var first = Expression.Parameter(typeof(byte), "first");
            var second = Expression.Parameter(typeof(byte), "second");
            var search = Expression.Lambda<Func<byte[], int, int, byte, byte, int>>(
                Expression.Call(indexOfAny, Expression.New(constructor, buffer, start, count), first, second),
                buffer, start, count, first, second).Compile();

            // Trusted only after it answers like the two searches it replaces.
            byte[] sample = [1, 13, 10, 13, 2];
            return search(sample, 2, 3, 13, 10) == 0 && search(sample, 0, 5, 2, 7) == 4 && search(sample, 0, 4, 7, 8) < 0 ? search : null;
        }
#pragma warning disable CA1031 // Any failure to find or compile it leaves the one-value searches, which are always right.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
