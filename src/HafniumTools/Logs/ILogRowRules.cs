using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// The rules for one or more kinds of log (the same rules can judge rows of several forms of one log, such as the two
/// event-log exports). Each rule set is listed in <see cref="LogRegistry"/> and must be thread-safe: one instance
/// serves all files.
/// </summary>
internal interface ILogRowRules
{
    /// <summary>The kinds of log whose rows this set judges.</summary>
    IReadOnlyList<LogKind> Kinds { get; }

    /// <summary>Every rule this set can emit, for listing and documentation.</summary>
    IReadOnlyList<DetectionRule> Rules { get; }

    /// <summary>Adds a finding to <paramref name="findings"/> for each rule the row matches.</summary>
    void Evaluate(ILogRow row, ICollection<Finding> findings);
}
