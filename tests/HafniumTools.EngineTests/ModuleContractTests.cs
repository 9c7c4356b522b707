using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests;

/// <summary>
/// Contract tests over the built module as a user imports it. They enumerate the module's cmdlets, so they grow
/// with every cmdlet added.
/// </summary>
public class ModuleContractTests
{
    private static readonly Lazy<CmdletCases> Cases = new(() => CmdletCases.Load(TestPaths.CmdletCases));

    // The module's cmdlets do not change during a run: look them up once, not once per case.
    private static readonly Lazy<List<Type>> Implemented = new(FindImplementedCmdlets);
    private static readonly Lazy<List<string>> Exported = new(() => Cmdlets(PowerShellSession.Invoke("(Get-Command -Module HafniumTools).Name")));

    [Fact]
    public void Manifest_passes_Test_ModuleManifest_and_loads_the_staged_assembly()
    {
        var r = PowerShellSession.Invoke("Test-ModuleManifest -Path ([System.IO.Path]::Combine($RepoRoot, 'HafniumTools.psd1'))");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var manifest = Assert.Single(r.Output);
        Assert.Equal("HafniumTools", manifest.Properties["Name"].Value);
        Assert.Contains("Core", ((IEnumerable)manifest.Properties["CompatiblePSEditions"].Value).Cast<object>().Select(o => o.ToString()));
        Assert.Contains("Desktop", ((IEnumerable)manifest.Properties["CompatiblePSEditions"].Value).Cast<object>().Select(o => o.ToString()));
    }

