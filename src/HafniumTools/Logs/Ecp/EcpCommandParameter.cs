namespace HafniumTools.Logs.Ecp;

/// <summary>One parameter of a logged ECP command, its value unquoted.</summary>
internal sealed class EcpCommandParameter
{
    public EcpCommandParameter(string name, string value, bool quoted)
    {
        Name = name;
        Value = value;
        Quoted = quoted;
    }

    public string Name { get; }

    public string Value { get; }

    /// <summary>True when the log wrote the value between single quotes (strings); false for <c>$null</c>, <c>$true</c>, numbers.</summary>
    public bool Quoted { get; }

    /// <summary>True for a parameter that holds a URL (InternalUrl, ExternalUrl, and any other <c>…Url</c>/<c>…Uri</c>).</summary>
    public bool IsUrlParameter => VirtualDirectorySettings.IsUrlParameter(Name);
}
