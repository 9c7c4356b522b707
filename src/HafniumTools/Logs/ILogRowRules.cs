using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// The rules for one kind of log. Implementations are found by reflection, so a new rule set plugs in by
/// existing; each must have a public parameterless constructor and be thread-safe (one instance serves all files).
/// </summary>
internal interface ILogRowRules
{
    LogKind Kind { get; }

    /// <summary>Every rule this set can emit, for listing and documentation.</summary>
    IReadOnlyList<DetectionRule> Rules { get; }

    /// <summary>Adds a finding to <paramref name="findings"/> for each rule the row matches.</summary>
    void Evaluate(ILogRow row, ICollection<Finding> findings);
}
