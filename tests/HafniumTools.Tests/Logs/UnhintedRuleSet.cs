using System.Collections.Generic;
using System.Linq;
using HafniumTools.Logs;
using HafniumTools.Model;

namespace HafniumTools.Tests.Logs;

/// <summary>A rule set without its line hints: the engine then hands it every row of its kind.</summary>
internal sealed class UnhintedRuleSet(ILogRowRules inner) : ILogRowRules, ILogSourceEnd
{
    public IReadOnlyList<LogKind> Kinds => inner.Kinds;

    public IReadOnlyList<DetectionRule> Rules => inner.Rules;

    /// <summary>The module's registry with every rule set unhinted: what a hunt finds with no line filter at all.</summary>
    public static LogRegistry Registry() => new(LogRegistry.RuleSets().Select(r => (ILogRowRules)new UnhintedRuleSet(r)), LogRegistry.Formats());

    public void Evaluate(ILogRow row, ICollection<Finding> findings) => inner.Evaluate(row, findings);

    public void SourceEnded(string path, ICollection<Finding> findings) => (inner as ILogSourceEnd)?.SourceEnded(path, findings);
}
