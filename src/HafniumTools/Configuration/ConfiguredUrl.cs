namespace HafniumTools.Configuration;

/// <summary>One URL-valued property of a virtual directory, as configured (the original text, not a canonical form).</summary>
internal sealed class ConfiguredUrl
{
    public ConfiguredUrl(string property, string? value)
    {
        Property = property;
        Value = value;
    }

    /// <summary>The property name, e.g. <c>ExternalUrl</c> or <c>InternalNLBBypassUrl</c>.</summary>
    public string Property { get; }

    /// <summary>The configured text; null or empty when the property is not set.</summary>
    public string? Value { get; }
}
