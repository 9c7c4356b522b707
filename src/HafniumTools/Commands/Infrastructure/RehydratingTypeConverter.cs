using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Serialization;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Commands.Infrastructure;

/// <summary>
/// Rebuilds the module's output objects from the property bags that Receive-Job, Invoke-Command, Import-Clixml and
/// PSSerializer deliver, so that a received Finding is a Finding again: Severity and Verdict are enums that compare
/// by rank and name, times are <see cref="DateTimeOffset"/>s, lists are <see cref="TextList"/>s, computed properties
/// are back, and the module's views and ToString apply. This is how PowerShell rehydrates its own types.
/// </summary>
/// <remarks>
/// <para>
/// Public only because PowerShell instantiates it by name from the module's types file; nothing else calls it. The
/// build writes that part of the types file from the DLL (HafniumTools.BuildTools, RehydrationTypeData): for every
/// type named in a cmdlet's [OutputType], and every class and enum of the module those types' properties use,
/// <c>Deserialized.T</c> gets <c>TargetTypeForDeserialization</c> T, and each class T gets this converter and a
/// serialization depth that keeps its values whole. A new output type is covered without anyone writing type data.
/// </para>
/// <para>
/// What it takes from the data is values only. The type it builds is the one PowerShell asks for, accepted only when
/// it is one of this module's classes and the bag names it as <c>Deserialized.T</c>; the type of every value is the
/// declared type of the property it goes to, so the data can never choose a type to create (the flaw of converters
/// that read a type name or call setters of arbitrary types). An object is created with its parameterless
/// constructor when it has one (so defaults apply to properties the data lacks), otherwise uninitialized as
/// DataContractSerializer does, and then only its settable properties are set. Properties the type does not have
/// (PSComputerName added by Receive-Job, say) stay on the rebuilt object as note properties.
/// </para>
/// <para>
/// Work is bounded on hostile input: at most <see cref="MaxDepth"/> module objects deep and <see cref="MaxValues"/>
/// values (properties, list items, note properties) for one object. Past a bound, or on a value that does not fit
/// its property, it throws <see cref="InvalidCastException"/> and PowerShell keeps the property bag (whose enums the
/// enum type data has still rehydrated).
/// </para>
/// </remarks>
public sealed class RehydratingTypeConverter : PSTypeConverter
{
    /// <summary>How many module objects deep one rebuilt object may nest.</summary>
    internal const int MaxDepth = 8;

    /// <summary>How many values (properties, list items, note properties) one rebuilt object may hold.</summary>
    internal const int MaxValues = 100_000;

    private const string Deserialized = "Deserialized.";

    private static readonly ConcurrentDictionary<Type, Shape> Shapes = new();

    public override bool CanConvertFrom(object sourceValue, Type destinationType) =>
        sourceValue is PSObject bag && CanConvertFrom(bag, destinationType);

    public override bool CanConvertFrom(PSObject sourceValue, Type destinationType) =>
        sourceValue is not null && destinationType is not null && IsRebuilt(destinationType) && Names(sourceValue, destinationType);

    public override object ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        sourceValue is PSObject bag
            ? ConvertFrom(bag, destinationType, formatProvider, ignoreCase)
            : throw Refuse($"only deserialized objects are rebuilt, not {sourceValue?.GetType().FullName ?? "null"}");

    public override object ConvertFrom(PSObject sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase)
    {
        if (!CanConvertFrom(sourceValue, destinationType))
        {
            throw Refuse($"'{destinationType?.FullName}' is not an output type of HafniumTools, or the object is not a deserialized one");
        }

        int budget = MaxValues;
        return Rebuild(sourceValue, destinationType, 0, ref budget);
    }

    public override bool CanConvertTo(object sourceValue, Type destinationType) => false;

    public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        throw Refuse("it only rebuilds the module's objects from deserialized ones");

