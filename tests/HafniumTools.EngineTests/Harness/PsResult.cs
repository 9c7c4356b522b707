using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace HafniumTools.EngineTests.Harness;

/// <summary>Everything one PowerShell invocation produced.</summary>
public sealed class PsResult
{
    public required IReadOnlyList<PSObject> Output { get; init; }

    public required IReadOnlyList<ErrorRecord> Errors { get; init; }

    public required IReadOnlyList<WarningRecord> Warnings { get; init; }

    public required IReadOnlyList<VerboseRecord> Verbose { get; init; }

    public required IReadOnlyList<InformationRecord> Information { get; init; }

    /// <summary>The output rendered by the default formatter, as pwsh would show it (plain text, 120 columns).</summary>
    public required string Rendered { get; init; }

    /// <summary>The terminating error, if the invocation stopped with one.</summary>
    public Exception? Exception { get; init; }

    /// <summary>The base objects of <see cref="Output"/>.</summary>
    public IEnumerable<object> Objects => Output.Where(o => o is not null).Select(o => o.BaseObject);

    /// <summary>The output objects of type <typeparamref name="T"/>.</summary>
    public IEnumerable<T> OfType<T>() => Objects.OfType<T>();

    /// <summary>A one-line summary of the errors, for assertion messages.</summary>
    public string ErrorSummary =>
        string.Join(" | ", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message))
        + (Exception is null ? string.Empty : " | terminating: " + Exception.Message);
}
