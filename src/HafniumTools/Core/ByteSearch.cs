using System;
using System.Reflection;
using System.Reflection.Emit;

namespace HafniumTools.Core;

/// <summary>
/// The first of two byte values, or of a set, in a range, in one vectorised pass where the runtime has one: .NET's
/// <c>MemoryExtensions.IndexOfAny&lt;byte&gt;</c> over a <c>ReadOnlySpan&lt;byte&gt;</c>, which a netstandard2.0 DLL
/// cannot name, found by reflection and called through delegates made once. Windows PowerShell 5.1 (.NET Framework)
/// has it only when System.Memory is already loaded; elsewhere <see cref="IsVectorized"/> is false and callers keep
/// their one-value searches (<see cref="Array.IndexOf{T}(T[], T, int, int)"/>). What it replaces: a pass per anchor
/// byte in <see cref="Logs.LinePrefilter"/> (one pass now finds every anchor, both cases of a letter), and the line
/// splitter's search for an LF and then for a CR in the line (<see cref="Logs.LineSplitter"/>).
/// </summary>
internal static class ByteSearch
{
    private static readonly Delegates? Vectorized = Create();
    private static readonly Func<byte[], int, int, byte, byte, int>? AnyOfTwo = Vectorized?.AnyOfTwo;
    private static readonly Func<byte[], int, int, byte[], int>? AnyOfSet = Vectorized?.AnyOfSet;

    /// <summary>True when <see cref="IndexOfAny(byte[], byte, byte, int, int)"/> and <see cref="IndexOfAny(byte[], byte[], int, int)"/> are one vectorised pass each (callers then prefer them to several searches).</summary>
    public static bool IsVectorized => Vectorized is not null;

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

    /// <summary>The index of the first byte in [<paramref name="start"/>, start + <paramref name="count"/>) equal to one of <paramref name="values"/>, or -1.</summary>
    public static int IndexOfAny(byte[] buffer, byte[] values, int start, int count)
    {
        if (AnyOfSet is { } vectorized)
        {
            int found = vectorized(buffer, start, count, values);
            return found < 0 ? -1 : start + found;
        }

        return IndexOfAnyBySearches(buffer, values, start, count);
    }

    /// <summary>The same answer from two one-value searches (the fallback; tested against the vectorised one).</summary>
    internal static int IndexOfAnyBySearches(byte[] buffer, byte first, byte second, int start, int count)
    {
        int a = Array.IndexOf(buffer, first, start, count);
        int b = Array.IndexOf(buffer, second, start, (a < 0 ? start + count : a) - start);
        return b >= 0 ? b : a;
    }

    /// <summary>The same answer from one-value searches, each over what is left before the best so far.</summary>
    internal static int IndexOfAnyBySearches(byte[] buffer, byte[] values, int start, int count)
    {
        int end = start + count, best = -1;
        foreach (byte value in values)
        {
            int at = Array.IndexOf(buffer, value, start, (best < 0 ? end : best) - start);
            if (at >= 0)
            {
                best = at;
            }
        }

        return best;
    }

    private static Delegates? Create()
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

            var byteSpan = span.MakeGenericType(typeof(byte));
            var ofRange = byteSpan.GetConstructor([typeof(byte[]), typeof(int), typeof(int)]);
            var ofArray = byteSpan.GetConstructor([typeof(byte[])]);
            MethodInfo? anyOfTwo = null, anyOfSet = null;
            foreach (var member in extensions.GetMember("IndexOfAny", MemberTypes.Method, BindingFlags.Public | BindingFlags.Static))
            {
                // IndexOfAny<T>(this ReadOnlySpan<T> span, T value0, T value1) and IndexOfAny<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> values)
                if (member is not MethodInfo { IsGenericMethodDefinition: true } method || method.GetGenericArguments() is not { Length: 1 } arguments)
                {
                    continue;
                }

                var t = arguments[0];
                var spanOfT = span.MakeGenericType(t);
                var parameters = method.GetParameters();
                if (parameters.Length == 3 && parameters[0].ParameterType == spanOfT && parameters[1].ParameterType == t && parameters[2].ParameterType == t)
                {
                    anyOfTwo = method.MakeGenericMethod(typeof(byte));
                }
                else if (parameters.Length == 2 && parameters[0].ParameterType == spanOfT && parameters[1].ParameterType == spanOfT)
                {
                    anyOfSet = method.MakeGenericMethod(typeof(byte));
                }
            }

            if (ofRange is null || ofArray is null || anyOfTwo is null || anyOfSet is null || Emitter.Find() is not { } emitter)
            {
                return null;
            }

