namespace HafniumTools.Configuration;

/// <summary>One <c>Label : value</c> field of a configuration dump; continuation lines are joined with a line feed.</summary>
internal sealed class DumpField
{
    internal DumpField(string label, string value, int lineNumber)
    {
        Label = label;
        Value = value;
        LineNumber = lineNumber;
    }

    public string Label { get; }

    public string Value { get; internal set; }

    /// <summary>1-based line of the label.</summary>
    public int LineNumber { get; }
}
