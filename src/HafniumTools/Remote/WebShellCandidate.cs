namespace HafniumTools.Remote;

/// <summary>A path to request as a possible web shell: from the module's IOC names, or given by the user.</summary>
/// <param name="Path">The escaped absolute path, e.g. /owa/auth/RedirSuiteServerProxy.aspx.</param>
/// <param name="Folder">The folder part, ending with '/', e.g. /owa/auth/.</param>
/// <param name="Known">True for a published IOC name; false for a path given with -WebShellPath.</param>
/// <param name="Source">Where the name comes from (MSTIC, Red Canary, ...) or "-WebShellPath".</param>
internal sealed record WebShellCandidate(string Path, string Folder, bool Known, string Source);
