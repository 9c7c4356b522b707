using System.Collections.Generic;

namespace HafniumTools.Logs;

/// <summary>
/// Optional companion of <see cref="ILogLineHints"/> for HttpProxy rule sets: substrings that only rows of some
/// protocols can hold. HttpProxy writes each request into the folder of the protocol whose virtual directory handled
/// it (<c>Logging\HttpProxy\&lt;Protocol&gt;</c>, see <see cref="LogLocation.HttpProxyProtocol"/>), so a file in another
/// protocol's folder is not searched for them; a file in a folder that names no protocol (a flat copy, a renamed
/// folder, a single file) is searched for every substring.
/// </summary>
internal interface IProtocolLineHints
{
    /// <summary>Substring (one of the <see cref="ILogLineHints.RequiredSubstrings"/>) → the protocol folders whose rows can hold it.</summary>
    IReadOnlyDictionary<string, IReadOnlyList<string>> ProtocolsOf { get; }
}
