namespace HafniumTools.Files;

/// <summary>A published web-shell file name and the web folder it was found in.</summary>
internal sealed class KnownShellName
{
    public KnownShellName(string name, string location, string source, string? imitates)
    {
        Name = name;
        Location = location;
        Source = source;
        Imitates = string.IsNullOrEmpty(imitates) ? null : imitates;
    }

    public string Name { get; }

    /// <summary><c>AspnetClient</c>, <c>OwaAuth</c>, <c>EcpAuth</c>, <c>HttpProxyOab</c> or <c>Any</c>.</summary>
    public string Location { get; }

    public string Source { get; }

    /// <summary>The stock Exchange file the name imitates, for look-alikes.</summary>
    public string? Imitates { get; }
}