    /// <summary>The types it builds: the module's own classes (output types, <see cref="TextList"/>).</summary>
    private static bool IsRebuilt(Type type) =>
        type.Assembly == typeof(RehydratingTypeConverter).Assembly && type.IsClass && !type.IsAbstract && type.IsPublic;

    private static bool Names(PSObject bag, Type type) => bag.TypeNames.Contains(Deserialized + type.FullName);

    private static object Rebuild(PSObject bag, Type type, int depth, ref int budget)
    {
        if (depth >= MaxDepth)
        {
            throw Refuse($"objects nest deeper than {MaxDepth} levels");
        }

        if (type == typeof(TextList))
        {
            return ListFrom(bag.BaseObject, ref budget);
        }

        if (ResultItemType(type) is Type itemType)
        {
            return ResultListFrom(bag.BaseObject, type, itemType, depth, ref budget);
        }

        var shape = Shapes.GetOrAdd(type, t => new Shape(t));
        object instance = shape.Create();
        foreach (var property in shape.Settable)
        {
            var found = bag.Properties[property.Name];
            if (found is null)
            {
                continue;
            }

            Spend(ref budget);
            object? value = Value(found.Value, property.PropertyType, depth, ref budget, property.Name);
            try
            {
                property.SetValue(instance, value);
            }
            catch (TargetInvocationException e)
            {
                throw Refuse($"{type.Name}.{property.Name} refused the value: {e.InnerException?.Message}");
            }
        }

        KeepExtraProperties(bag, shape, instance, ref budget);
        return instance;
    }

    private static object? Value(object? value, Type declared, int depth, ref int budget, string name)
    {
        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        if (value is null)
        {
            return !declared.IsValueType || declared != type ? null : throw Refuse($"{name} has no value");
        }

        var bag = value as PSObject;
        object bare = bag?.BaseObject ?? value;
        if (type.IsInstanceOfType(bare))
        {
            return bare;
        }

        if (type == typeof(DateTimeOffset))
        {
            return TimeFrom(bare, bag, name);
        }

        if (type == typeof(TextList))
        {
            return ListFrom(bare, ref budget);
        }

        if (type.IsArray)
        {
            var items = Items(bare, name).ToList();
            var array = Array.CreateInstance(type.GetElementType()!, items.Count);
            for (int i = 0; i < items.Count; i++)
            {
                Spend(ref budget);
                array.SetValue(Value(items[i], type.GetElementType()!, depth, ref budget, name), i);
            }

            return array;
        }

        if (ResultItemType(type) is Type itemType)
        {
            return bag is not null && Names(bag, type)
                ? ResultListFrom(bare, type, itemType, depth + 1, ref budget)
                : throw Refuse($"{name} is not a deserialized {type.Name}");
        }

        if (IsRebuilt(type))
        {
            return bag is not null && Names(bag, type)
                ? Rebuild(bag, type, depth + 1, ref budget)
                : throw Refuse($"{name} is not a deserialized {type.Name}");
        }

        if (!IsLeaf(type))
        {
            throw Refuse($"{name} is of type {type.FullName}, which is not rebuilt from serialized data");
        }

        return LanguagePrimitives.ConvertTo(value, type, CultureInfo.InvariantCulture);
    }

    /// <summary>Values PowerShell's own conversions make safely from serialized text and numbers.</summary>
    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
        || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(Version) || type == typeof(Uri);

    /// <summary>
    /// A DateTimeOffset is no primitive of the PowerShell serializer: it arrives as a bag of its properties, of which
    /// UtcTicks and Offset say exactly which instant it was. A DateTime (from an older module) is taken as UTC when
    /// it has no kind.
    /// </summary>
    private static DateTimeOffset TimeFrom(object bare, PSObject? bag, string name)
    {
        if (bare is DateTime time)
        {
            return new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time);
        }