    [Fact]
    public void Exported_cmdlets_equal_the_manifest_list_and_every_cmdlet_in_the_assembly()
    {
        var r = PowerShellSession.Invoke("(Get-Command -Module HafniumTools).Name");
        var exported = Cmdlets(r);
        var declared = DeclaredInManifest();
        var implemented = ImplementedCmdlets().Select(CmdletName).ToList();

        Assert.True(r.Exception is null, r.ErrorSummary);
        Assert.NotEmpty(implemented);
        Assert.Equal(declared.OrderBy(n => n, StringComparer.OrdinalIgnoreCase), exported.OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(implemented.OrderBy(n => n, StringComparer.OrdinalIgnoreCase), exported.OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_cmdlet_has_full_help_with_synopsis_description_parameters_and_an_example()
    {
        var problems = new List<string>();
        using var ps = new PowerShellSession();
        foreach (string cmdlet in ExportedCmdlets())
        {
            var help = ps.Run($"Get-Help {cmdlet} -Full").Output.SingleOrDefault();
            if (help is null || help.BaseObject is string)
            {
                problems.Add(cmdlet + ": no help object");
                continue;
            }

            string synopsis = Text(help.Properties["Synopsis"]?.Value);
            if (synopsis.Length == 0 || synopsis.StartsWith(cmdlet + " ", StringComparison.OrdinalIgnoreCase) || synopsis.StartsWith("\n", StringComparison.Ordinal))
            {
                problems.Add(cmdlet + ": no synopsis (the auto-generated syntax is shown instead)");
            }

            if (Text(help.Properties["description"]?.Value).Length == 0)
            {
                problems.Add(cmdlet + ": no description");
            }

            if (Items(Member(help, "examples", "example")).Count == 0)
            {
                problems.Add(cmdlet + ": no example");
            }

            var described = Items(Member(help, "parameters", "parameter"))
                .Where(p => Text(PSObject.AsPSObject(p).Properties["description"]?.Value).Length > 0)
                .Select(p => Text(PSObject.AsPSObject(p).Properties["name"]?.Value))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (string parameter in OwnParameters(ps, cmdlet))
            {
                if (!described.Contains(parameter))
                {
                    problems.Add($"{cmdlet}: parameter -{parameter} is not described");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_cmdlet_has_output_and_error_cases()
    {
        var missing = ExportedCmdlets()
            .Where(c => !Cases.Value.Outputs.TryGetValue(c, out var o) || o.Count == 0 || !Cases.Value.Errors.TryGetValue(c, out var e) || e.Count == 0)
            .ToList();
        var unknown = Cases.Value.Cmdlets.Except(ExportedCmdlets(), StringComparer.OrdinalIgnoreCase).ToList();

        Assert.True(missing.Count == 0, "cmdlets without output and error cases in tests/cmdlet-cases.psd1: " + string.Join(", ", missing));
        Assert.True(unknown.Count == 0, "cases for cmdlets the module does not export: " + string.Join(", ", unknown));
    }

    /// <summary>The output cases whose objects are the module's own result types (the serialization and export contracts).</summary>
    public static TheoryData<string, string> OutputCases() => Outputs(moduleObjectsOnly: true);

    /// <summary>Every output case, including cmdlets whose output is a framework object (the [OutputType] contract).</summary>
    public static TheoryData<string, string> AllOutputCases() => Outputs(moduleObjectsOnly: false);

    private static TheoryData<string, string> Outputs(bool moduleObjectsOnly)
    {
        var data = new TheoryData<string, string>();
        foreach (var c in Cases.Value.Outputs.Values.SelectMany(l => l).Where(c => c.ModuleObjects || !moduleObjectsOnly))
        {
            data.Add(c.Cmdlet, c.Command);
        }

        return data;
    }

    public static TheoryData<string, string, string, string, string?> ErrorCases()
    {
        var data = new TheoryData<string, string, string, string, string?>();
        foreach (var c in Cases.Value.Errors.Values.SelectMany(l => l))
        {
            data.Add(c.Cmdlet, c.Command, c.ErrorId, c.Category, c.TargetObject);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllOutputCases))]
    public void Output_matches_the_declared_OutputType(string cmdlet, string command)
    {
        using var ps = new PowerShellSession();
        var declared = ps.Run($"(Get-Command {cmdlet}).OutputType.Type").Objects.OfType<Type>().ToList();
        var r = ps.Run(command);

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.NotEmpty(declared);
        Assert.NotEmpty(r.Output);
        foreach (var item in r.Output)
        {
            Assert.True(
                declared.Any(t => t.IsInstanceOfType(item.BaseObject)),
                $"{cmdlet} emitted {item.BaseObject.GetType().FullName}, which is not among its [OutputType]: {string.Join(", ", declared)}");
        }
    }

    [Theory]
    [MemberData(nameof(OutputCases))]
    public void Output_survives_a_remoting_round_trip_and_renders_the_same(string cmdlet, string command)
    {
        using var ps = new PowerShellSession();
        var r = ps.Run($"$script:original = @({command}); $script:original");
        var copies = ps.Run("$script:original | ForEach-Object { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($_)) }");

        Assert.True(r.Exception is null && copies.Exception is null, cmdlet + ": " + r.ErrorSummary + copies.ErrorSummary);
        Assert.Equal(r.Output.Count, copies.Output.Count);
        for (int i = 0; i < r.Output.Count; i++)
        {
            var original = r.Output[i];
            var copy = copies.Output[i];
            // Rehydrated by the module's type data: the copy is the module's type again, not a property bag.
            Assert.Equal(original.BaseObject.GetType(), copy.BaseObject.GetType());
            foreach (var property in original.BaseObject.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var copied = copy.Properties[property.Name];
                Assert.True(copied is not null, $"{cmdlet}: property {property.Name} was lost in serialization");
                Assert.Equal(Flatten(property.GetValue(original.BaseObject)), Flatten(copied!.Value));
            }
        }

        Assert.Equal(ps.Render(r.Output.Cast<object>().ToArray()), ps.Render(copies.Output.Cast<object>().ToArray()));
    }

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void Bad_input_gives_a_stable_error_record_and_the_pipeline_goes_on(string cmdlet, string command, string errorId, string category, string? targetObject)
    {
        var r = PowerShellSession.Invoke(command);

        Assert.True(r.Exception is null, $"{cmdlet}: '{command}' stopped the pipeline: {r.ErrorSummary}");
        var error = Assert.Single(r.Errors, e => e.FullyQualifiedErrorId.Split(',')[0] == errorId);
        Assert.EndsWith("," + ImplementingType(cmdlet), error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(category, error.CategoryInfo.Category.ToString());
        if (targetObject is not null)
        {
            Assert.Equal(targetObject, TargetText(error.TargetObject));
        }

        Assert.False(string.IsNullOrWhiteSpace(error.Exception.Message));
    }

    [Fact]
    public void Output_types_are_flat_and_keep_lists_through_Export_Csv()
    {
        var problems = new List<string>();
        foreach (var type in DeclaredOutputTypes())
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (t.IsArray || (typeof(IEnumerable).IsAssignableFrom(t) && t != typeof(string) && t.FullName != "HafniumTools.Model.TextList" && !IsResultList(t)))
                {
                    problems.Add($"{type.Name}.{property.Name}: {t.Name} writes its type name in a CSV file; use HafniumTools.Model.TextList, or a ResultList for nested results");
                }
                else if (t == typeof(DateTime))
                {
                    problems.Add($"{type.Name}.{property.Name}: a DateTime has no zone in a CSV file; use a DateTimeOffset at +00:00");
                }
                else if (!(t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(DateTimeOffset)
                    || t == typeof(TimeSpan) || t == typeof(Version) || t == typeof(Uri) || t == typeof(Guid) || t == typeof(decimal)
                    || t.FullName == "HafniumTools.Model.TextList" || IsResultList(t)))
                {
                    problems.Add($"{type.Name}.{property.Name}: {t.Name} is not a flat, CSV-friendly type");
                }
            }

            if (!type.IsSealed)
            {
                problems.Add(type.Name + ": output types are sealed");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_output_type_has_a_view_that_also_selects_the_deserialized_type()
    {
        var formats = System.Xml.Linq.XDocument.Load(System.IO.Path.Combine(TestPaths.RepoRoot, "bin", "HafniumTools.Format.ps1xml"));
        var sets = formats.Descendants("SelectionSet").ToDictionary(
            s => (string)s.Element("Name")!, s => s.Descendants("TypeName").Select(t => t.Value).ToList());
        var selected = formats.Descendants("ViewSelectedBy")
            .SelectMany(v => v.Elements("TypeName").Select(t => t.Value)
                .Concat(v.Elements("SelectionSetName").SelectMany(n => sets.TryGetValue(n.Value, out var l) ? l : [])))
            .ToHashSet(StringComparer.Ordinal);

        var missing = DeclaredOutputTypes()
            .SelectMany(t => new[] { t.FullName!, "Deserialized." + t.FullName })
            .Where(n => !selected.Contains(n))
            .ToList();
        Assert.True(missing.Count == 0, "no view selects: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_module_core_does_not_use_PowerShell_types()
    {
        var assembly = ModuleAssembly();
        var offenders = new List<string>();
        foreach (var type in assembly.GetTypes().Where(t => t.Namespace is not null && !t.Namespace.StartsWith("HafniumTools.Commands", StringComparison.Ordinal)))
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var used = new List<Type?> { type.BaseType };
            used.AddRange(type.GetInterfaces());
            used.AddRange(type.GetFields(all).Select(f => f.FieldType));
            used.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
            used.AddRange(type.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)));
            used.AddRange(type.GetConstructors(all).SelectMany(c => c.GetParameters().Select(p => p.ParameterType)));
            foreach (var t in used.Where(t => t is not null && MentionsPowerShell(t)))
            {
                offenders.Add($"{type.FullName} uses {t!.FullName}");
            }
        }

        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders.Distinct()));
    }

    [Fact]
    public void The_public_types_are_exactly_the_announced_ones()
    {
        var announced = File.ReadAllLines(Path.Combine(TestPaths.RepoRoot, "tests", "public-types.txt"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        var exported = ModuleAssembly().GetExportedTypes().Select(t => t.FullName!).OrderBy(n => n, StringComparer.Ordinal).ToList();

        Assert.True(
            announced.SequenceEqual(exported),
            "public but not in tests/public-types.txt: " + string.Join(", ", exported.Except(announced))
            + "; listed but not public: " + string.Join(", ", announced.Except(exported)));
    }

    [Fact]
    public void Every_public_type_is_a_cmdlet_an_output_type_or_carried_by_one()
    {
        var surface = new HashSet<Type>(ImplementedCmdlets());
        foreach (var cmdlet in ImplementedCmdlets())
        {
            for (var b = cmdlet.BaseType; b is not null && b.Assembly == ModuleAssembly(); b = b.BaseType)
            {
                surface.Add(b);
            }
        }

        // What scanning cmdlets hand out through -CoverageVariable is output too.
        var sideOutput = ImplementedCmdlets().Any(t => t.GetProperty("CoverageVariable") is not null)
            ? [ModuleAssembly().GetType("HafniumTools.Model.ScanCoverage", throwOnError: true)!]
            : Array.Empty<Type>();
        var pending = new Queue<Type>(DeclaredOutputTypes().Concat(CmdletParameterTypes()).Concat(sideOutput));
        while (pending.TryDequeue(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
            if (type.Assembly != ModuleAssembly() || !surface.Add(type))
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                pending.Enqueue(property.PropertyType);
            }

            if (type.BaseType is { } baseType)
            {
                pending.Enqueue(baseType.IsGenericType ? baseType.GetGenericTypeDefinition() : baseType);
            }
        }

        // The one type converter PowerShell creates by name from the types file to rebuild them after remoting.
        surface.UnionWith(ModuleAssembly().GetExportedTypes().Where(t => typeof(PSTypeConverter).IsAssignableFrom(t)));

        // Types the module's own views call by name ([HafniumTools.Model.DisplayText]::Display in *.Format.ps1xml).
        string views = string.Concat(Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "src", "HafniumTools", "Formats"), "*.Format.ps1xml").Select(File.ReadAllText));
        surface.UnionWith(ModuleAssembly().GetExportedTypes().Where(t => views.Contains("[" + t.FullName + "]::", StringComparison.Ordinal)));
        var extra = ModuleAssembly().GetExportedTypes().Where(t => !surface.Contains(t)).Select(t => t.FullName).ToList();
        Assert.True(extra.Count == 0, "public types that no cmdlet, output type or parameter needs: " + string.Join(", ", extra));
    }

    private static IEnumerable<Type> CmdletParameterTypes() =>
        ImplementedCmdlets().SelectMany(t => t.GetProperties().Where(p => p.GetCustomAttributes<ParameterAttribute>().Any()).Select(p => p.PropertyType));

    [Fact]
    public void The_module_dll_references_nothing_but_netstandard_and_System_Management_Automation()
    {
        // Exchange Management Shell loads Exchange's own assemblies: any other dependency could conflict there.
        using var stream = File.OpenRead(TestPaths.ModuleAssembly);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var references = metadata.AssemblyReferences
            .Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(["System.Management.Automation", "netstandard"], references);
        Assert.Contains(".NETStandard,Version=v2.0", TargetFramework(metadata), StringComparison.Ordinal);
    }

    private static string TargetFramework(System.Reflection.Metadata.MetadataReader metadata)
    {
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind == System.Reflection.Metadata.HandleKind.MemberReference)
            {
                var ctor = metadata.GetMemberReference((System.Reflection.Metadata.MemberReferenceHandle)attribute.Constructor);
                var type = metadata.GetTypeReference((System.Reflection.Metadata.TypeReferenceHandle)ctor.Parent);
                if (metadata.GetString(type.Name) == "TargetFrameworkAttribute")
                {
                    var blob = metadata.GetBlobReader(attribute.Value);
                    blob.ReadUInt16(); // prolog
                    return blob.ReadSerializedString() ?? string.Empty;
                }
            }
        }

        return string.Empty;
    }

    // A sealed list of the module's nested results: enumerable, and one readable line (its ToString) in a CSV file.
    private static bool IsResultList(Type t) =>
        t.IsSealed && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition().FullName == "HafniumTools.Model.ResultList`1";

    private static bool MentionsPowerShell(Type t) =>
        (t.Namespace ?? string.Empty).StartsWith("System.Management.Automation", StringComparison.Ordinal)
        || (t.IsGenericType && t.GetGenericArguments().Any(MentionsPowerShell))
        || (t.HasElementType && MentionsPowerShell(t.GetElementType()!));

    private static Assembly ModuleAssembly() =>
        AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "HafniumTools")
        ?? Assembly.LoadFrom(TestPaths.ModuleAssembly);

    private static List<Type> ImplementedCmdlets() => Implemented.Value;

    private static List<Type> FindImplementedCmdlets()
    {
        // Importing the module in a session loads the very assembly the manifest points at.
        PowerShellSession.Invoke("Get-Module HafniumTools");
        return ModuleAssembly().GetTypes()
            .Where(t => !t.IsAbstract && t.GetCustomAttribute<CmdletAttribute>() is not null)
            .ToList();
    }

    private static IEnumerable<Type> DeclaredOutputTypes() =>
        ImplementedCmdlets()
            .SelectMany(t => t.GetCustomAttributes<OutputTypeAttribute>())
            .SelectMany(a => a.Type.Select(n => n.Type))
            .Where(t => t is not null && t.Assembly.GetName().Name == "HafniumTools")
            .Distinct()!;

    private static string CmdletName(Type type)
    {
        var a = type.GetCustomAttribute<CmdletAttribute>()!;
        return a.VerbName + "-" + a.NounName;
    }

    private static string ImplementingType(string cmdlet) =>
        ImplementedCmdlets().Single(t => string.Equals(CmdletName(t), cmdlet, StringComparison.OrdinalIgnoreCase)).FullName!;

    private static List<string> ExportedCmdlets() => Exported.Value;

    private static List<string> DeclaredInManifest()
    {
        var ast = System.Management.Automation.Language.Parser.ParseFile(TestPaths.Manifest, out _, out _);
        var table = (Hashtable)((System.Management.Automation.Language.HashtableAst)ast.Find(a => a is System.Management.Automation.Language.HashtableAst, false)!).SafeGetValue();
        return table["CmdletsToExport"] switch
        {
            object[] items => items.Select(i => i.ToString()!).ToList(),
            string one => [one],
            _ => [],
        };
    }

    private static List<string> Cmdlets(PsResult r) => r.Objects.Select(o => o.ToString()!).ToList();

    private static IEnumerable<string> OwnParameters(PowerShellSession ps, string cmdlet) =>
        ps.Run($"(Get-Command {cmdlet}).Parameters.Keys | Where-Object {{ $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }}")
            .Objects.Select(o => o.ToString()!);

    private static object? Member(PSObject help, string outer, string inner)
    {
        var o = help.Properties[outer]?.Value;
        return o is null ? null : PSObject.AsPSObject(o).Properties[inner]?.Value;
    }

    private static List<object> Items(object? value) => value switch
    {
        null => [],
        PSObject p when p.BaseObject is IEnumerable and not string => Items(p.BaseObject),
        IEnumerable e and not string => e.Cast<object>().ToList(),
        _ => [value],
    };

    private static string Text(object? value)
    {
        var parts = Items(value).Select(v =>
        {
            var pso = PSObject.AsPSObject(v);
            return pso.Properties["Text"]?.Value?.ToString() ?? (pso.BaseObject is string s ? s : string.Empty);
        });
        return string.Join(" ", parts).Trim();
    }

    private static string Flatten(object? value) => value switch
    {
        null => "<null>",
        // A deserialized enum arrives as its number with the original text kept as the object's ToString.
        PSObject p when p.TypeNames.Any(n => n.StartsWith("Deserialized.", StringComparison.Ordinal)) && p.BaseObject is not string and not IEnumerable => p.ToString(),
        PSObject p => Flatten(p.BaseObject),
        string s => s,
        DateTime d => d.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        IEnumerable e => "[" + string.Join("|", e.Cast<object?>().Select(Flatten)) + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string? TargetText(object? target) => target switch
    {
        null => null,
        PSObject p => TargetText(p.BaseObject),
        System.IO.FileSystemInfo f => f.FullName,
        _ => Convert.ToString(target, System.Globalization.CultureInfo.InvariantCulture),
    };
}
