using System;
using System.Collections.Generic;
using System.Linq;

namespace HafniumTools.Logs;

/// <summary>
/// The rule sets, file formats and live sources one log hunt uses. <see cref="Default"/> is the module's own set,
/// listed in <see cref="LogRegistry"/>; tests build their own with the constructor.
/// </summary>
internal sealed class LogPlugins
{
    private static readonly Lazy<LogPlugins> Registered = new(() => new LogPlugins(LogRegistry.RuleSets(), LogRegistry.Formats(), LogRegistry.LiveSources()));
    private readonly Dictionary<LogKind, ILogRowRules[]> _rulesByKind;

    public LogPlugins(IEnumerable<ILogRowRules> ruleSets, IEnumerable<ILogFileFormat> formats, IEnumerable<ILiveLogSource>? liveSources = null)
    {
        RuleSets = (ruleSets ?? throw new ArgumentNullException(nameof(ruleSets))).ToArray();
        Formats = (formats ?? throw new ArgumentNullException(nameof(formats))).ToArray();
        LiveSources = (liveSources ?? []).ToArray();
        _rulesByKind = RuleSets
            .SelectMany(r => r.Kinds.Select(k => (Kind: k, Rules: r)))
            .GroupBy(p => p.Kind, p => p.Rules)
            .ToDictionary(g => g.Key, g => g.ToArray());
        Prefilters = _rulesByKind.ToDictionary(p => p.Key, p => LinePrefilter.ForRuleSets(p.Value));
    }

    /// <summary>The module's own rule sets, formats and live sources (<see cref="LogRegistry"/>), built once per process.</summary>
    public static LogPlugins Default => Registered.Value;

    public IReadOnlyList<ILogRowRules> RuleSets { get; }

    public IReadOnlyList<ILogFileFormat> Formats { get; }

    /// <summary>Logs read live from the local computer (see <see cref="ILiveLogSource"/>).</summary>
    public IReadOnlyList<ILiveLogSource> LiveSources { get; }

    /// <summary>Per kind, the byte-level filter a line must pass before its fields are parsed (null: every line).</summary>
    internal IReadOnlyDictionary<LogKind, LinePrefilter?> Prefilters { get; }

    /// <summary>The rule sets for one kind of log (empty when none).</summary>
    public IReadOnlyList<ILogRowRules> RulesFor(LogKind kind) =>
        _rulesByKind.TryGetValue(kind, out var sets) ? sets : Array.Empty<ILogRowRules>();

    /// <summary>Every rule of every rule set, for listing.</summary>
    public IEnumerable<Model.DetectionRule> AllRules() => RuleSets.SelectMany(r => r.Rules);
}