        if (bag is not null && bag.TypeNames.Contains(Deserialized + typeof(DateTimeOffset).FullName)
            && bag.Properties["UtcTicks"]?.Value is { } ticks && bag.Properties["Offset"]?.Value is { } offset)
        {
            return new DateTimeOffset(LanguagePrimitives.ConvertTo<long>(ticks), TimeSpan.Zero)
                .ToOffset(LanguagePrimitives.ConvertTo<TimeSpan>(offset));
        }

        throw Refuse($"{name} is not a serialized DateTimeOffset");
    }

    private static TextList ListFrom(object bare, ref int budget)
    {
        var texts = new List<string>();
        foreach (object? item in Items(bare, nameof(TextList)))
        {
            Spend(ref budget);
            texts.Add(item is null ? string.Empty : (string)LanguagePrimitives.ConvertTo(item, typeof(string), CultureInfo.InvariantCulture));
        }

        return new TextList(texts);
    }

    /// <summary>The item type when <paramref name="type"/> is one of the module's <see cref="ResultList{T}"/>s.</summary>
    private static Type? ResultItemType(Type type)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (b.IsGenericType && b.GetGenericTypeDefinition() == typeof(ResultList<>))
            {
                return b.GetGenericArguments()[0];
            }
        }

        return null;
    }

    /// <summary>A result list rebuilt item by item, each item by the rules of its own type.</summary>
    private static object ResultListFrom(object bare, Type listType, Type itemType, int depth, ref int budget)
    {
        var items = Items(bare, listType.Name).ToList();
        var typed = Array.CreateInstance(itemType, items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            Spend(ref budget);
            typed.SetValue(Value(items[i], itemType, depth, ref budget, listType.Name), i);
        }

        var constructor = listType.GetConstructor([typeof(IEnumerable<>).MakeGenericType(itemType)])
            ?? throw Refuse($"{listType.Name} has no constructor from its items");
        return constructor.Invoke([typed]);
    }

    /// <summary>The items of a serialized list; a string is text, not a list of characters.</summary>
    private static IEnumerable<object?> Items(object bare, string name)
    {
        if (bare is not IEnumerable items || bare is string)
        {
            throw Refuse($"{name} is not a serialized list");
        }

        try
        {
            return InputBounds.Items(items, name, MaxValues);
        }
        catch (InputTooComplexException e)
        {
            throw Refuse(e.Message);
        }
    }

    /// <summary>Note properties the type does not define stay with the object (PSComputerName, RunspaceId, Add-Member).</summary>
    private static void KeepExtraProperties(PSObject bag, Shape shape, object instance, ref int budget)
    {
        PSObject? rebuilt = null;
        foreach (var property in bag.Properties)
        {
            if (property is PSNoteProperty && !shape.Names.Contains(property.Name))
            {
                Spend(ref budget);
                rebuilt ??= PSObject.AsPSObject(instance);
                rebuilt.Properties.Add(new PSNoteProperty(property.Name, property.Value));
            }
        }
    }

    private static void Spend(ref int budget)
    {
        if (--budget < 0)
        {
            throw Refuse($"the object holds more than {MaxValues} values");
        }
    }

    private static InvalidCastException Refuse(string why) =>
        new("HafniumTools does not rebuild this object: " + why + ".");

    /// <summary>What the converter needs of one type, computed once.</summary>
    private sealed class Shape
    {
        private readonly ConstructorInfo? _constructor;
        private readonly Type _type;

        public Shape(Type type)
        {
            _type = type;
            _constructor = type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, null, Type.EmptyTypes, null);
            var properties = type.GetProperties(BindingFlags.Instance | BindingFlags.Public);
            Settable = properties.Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0).ToArray();
            Names = new HashSet<string>(properties.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The public properties with a public setter (init included).</summary>
        public PropertyInfo[] Settable { get; }

        /// <summary>Every public property name, computed ones included.</summary>
        public HashSet<string> Names { get; }

        public object Create() => _constructor?.Invoke(null) ?? FormatterServices.GetUninitializedObject(_type);
    }
}
