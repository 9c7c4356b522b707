namespace HafniumTools.Remote;

/// <summary>A path to request as a possible web shell: from the module's IOC names, or given by the user.</summary>
internal sealed class WebShellCandidate
{
    public WebShellCandidate(string path, string folder, bool known, string source)
    {
        Path = path;
        Folder = folder;
        Known = known;
        Source = source;
    }

    /// <summary>The escaped absolute path, e.g. /owa/auth/RedirSuiteServerProxy.aspx.</summary>
    public string Path { get; }

    /// <summary>The folder part, ending with '/', e.g. /owa/auth/.</summary>
    public string Folder { get; }

    /// <summary>True for a published IOC name; false for a path given with -WebShellPath.</summary>
    public bool Known { get; }

    /// <summary>Where the name comes from (MSTIC, Red Canary, ...) or "-WebShellPath".</summary>
    public string Source { get; }
}
