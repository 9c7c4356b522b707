using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace HafniumTools.BuildTools.Help;

/// <summary>A cmdlet as the engine sees it: name, parameter sets and parameters.</summary>
public sealed record CmdletMetadata(string Name, string DefaultSet, IReadOnlyList<string> SetNames, IReadOnlyList<ParameterMetadataInfo> Parameters);

/// <summary>One parameter and how it binds in each set it belongs to.</summary>
public sealed record ParameterMetadataInfo(
    string Name,
    string TypeName,
    bool IsSwitch,
    IReadOnlyList<string> Aliases,
    bool Wildcards,
    IReadOnlyList<string> AcceptedValues,
    IReadOnlyList<ParameterSetBinding> Sets)
{
    public ParameterSetBinding? In(string setName) =>
        Sets.FirstOrDefault(s => s.SetName == setName) ?? Sets.FirstOrDefault(s => s.SetName == SyntaxSet.AllSets);
}

public sealed record ParameterSetBinding(string SetName, bool Mandatory, int? Position, bool ByValue, bool ByPropertyName);

/// <summary>
/// Loads the built module with <see cref="Assembly.LoadFrom(string)"/> and reads every <see cref="CmdletAttribute"/>
/// class through the engine's own <see cref="CommandMetadata"/>, so sets, positions and pipeline binding are exactly
/// what PowerShell will use.
/// </summary>
public static class CmdletMetadataReader
{
    public static IReadOnlyList<CmdletMetadata> Read(string assemblyPath) =>
        CmdletTypes(Assembly.LoadFrom(assemblyPath))
            .Select(Read)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The public, non-abstract classes of <paramref name="assembly"/> that PowerShell exposes as cmdlets.</summary>
    public static IEnumerable<Type> CmdletTypes(Assembly assembly) =>
        ExportedTypes(assembly).Where(t => !t.IsAbstract && typeof(Cmdlet).IsAssignableFrom(t) && t.GetCustomAttribute<CmdletAttribute>() is not null);

    /// <summary>The public types of <paramref name="assembly"/> that load in this process.</summary>
    public static Type[] ExportedTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null).Cast<Type>().ToArray();
        }
    }

    public static CmdletMetadata Read(Type cmdletType)
    {
        var attribute = cmdletType.GetCustomAttribute<CmdletAttribute>()
            ?? throw new ArgumentException($"{cmdletType.FullName} has no [Cmdlet] attribute.", nameof(cmdletType));
        var metadata = new CommandMetadata(cmdletType);
        var parameters = new List<ParameterMetadataInfo>();
        foreach (var property in DeclarationOrder(cmdletType))
        {
            if (metadata.Parameters.TryGetValue(property, out var parameter))
            {
                parameters.Add(Parameter(parameter));
            }
        }

        if (attribute.SupportsShouldProcess)
        {
            parameters.Add(CommonSwitch("WhatIf", "wi"));
            parameters.Add(CommonSwitch("Confirm", "cf"));
        }

        var named = parameters.SelectMany(p => p.Sets).Select(s => s.SetName)
            .Where(s => s != SyntaxSet.AllSets).Distinct(StringComparer.Ordinal).ToList();
        string defaultSet = attribute.DefaultParameterSetName ?? (named.Count > 0 ? named[0] : SyntaxSet.AllSets);
        if (named.Count == 0)
        {
            named.Add(SyntaxSet.AllSets);
            defaultSet = SyntaxSet.AllSets;
        }
        else
        {
            // The default set first, as Get-Help and platyPS list it.
            named = named.OrderBy(n => n == defaultSet ? 0 : 1).ToList();
        }

        return new CmdletMetadata($"{attribute.VerbName}-{attribute.NounName}", defaultSet, named, parameters);
    }

    private static IEnumerable<string> DeclarationOrder(Type type)
    {
        // Base-class parameters after the cmdlet's own, each in declaration order.
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            var members = t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m is PropertyInfo or FieldInfo)
                .OrderBy(m => m.MetadataToken);
            foreach (var member in members)
            {
                if (seen.Add(member.Name))
                {
                    yield return member.Name;
                }
            }
        }
    }

    private static ParameterMetadataInfo Parameter(ParameterMetadata parameter)
    {
        var sets = parameter.ParameterSets
            .Select(kv => new ParameterSetBinding(
                kv.Key,
                kv.Value.IsMandatory,
                kv.Value.Position == int.MinValue ? null : kv.Value.Position,
                kv.Value.ValueFromPipeline,
                kv.Value.ValueFromPipelineByPropertyName))
            .OrderBy(s => s.SetName, StringComparer.Ordinal)
            .ToList();
        var accepted = parameter.Attributes.OfType<ValidateSetAttribute>().SelectMany(v => v.ValidValues).ToList();
        var elementType = parameter.ParameterType.IsArray ? parameter.ParameterType.GetElementType()! : parameter.ParameterType;
        elementType = Nullable.GetUnderlyingType(elementType) ?? elementType;
        if (accepted.Count == 0 && elementType.IsEnum)
        {
            accepted = [.. Enum.GetNames(elementType)];
        }

        return new ParameterMetadataInfo(
            parameter.Name,
            FriendlyName(parameter.ParameterType),
            parameter.SwitchParameter,
            [.. parameter.Aliases],
            parameter.Attributes.OfType<SupportsWildcardsAttribute>().Any(),
            accepted,
            sets);
    }

    private static ParameterMetadataInfo CommonSwitch(string name, string alias) =>
        new(name, "SwitchParameter", true, [alias], false, [], [new ParameterSetBinding(SyntaxSet.AllSets, false, null, false, false)]);

    /// <summary>The short type name platyPS writes: <c>String[]</c>, <c>SwitchParameter</c>, <c>DateTime</c> for <c>DateTime?</c>.</summary>
    public static string FriendlyName(Type type)
    {
        if (type.IsArray)
        {
            return FriendlyName(type.GetElementType()!) + "[]";
        }

        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return FriendlyName(underlying);
        }

        if (type.IsGenericType)
        {
            string name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            return $"{name}[{string.Join(", ", type.GetGenericArguments().Select(FriendlyName))}]";
        }

        return type.Name;
    }
}
