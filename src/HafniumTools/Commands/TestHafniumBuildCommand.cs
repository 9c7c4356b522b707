using System;
using System.Management.Automation;
using HafniumTools.Builds;
using HafniumTools.Commands.Infrastructure;

namespace HafniumTools.Commands;

/// <summary>
/// <para type="synopsis">Judges Exchange builds against every patched build: ProxyLogon verdict, open CVEs, support and what to install.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "HafniumBuild")]
[OutputType(typeof(BuildAudit))]
public sealed class TestHafniumBuildCommand : HafniumCmdlet
{
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
        _auditor = new BuildAuditor(catalog);
    }

    protected override void ProcessRecord()
    {
        foreach (object? input in InputObject ?? [null])
        {
            AuditOne(input);
        }
    }

    private void AuditOne(object? input)
    {
        object? target = input is PSObject pso && pso.BaseObject is string or Version ? pso.BaseObject : input;
        if (!BuildInputReader.TryRead(input, ComputerName, out var observation, out string? reason, out bool noBuild))
        {
            string errorId = noBuild ? "NoBuildOnInput" : "InvalidExchangeBuild";
            string message = noBuild
                ? $"The input carries no Exchange build: {reason}. Pass {BuildInputReader.DescribeExpected}."
                : $"'{Describe(input)}' is not an Exchange build: {reason}.";
            WriteItemError(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target,
                "Pass an Exchange build such as 15.1.2176.9 or ExSetup.exe's file version, e.g. (Get-Command ExSetup.exe).FileVersionInfo.");
            return;
        }

        var audit = _auditor!.Audit(observation);
        if (audit.NewerThanCatalog)
        {
            WriteWarning((audit.ComputerName.Length > 0 ? audit.ComputerName + ": " : string.Empty) + audit.Reason);
        }

        WriteObject(audit);
    }

    private static string Describe(object? input)
    {
        string text = InputProperties.Unwrap(input)?.ToString() ?? string.Empty;
        return text.Length > 80 ? text.Substring(0, 80) + "..." : text;
    }
}
