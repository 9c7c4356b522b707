using System;
using System.Collections.Generic;
using System.Linq;

namespace HafniumTools.BuildTools.Help;

/// <summary>One problem in a help source, printed in the MSBuild canonical format so the build shows file and line.</summary>
public sealed record HelpDiagnostic(string File, int Line, string Code, string Message)
{
    /// <summary>The help compiler's code: malformed or incomplete help markdown.</summary>
    public const string MalformedHelp = "HT0002";

    /// <summary>The checker's code: the markdown disagrees with the cmdlet metadata in the built DLL.</summary>
    public const string HelpOutOfDate = "HT0003";

    public override string ToString() =>
        Line > 0 ? $"{File}({Line}): error {Code}: {Message}" : $"{File}: error {Code}: {Message}";
}

/// <summary>Thrown when help sources cannot be compiled or checked; carries every problem found, not just the first.</summary>
public sealed class HelpBuildException : Exception
{
    public HelpBuildException(IReadOnlyList<HelpDiagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString())))
    {
        Diagnostics = diagnostics;
    }

    public HelpBuildException()
        : this([])
    {
    }

    public HelpBuildException(string message)
        : base(message)
    {
        Diagnostics = [];
    }

    public HelpBuildException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostics = [];
    }

    public IReadOnlyList<HelpDiagnostic> Diagnostics { get; }
}

/// <summary>A single problem at a known place; the parsers throw it and the compiler collects it.</summary>
internal sealed class HelpSourceException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
