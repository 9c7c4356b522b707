using System;
using System.Reflection;
using System.Reflection.Emit;

namespace HafniumTools.Core;

/// <summary>
/// The first of two byte values in a range, in one vectorised pass where the runtime has one: .NET's
/// <c>MemoryExtensions.IndexOfAny&lt;byte&gt;(ReadOnlySpan&lt;byte&gt;, byte, byte)</c>, which a netstandard2.0 DLL
/// cannot name, found by reflection and called through a delegate made once. Windows PowerShell 5.1 (.NET Framework)
/// has it only when System.Memory is already loaded; elsewhere <see cref="IsVectorized"/> is false and callers keep
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
            // .NET keeps MemoryExtensions and ReadOnlySpan<T> in its core library; .NET Framework has them only in a
            // System.Memory already loaded (nothing is loaded for this).
            var home = typeof(object).Assembly.GetType("System.MemoryExtensions") is not null
                ? typeof(object).Assembly
                : Array.Find(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "System.Memory");
            var extensions = home?.GetType("System.MemoryExtensions");
            var span = home?.GetType("System.ReadOnlySpan`1");
            if (extensions is null || span is null)
            {
                return null;
            }

            var constructor = span.MakeGenericType(typeof(byte)).GetConstructor([typeof(byte[]), typeof(int), typeof(int)]);
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

            if (constructor is null || indexOfAny is null || Compile(constructor, indexOfAny) is not { } search)
            {
                return null;
            }

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

    // (buffer, start, count, first, second) => new ReadOnlySpan<byte>(buffer, start, count).IndexOfAny(first, second), as
    // a DynamicMethod of eight IL instructions (reached by reflection: netstandard2.0 does not name the type); a LINQ
    // expression would do the same at ten times the start-up cost (about 15 ms in a fresh process).
    private static Func<byte[], int, int, byte, byte, int>? Compile(ConstructorInfo constructor, MethodInfo indexOfAny)
    {
        var core = typeof(object).Assembly;
        var dynamicMethod = core.GetType("System.Reflection.Emit.DynamicMethod");
        var generator = core.GetType("System.Reflection.Emit.ILGenerator");
        var create = dynamicMethod?.GetConstructor([typeof(string), typeof(Type), typeof(Type[]), typeof(Module), typeof(bool)]);
        var getGenerator = dynamicMethod?.GetMethod("GetILGenerator", Type.EmptyTypes);
        var emit = generator?.GetMethod("Emit", [typeof(OpCode)]);
        var emitByte = generator?.GetMethod("Emit", [typeof(OpCode), typeof(byte)]);
        var emitConstructor = generator?.GetMethod("Emit", [typeof(OpCode), typeof(ConstructorInfo)]);
        var emitMethod = generator?.GetMethod("Emit", [typeof(OpCode), typeof(MethodInfo)]);
        var createDelegate = dynamicMethod?.GetMethod("CreateDelegate", [typeof(Type)]);
        if (create is null || getGenerator is null || emit is null || emitByte is null || emitConstructor is null || emitMethod is null || createDelegate is null)
        {
            return null;
        }

        Type[] parameters = [typeof(byte[]), typeof(int), typeof(int), typeof(byte), typeof(byte)];
        object method = create.Invoke(["ByteSearch.IndexOfAny", typeof(int), parameters, typeof(ByteSearch).Module, true]);
        object il = getGenerator.Invoke(method, null)!;
        emit.Invoke(il, [OpCodes.Ldarg_0]);
        emit.Invoke(il, [OpCodes.Ldarg_1]);
        emit.Invoke(il, [OpCodes.Ldarg_2]);
        emitConstructor.Invoke(il, [OpCodes.Newobj, constructor]);
        emit.Invoke(il, [OpCodes.Ldarg_3]);
        emitByte.Invoke(il, [OpCodes.Ldarg_S, (byte)4]);
        emitMethod.Invoke(il, [OpCodes.Call, indexOfAny]);
        emit.Invoke(il, [OpCodes.Ret]);
        return createDelegate.Invoke(method, [typeof(Func<byte[], int, int, byte, byte, int>)]) as Func<byte[], int, int, byte, byte, int>;
    }
}
