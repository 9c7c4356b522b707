using System.Collections.Generic;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// A rule set that judges a sequence of rows (a reset workflow) and must hear when a source has no more rows, to
/// report what is still open. The engine calls <see cref="SourceEnded"/> once per source, after its last row.
/// </summary>
internal interface ILogSourceEnd
{
    /// <summary>The source whose rows carried <paramref name="path"/> ended; add the findings still open for it.</summary>
    void SourceEnded(string path, ICollection<Finding> findings);
}
