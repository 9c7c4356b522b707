using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace HafniumTools.Logs;

/// <summary>
/// A log format that is not Exchange's CSV/W3C text (exported event logs, for example), listed in
/// <see cref="LogRegistry"/>.
/// </summary>
internal interface ILogFileFormat
{
    LogKind Kind { get; }

    /// <summary>True when the first bytes of a file (<paramref name="count"/> of <paramref name="head"/>) are this format.</summary>
    bool Recognizes(byte[] head, int count);

    /// <summary>Streams the records of a file opened for shared reading; throws <see cref="InvalidDataException"/> on garbage.</summary>
    IEnumerable<ILogRow> Read(Stream stream, string path, CancellationToken cancellationToken);
}
