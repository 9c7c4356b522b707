using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace HafniumTools.Logs;

/// <summary>
/// The rule sets, file formats and live sources the log engine knows, found by reflection: every public,
/// non-abstract class in the module's assembly that implements <see cref="ILogRowRules"/>, <see cref="ILogFileFormat"/>
/// or <see cref="ILiveLogSource"/> and has a public parameterless constructor is instantiated once. A new rule set or format plugs in by existing.
/// </summary>
public sealed class LogPlugins
{
    private static readonly Lazy<LogPlugins> Discovered = new(() => FromAssemblies(typeof(LogPlugins).Assembly));
    private readonly Dictionary<LogKind, ILogRowRules[]> _rulesByKind;

    public LogPlugins(IEnumerable<ILogRowRules> ruleSets, IEnumerable<ILogFileFormat> formats, IEnumerable<ILiveLogSource>? liveSources = null)
    {
        RuleSets = (ruleSets ?? throw new ArgumentNullException(nameof(ruleSets))).ToArray();
        Formats = (formats ?? throw new ArgumentNullException(nameof(formats))).ToArray();
        LiveSources = (liveSources ?? []).ToArray();
        _rulesByKind = RuleSets.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.ToArray());
        Prefilters = _rulesByKind.ToDictionary(p => p.Key, p => LinePrefilter.ForRuleSets(p.Value));
    }

    /// <summary>The plug-ins of the module's own assembly (discovered once per process).</summary>
    public static LogPlugins Default => Discovered.Value;

    public IReadOnlyList<ILogRowRules> RuleSets { get; }

    public IReadOnlyList<ILogFileFormat> Formats { get; }

    /// <summary>Logs read live from the local computer (see <see cref="ILiveLogSource"/>).</summary>
    public IReadOnlyList<ILiveLogSource> LiveSources { get; }

    /// <summary>Per kind, the byte-level filter a line must pass before its fields are parsed (null: every line).</summary>
    internal IReadOnlyDictionary<LogKind, LinePrefilter?> Prefilters { get; }

    public static LogPlugins FromAssemblies(params Assembly[] assemblies)
    {
        var types = assemblies.SelectMany(SafeTypes).Where(IsPluggable).OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
        return new LogPlugins(
            types.Where(typeof(ILogRowRules).IsAssignableFrom).Select(t => (ILogRowRules)Activator.CreateInstance(t)!),
            types.Where(typeof(ILogFileFormat).IsAssignableFrom).Select(t => (ILogFileFormat)Activator.CreateInstance(t)!),
            types.Where(typeof(ILiveLogSource).IsAssignableFrom).Select(t => (ILiveLogSource)Activator.CreateInstance(t)!));
    }

    /// <summary>The rule sets for one kind of log (empty when none).</summary>
    public IReadOnlyList<ILogRowRules> RulesFor(LogKind kind) =>
        _rulesByKind.TryGetValue(kind, out var sets) ? sets : Array.Empty<ILogRowRules>();

    /// <summary>Every rule of every rule set, for listing.</summary>
    public IEnumerable<Model.DetectionRule> AllRules() => RuleSets.SelectMany(r => r.Rules);

    private static bool IsPluggable(Type type) =>
        type.IsClass && !type.IsAbstract && type.IsPublic && !type.ContainsGenericParameters
        && (typeof(ILogRowRules).IsAssignableFrom(type) || typeof(ILogFileFormat).IsAssignableFrom(type) || typeof(ILiveLogSource).IsAssignableFrom(type))
        && type.GetConstructor(Type.EmptyTypes) is not null;

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }
}

/// <summary>
/// Optional companion of <see cref="ILogRowRules"/>: the substrings (ASCII, compared case-insensitively) at least
/// one of which a line must contain for any rule of the set to match. When every rule set of a kind implements
/// it, the engine hands only lines containing one of them to the rules and skips parsing the rest, which is
/// what makes the hunt run at disk speed. A rule set without it sees every row of its kind.
/// </summary>
public interface ILogLineHints
{
    IReadOnlyList<string> RequiredSubstrings { get; }
}
