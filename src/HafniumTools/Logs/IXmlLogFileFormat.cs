namespace HafniumTools.Logs;

/// <summary>
/// A log format written as XML (event exports): recognised from its first element too, when an XML prolog (comments, a
/// document type, whitespace) fills the head the detector sees, and possibly claimed without certainty.
/// </summary>
internal interface IXmlLogFileFormat : ILogFileFormat
{
    /// <summary>True when an XML file whose first element is <paramref name="localName"/> in <paramref name="namespaceUri"/> is this format.</summary>
    bool RecognizesRoot(string localName, string namespaceUri);

    /// <summary>
    /// True when a file this format recognised may still hold none of its records (the head, or null when only the
    /// first element was seen, did not show one): reading it then finds that it is no log, rather than a log that
    /// yielded nothing.
    /// </summary>
    bool IsTentative(byte[]? head, int count);
}
