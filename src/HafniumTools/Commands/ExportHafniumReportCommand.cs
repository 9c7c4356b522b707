using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using HafniumTools.Commands.Infrastructure;
using HafniumTools.Core;
using HafniumTools.Model;
using HafniumTools.Reporting;

namespace HafniumTools.Commands;

/// <summary>
/// <para type="synopsis">Writes server audits as one self-contained HTML report people read, with CSV and JSON companions on request.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "HafniumReport", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportHafniumReportCommand : HafniumCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string DeserializedServerAudit = "Deserialized.HafniumTools.Model.ServerAudit";

    private readonly List<ServerReport> _audits = [];
    private readonly List<(ReportFormat Format, string Path)> _files = [];

    /// <summary>The server audits (Invoke-HafniumAudit output, live or deserialized).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject[] InputObject { get; set; } = [];

    /// <summary>The HTML file to write; a wildcard pattern names the one existing file it matches.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string? Path { get; set; }

    /// <summary>The HTML file to write, taken as it is written (names with [ ] and other wildcard characters).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string? LiteralPath { get; set; }

    /// <summary>The report's title (the page title and heading).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    /// <summary>Also write the findings as CSV here (formula-safe), taken as written.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CsvPath { get; set; }

    /// <summary>Also write the fleet verdict as JSON here, taken as written.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JsonPath { get; set; }

    /// <summary>Overwrite files that exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write a FileInfo for each file written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        _files.Add((ReportFormat.Html, Path is not null ? ResolveOutputPath(Path, literal: false) : ResolveOutputPath(LiteralPath!, literal: true)));
        if (CsvPath is not null)
        {
            _files.Add((ReportFormat.Csv, ResolveOutputPath(CsvPath, literal: true)));
        }

        if (JsonPath is not null)
        {
            _files.Add((ReportFormat.Json, ResolveOutputPath(JsonPath, literal: true)));
        }

        // Refuse before reading any input: an audit of forty servers should not end in "the file exists".
        foreach (var (format, file) in _files)
        {
            CheckTarget(format, file);
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var input in InputObject ?? [])
        {
            if (input?.BaseObject is ServerAudit audit)
            {
                Read(new ObjectRecord(audit), input);
            }
            else if (input is not null && (input.TypeNames.Contains(DeserializedServerAudit) || HasVerdict(input)))
            {
                Read(new PSObjectRecord(input), input);
            }
            else
            {
                WriteItemError(
                    new ArgumentException("The input is not a server audit: " + (input?.TypeNames.FirstOrDefault() ?? "null") + "."),
                    ErrorIds.NotAServerAudit,
                    ErrorCategory.InvalidArgument,
                    input?.BaseObject,
                    "Pass the ServerAudit objects Invoke-HafniumAudit writes (live, from a job or remoting, or from Import-Clixml).");
            }
        }
    }

    protected override void EndProcessing()
    {
        if (_audits.Count == 0)
        {
            WriteWarning("No server audit was given: the report says so and lists no servers.");
        }

        var report = FleetReport.Create(Title, DateTime.UtcNow, _audits);
        foreach (var (format, file) in _files)
        {
            if (!ShouldProcess(file, "Write the " + format.ToString().ToUpperInvariant() + " report of " + report.Servers.Count + " server(s)"))
            {
                continue;
            }

            try
            {
                ReportFile.Write(report, format, file, Force);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                WriteItemError(e, ErrorIds.ReportWriteFailed, ErrorCategory.WriteError, file, "Check that the folder is writable and the file is not open in another program.");
                continue;
            }

            if (PassThru)
            {
                WriteObject(new FileInfo(file));
            }
        }
    }

    /// <summary>
    /// Reads one audit now, so that an audit that cannot be read (a hand-made or deserialized one with an endless or
    /// hostile list, a property that throws) is an error of its own and the others are reported.
    /// </summary>
    private void Read(AuditRecord record, PSObject input)
    {
        try
        {
            WarnIfFlattened(record);
            _audits.Add(ServerReport.Read(record));
        }
        catch (InputTooComplexException e)
        {
            WriteItemError(
                new ArgumentException("The server audit was not read: " + e.Message + ".", e),
                ErrorIds.InputObjectTooComplex,
                ErrorCategory.LimitsExceeded,
                input.BaseObject,
                "Pass the ServerAudit objects Invoke-HafniumAudit writes; the other audits are still reported.");
        }
        catch (Exception e) when (IsInputCodeFailure(e))
        {
            WriteItemError(
                new ArgumentException("The server audit could not be read: " + e.GetType().Name + ": " + e.Message, e),
                ErrorIds.NotAServerAudit,
                ErrorCategory.InvalidData,
                input.BaseObject,
                "Pass the ServerAudit objects Invoke-HafniumAudit writes; the other audits are still reported.");
        }
    }

    /// <summary>Says so when an audit lost its campaigns, findings, timeline or coverage to a serialization depth too shallow for them.</summary>
    private void WarnIfFlattened(AuditRecord audit)
    {
        var lost = new[] { nameof(ServerAudit.Campaigns), nameof(ServerAudit.Findings), nameof(ServerAudit.Timeline), nameof(ServerAudit.Coverage) }.Where(audit.Flattened).ToList();
        if (lost.Count > 0)
        {
            WriteWarning(audit.Text(nameof(ServerAudit.ComputerName)) + ": the " + string.Join(", ", lost)
                + " arrived as text, not objects (the audit went through CSV, or was serialized at a depth too shallow for them), so the report shows the verdict without them. Save audits with Export-Clixml -Depth 5, or audit remote servers with Invoke-HafniumAudit -ComputerName or -Session, which keeps them.");
        }
    }

    /// <summary>A property bag with a server's verdict (ConvertFrom-Json of the JSON report, a hashtable).</summary>
    private static bool HasVerdict(PSObject input) =>
        InputProperties.GetValue(input, nameof(ServerAudit.ComputerName)) is not null && InputProperties.GetValue(input, nameof(ServerAudit.Status)) is not null;

    private void CheckTarget(ReportFormat format, string file)
    {
        if (_files.Count(f => string.Equals(f.Path, file, StringComparison.OrdinalIgnoreCase)) > 1)
        {
            ThrowTerminating(new ArgumentException("The " + format + " report would overwrite another file of the same report: '" + file + "'. Give each file its own name."), ErrorIds.OutputPathAmbiguous, ErrorCategory.InvalidArgument, file);
        }

        string? folder = System.IO.Path.GetDirectoryName(file);
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            ThrowTerminating(new DirectoryNotFoundException("The folder '" + folder + "' does not exist; create it first."), ErrorIds.OutputFolderNotFound, ErrorCategory.ObjectNotFound, file);
        }

        if (!Force && (File.Exists(file) || Directory.Exists(file)))
        {
            ThrowTerminating(new IOException("The file '" + file + "' exists. Pass -Force to overwrite it, or choose another name."), ErrorIds.ReportFileExists, ErrorCategory.ResourceExists, file);
        }
    }
}
