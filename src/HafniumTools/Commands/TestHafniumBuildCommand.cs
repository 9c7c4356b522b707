using System;
using System.Linq;
using System.Management.Automation;
using HafniumTools.Builds;
using HafniumTools.Commands.Infrastructure;
using HafniumTools.Core;

namespace HafniumTools.Commands;

/// <summary>
/// <para type="synopsis">Judges Exchange builds against every patched build: ProxyLogon verdict, open CVEs, support and what to install.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "HafniumBuild")]
[OutputType(typeof(BuildAudit))]
public sealed class TestHafniumBuildCommand : HafniumCmdlet
{
    private BuildInputReader? _reader;
    private BuildAuditor? _auditor;

    /// <summary>The build, or an object carrying one (see the help for every accepted form).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Version", "Build")]
    [AllowNull]
    public object?[] InputObject { get; set; } = [];

    /// <summary>Names the server for inputs that do not carry a server name (plain strings, versions, file versions).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ComputerName { get; set; }

    /// <summary>A newer build catalog file to use instead of the one shipped in the module.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CatalogPath { get; set; }

    protected override void BeginProcessing()
    {
        var catalog = BuildCatalogLoading.Load(this, CatalogPath);
        _reader = new BuildInputReader(catalog);
        _auditor = new BuildAuditor(catalog);
    }

    protected override void ProcessRecord()
    {
        foreach (object? input in InputObject ?? [null])
        {
            AuditOne(input);
        }
    }

    /// <summary>One input: read its build (the core decides what it holds), audit it, write the verdict or the error.</summary>
    private void AuditOne(object? input)
    {
        InputTooComplexException? tooComplex = null;
        var reading = RunInputCode(
            () => _reader!.Read(PSInputObject.Adapt(input), ComputerName),
            e => (tooComplex = e as InputTooComplexException) is null
                ? BuildReading.Invalid($"reading it failed ({e.GetType().Name}: {e.Message})")
                : BuildReading.NoBuild(e.Message));
        if (tooComplex is not null)
        {
            WriteItemError(
                new ArgumentException("The input was not read: " + tooComplex.Message + ".", tooComplex),
                ErrorIds.InputObjectTooComplex,
                ErrorCategory.LimitsExceeded,
                input,
                "Pipe the build text, ExSetup.exe's FileVersionInfo or Get-ExchangeServer objects; the other inputs are still judged.");
            return;
        }

        if (reading.Observation is not { } observation)
        {
            string shown = reading.IsNoBuild ? string.Empty : Describe(input);
            WriteProblem(reading.ToProblem(input is PSObject pso && pso.BaseObject is string or Version ? pso.BaseObject : input, shown));
            return;
        }

        var audit = _auditor!.Audit(observation);
        if (audit.NewerThanCatalog)
        {
            WriteWarning((audit.ComputerName.Length > 0 ? audit.ComputerName + ": " : string.Empty) + audit.Reason);
        }

        WriteObject(audit);
    }

    /// <summary>
    /// Runs what calls the input's own code (ToString, property getters): when that throws, the input gets
    /// <paramref name="fallback"/> and the pipeline goes on.
    /// </summary>
    private static T RunInputCode<T>(Func<T> read, Func<Exception, T> fallback)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (IsInputCodeFailure(e))
        {
            return fallback(e);
        }
    }

    /// <summary>The input as the error message quotes it: its text, else (an object without any) its type.</summary>
    private static string Describe(object? input)
    {
        object? value = InputProperties.Unwrap(input);
        string? text = RunInputCode(() => value?.ToString(), _ => null);
        return !string.IsNullOrEmpty(text) || value is string ? text ?? string.Empty : TypeName(input);
    }

    private static string TypeName(object? input) => InputProperties.TypeNames(input).FirstOrDefault() ?? string.Empty;
}
