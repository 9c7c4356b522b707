using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Xml.Linq;
using HafniumTools.BuildTools.Help;

namespace HafniumTools.BuildTools;

/// <summary>
/// Writes, from the built module, the type data that makes its results mean the same after remoting, jobs,
/// Import-Clixml and PSSerializer: PowerShell's own rehydration (<c>TargetTypeForDeserialization</c>).
/// </summary>
/// <remarks>
/// The types covered are every type in a cmdlet's <see cref="OutputTypeAttribute"/> that the module defines, and
/// every class and enum of the module their public properties use (lists, nested objects, enums), so a new cmdlet or
/// output type is covered by building it. For each:
/// <list type="bullet">
/// <item><c>Deserialized.T</c> gets <c>TargetTypeForDeserialization</c> T, so the deserializer converts the property bag
/// back to T;</item>
/// <item>a class T gets the module's one public <see cref="PSTypeConverter"/> as its <c>TypeConverter</c> (the
/// conversion PowerShell then runs) and a <c>SerializationDepth</c> deep enough that enums, lists and
/// DateTimeOffsets are sent whole, not as their ToString text;</item>
/// <item>an enum needs no converter: PowerShell turns the serialized number back into the enum by itself, so enums
/// mean the same even in objects made by Select-Object.</item>
/// </list>
/// </remarks>
public static class RehydrationTypeData
{
    /// <summary>The types-file entries for <paramref name="module"/>; none when it has no output types of its own.</summary>
    public static IReadOnlyList<XElement> Generate(Assembly module)
    {
        var outputTypes = CmdletMetadataReader.CmdletTypes(module)
            .SelectMany(t => t.GetCustomAttributes<OutputTypeAttribute>())
            .SelectMany(a => a.Type)
            .Select(n => n.Type)
            .Where(t => t is not null && t.Assembly == module)
            .Distinct()
            .OrderBy(t => t!.FullName, StringComparer.Ordinal)
            .ToList();
        if (outputTypes.Count == 0)
        {
            return [];
        }

        string converter = ConverterOf(module);
        var depths = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var enums = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in outputTypes)
        {
            Depth(type!, module, depths, enums, []);
        }

        var entries = new List<XElement>();
        foreach (var (name, depth) in depths)
        {
            entries.Add(Rehydrated(name));
            entries.Add(new XElement("Type",
                new XElement("Name", name),
                StandardMembers(Note("SerializationDepth", depth.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                new XElement("TypeConverter", new XElement("TypeName", converter))));
        }

        entries.AddRange(enums.Select(Rehydrated));
        return entries;
    }

    /// <summary>The one public PSTypeConverter of the module: the class PowerShell creates to rebuild its objects.</summary>
    private static string ConverterOf(Assembly module)
    {
        var converters = CmdletMetadataReader.ExportedTypes(module)
            .Where(t => !t.IsAbstract && typeof(PSTypeConverter).IsAssignableFrom(t))
            .ToList();
        return converters.Count == 1
            ? converters[0].FullName!
            : throw new InvalidDataException(
                $"{module.GetName().Name} has output types, so it needs exactly one public PSTypeConverter to rebuild them after deserialization; it has {converters.Count}.");
    }

    /// <summary>
    /// How deep a value of <paramref name="type"/> must be serialized to arrive whole; records every module class
    /// reached with its depth and every module enum reached.
    /// </summary>
    private static int Depth(Type type, Assembly module, IDictionary<string, int> classes, ISet<string> enums, HashSet<Type> visiting)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray)
        {
            return 1 + Depth(type.GetElementType()!, module, classes, enums, visiting);
        }

        if (type.IsEnum)
        {
            if (type.Assembly == module)
            {
                enums.Add(type.FullName!);
            }

            return 1; // an object with its number and type name; at depth 0 it would be bare text
        }

        if (type == typeof(DateTimeOffset))
        {
            return 1; // no serializer primitive: its properties carry the instant
        }

        if (type.Assembly != module || !type.IsClass)
        {
            return 0; // strings, numbers, Version, Uri, DateTime: serializer primitives
        }

        if (classes.TryGetValue(type.FullName!, out int known))
        {
            return known;
        }

        if (!visiting.Add(type))
        {
            throw new InvalidDataException($"{type.FullName} contains itself; an output type that nests without end cannot be given a serialization depth.");
        }

        // A list of the module's results (ResultList<T>): its items go one level deeper than the list.
        var itemType = ResultItemType(type);
        int depth = itemType is not null ? 1 + Depth(itemType, module, classes, enums, visiting) : 1 + type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => Depth(p.PropertyType, module, classes, enums, visiting))
            .DefaultIfEmpty(0)
            .Max();
        visiting.Remove(type);
        classes[type.FullName!] = depth;
        return depth;
    }

    private static Type? ResultItemType(Type type)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (b.IsGenericType && b.GetGenericTypeDefinition().FullName == "HafniumTools.Model.ResultList`1")
            {
                return b.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static XElement Rehydrated(string typeName) =>
        new("Type",
            new XElement("Name", "Deserialized." + typeName),
            StandardMembers(Note("TargetTypeForDeserialization", typeName)));

    private static XElement StandardMembers(XElement member) =>
        new("Members", new XElement("MemberSet", new XElement("Name", "PSStandardMembers"), new XElement("Members", member)));

    private static XElement Note(string name, string value) =>
        new("NoteProperty", new XElement("Name", name), new XElement("Value", value));
}
