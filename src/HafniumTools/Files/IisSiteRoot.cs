namespace HafniumTools.Files;

/// <summary>One IIS site's root folder from applicationHost.config.</summary>
internal sealed class IisSiteRoot
{
    public IisSiteRoot(string name, string id, string physicalPath)
    {
        Name = name;
        Id = id;
        PhysicalPath = physicalPath;
    }

    public string Name { get; }

    public string Id { get; }

    /// <summary>As written in the configuration (environment variables not expanded).</summary>
    public string PhysicalPath { get; }
}
