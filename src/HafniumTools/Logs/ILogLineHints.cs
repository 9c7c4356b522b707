using System.Collections.Generic;

namespace HafniumTools.Logs;

/// <summary>
/// Optional companion of <see cref="ILogRowRules"/>: the substrings (ASCII, compared case-insensitively) at least
/// one of which a line must contain for any rule of the set to match. When every rule set of a kind implements
/// it, the engine hands only lines containing one of them to the rules and skips parsing the rest, which is
/// what makes the hunt run at disk speed. A rule set without it sees every row of its kind.
/// </summary>
internal interface ILogLineHints
{
    IReadOnlyList<string> RequiredSubstrings { get; }
}
