using System;

namespace HafniumTools.Builds;

/// <summary>A build catalog file is malformed: names the file, the entry and the field.</summary>
internal sealed class BuildCatalogException : Exception
{
    public BuildCatalogException(string catalogSource, string? entry, string? field, string problem)
        : base(Compose(catalogSource, entry, field, problem))
    {
        CatalogSource = catalogSource;
        Entry = entry;
        Field = field;
        Problem = problem;
    }

    public BuildCatalogException()
        : this("(unknown)", null, null, "the catalog is malformed")
    {
    }

    public BuildCatalogException(string message)
        : this("(unknown)", null, null, message)
    {
    }

    public BuildCatalogException(string message, Exception innerException)
        : base(message, innerException)
    {
        CatalogSource = "(unknown)";
        Problem = message;
    }

    /// <summary>The catalog file path, or "embedded catalog".</summary>
    public string CatalogSource { get; }

    /// <summary>The offending entry, e.g. "entries[57] 'Exchange 2016 CU19 Mar21SU'", or null for the document.</summary>
    public string? Entry { get; }

    /// <summary>The offending field, e.g. "build".</summary>
    public string? Field { get; }

    public string Problem { get; }

    private static string Compose(string source, string? entry, string? field, string problem)
    {
        string where = entry is null ? string.Empty : $" {entry}";
        string what = field is null ? string.Empty : $", field '{field}'";
        return $"Build catalog '{source}' is not valid:{where}{what}: {problem}";
    }
}
