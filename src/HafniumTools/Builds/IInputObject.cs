namespace HafniumTools.Builds;

/// <summary>
/// A pipeline object as <see cref="BuildInputReader"/> sees it, whatever it really is (a live or deserialized
/// PowerShell object, a hashtable, any .NET object): its properties by name, the .NET types it says it is, and its
/// text. The cmdlet adapts its input to this, so that every decision about what the object holds is made in the core
/// without PowerShell types.
/// </summary>
internal interface IInputObject
{
    /// <summary>True for a property bag (a hashtable, a PowerShell object), whose text is never taken for a build.</summary>
    bool IsPropertyBag { get; }

    /// <summary>The object's own text (its ToString()).</summary>
    string Text { get; }

    /// <summary>
    /// The value of the property <paramref name="name"/> (case-insensitive), or null when the object has none or it is
    /// null. Strings, numbers, booleans, <see cref="System.Version"/> and
    /// <see cref="System.Diagnostics.FileVersionInfo"/> come as themselves, any other object as an
    /// <see cref="IInputObject"/>.
    /// </summary>
    object? Get(string name);

    /// <summary>
    /// True when one of the .NET type names the object carries ends with <paramref name="suffix"/> (deserialized
    /// objects carry the original names with a <c>Deserialized.</c> prefix).
    /// </summary>
    bool IsOfType(string suffix);
}