            // (buffer, start, count, first, second) => new ReadOnlySpan<byte>(buffer, start, count).IndexOfAny(first, second)
            var two = (Func<byte[], int, int, byte, byte, int>)emitter.Compile(
                "ByteSearch.IndexOfAny2", [typeof(byte[]), typeof(int), typeof(int), typeof(byte), typeof(byte)], typeof(Func<byte[], int, int, byte, byte, int>),
                il => il.Op(OpCodes.Ldarg_0).Op(OpCodes.Ldarg_1).Op(OpCodes.Ldarg_2).New(ofRange).Op(OpCodes.Ldarg_3).Op(OpCodes.Ldarg_S, 4).Call(anyOfTwo));

            // (buffer, start, count, values) => new ReadOnlySpan<byte>(buffer, start, count).IndexOfAny(new ReadOnlySpan<byte>(values))
            var set = (Func<byte[], int, int, byte[], int>)emitter.Compile(
                "ByteSearch.IndexOfAnyOf", [typeof(byte[]), typeof(int), typeof(int), typeof(byte[])], typeof(Func<byte[], int, int, byte[], int>),
                il => il.Op(OpCodes.Ldarg_0).Op(OpCodes.Ldarg_1).Op(OpCodes.Ldarg_2).New(ofRange).Op(OpCodes.Ldarg_3).New(ofArray).Call(anyOfSet));

            // Trusted only after they answer like the one-value searches they replace.
            byte[] sample = [1, 13, 10, 13, 2];
            bool right = two(sample, 2, 3, 13, 10) == 0 && two(sample, 0, 5, 2, 7) == 4 && two(sample, 0, 4, 7, 8) < 0
                && set(sample, 1, 4, [2, 10, 9]) == 1 && set(sample, 0, 5, [7, 2]) == 4 && set(sample, 0, 5, [7, 8, 9]) < 0;
            return right ? new Delegates(two, set) : null;
        }
#pragma warning disable CA1031 // Any failure to find or compile them leaves the one-value searches, which are always right.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private sealed class Delegates(Func<byte[], int, int, byte, byte, int> anyOfTwo, Func<byte[], int, int, byte[], int> anyOfSet)
    {
        public Func<byte[], int, int, byte, byte, int> AnyOfTwo { get; } = anyOfTwo;

        public Func<byte[], int, int, byte[], int> AnyOfSet { get; } = anyOfSet;
    }

    // DynamicMethod and ILGenerator, reached by reflection (netstandard2.0 does not name them): a few IL instructions
    // compile in about a millisecond, where a LINQ expression doing the same costs about 15 ms in a fresh process.
    private sealed class Emitter
    {
        private readonly ConstructorInfo _create;
        private readonly MethodInfo _getGenerator, _emit, _emitByte, _emitConstructor, _emitMethod, _createDelegate;

        private Emitter(ConstructorInfo create, MethodInfo getGenerator, MethodInfo emit, MethodInfo emitByte, MethodInfo emitConstructor, MethodInfo emitMethod, MethodInfo createDelegate)
        {
            _create = create;
            _getGenerator = getGenerator;
            _emit = emit;
            _emitByte = emitByte;
            _emitConstructor = emitConstructor;
            _emitMethod = emitMethod;
            _createDelegate = createDelegate;
        }

        public static Emitter? Find()
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
            return create is null || getGenerator is null || emit is null || emitByte is null || emitConstructor is null || emitMethod is null || createDelegate is null
                ? null
                : new Emitter(create, getGenerator, emit, emitByte, emitConstructor, emitMethod, createDelegate);
        }

        /// <summary>A static method of <paramref name="parameters"/> returning int, whose body <paramref name="body"/> writes (then ret), as a delegate of <paramref name="delegateType"/>.</summary>
        public Delegate Compile(string name, Type[] parameters, Type delegateType, Action<Body> body)
        {
            object method = _create.Invoke([name, typeof(int), parameters, typeof(ByteSearch).Module, true]);
            var il = new Body(this, _getGenerator.Invoke(method, null)!);
            body(il);
            il.Op(OpCodes.Ret);
            return (Delegate)_createDelegate.Invoke(method, [delegateType])!;
        }

        public sealed class Body(Emitter emitter, object generator)
        {
            public Body Op(OpCode code)
            {
                emitter._emit.Invoke(generator, [code]);
                return this;
            }

            public Body Op(OpCode code, byte operand)
            {
                emitter._emitByte.Invoke(generator, [code, operand]);
                return this;
            }

            public Body New(ConstructorInfo constructor)
            {
                emitter._emitConstructor.Invoke(generator, [OpCodes.Newobj, constructor]);
                return this;
            }

            public Body Call(MethodInfo method)
            {
                emitter._emitMethod.Invoke(generator, [OpCodes.Call, method]);
                return this;
            }
        }
    }
}
