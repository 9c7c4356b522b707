using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using HafniumTools.Commands.Infrastructure;
using HafniumTools.Core;
using HafniumTools.Files;
using HafniumTools.Logs;
using HafniumTools.Model;

namespace HafniumTools.Commands;

/// <summary>
/// <para type="synopsis">Hunts Exchange logs for ProxyLogon, ProxyShell, ProxyNotShell and OWASSRF indicators and reports how far back the logs go.</para>
/// </summary>
[Cmdlet(VerbsCommon.Find, "HafniumLogIndicator", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Finding))]
public sealed class FindHafniumLogIndicatorCommand : ScanCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const int ProgressActivityId = 0x4C4F47;

    private readonly List<string> _paths = [];
    private bool _sawPath;

    /// <summary>Install root, Logging folder, triage folder, log files or UNC paths; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>The same, taken exactly as written (no wildcards): what Get-ChildItem output binds to.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>Only findings for these CVEs.</summary>
    [Parameter]
    [ValidateSet(
        "CVE-2021-26855", "CVE-2021-26857", "CVE-2021-26858", "CVE-2021-27065",
        "CVE-2021-34473", "CVE-2021-34523", "CVE-2021-31207", "CVE-2022-41040", "CVE-2022-41082", "CVE-2022-41080",
        IgnoreCase = true)]
    public string[]? Cve { get; set; }

    /// <summary>Only findings of these campaigns: ProxyLogon, ProxyShell, ProxyNotShell, OWASSRF.</summary>
    [Parameter]
    public Campaign[]? Campaign { get; set; }

    /// <summary>Only rows at or after this time.</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>Only rows at or before this time.</summary>
    [Parameter]
    public DateTime? Until { get; set; }

    /// <summary>How many files are read at the same time.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    /// <summary>Only these kinds of log.</summary>
    [Parameter]
    public LogKind[]? Kind { get; set; }

    protected override void BeginProcessing()
    {
        if (new LogHuntRequest { Since = Since, Until = Until }.WindowIsEmpty)
        {
            ThrowTerminating(new ArgumentException(LogHuntRequest.EmptyWindowMessage), ErrorIds.TimeWindowEmpty, ErrorCategory.InvalidArgument, Since);
        }
    }

    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        var given = literal ? LiteralPath : Path;
        if (given is not null)
        {
            _sawPath = true;
            _paths.AddRange(ResolvePaths(given, literal));
        }
    }

    protected override void EndProcessing()
    {
        bool local = !_sawPath;
        if (local && MyInvocation.ExpectingInput)
        {
            FinishScan(scanned: false, "log indicator"); // an empty pipeline: nothing to scan, and not a request to scan this server
            return;
        }

        if (local)
        {
            string install = LocalInstallPath();
            WriteVerbose("Scanning the local Exchange install at " + install);
            _paths.Add(install);
        }

        var request = new LogHuntRequest
        {
            Paths = _paths,
            ReadLiveSources = local,
            Since = Since,
            Until = Until,
            Cve = Cve,
            Campaigns = Campaign,
            Kinds = Kind,
            ThrottleLimit = ThrottleLimit,
            DefaultComputerName = local ? Environment.MachineName : null,
        };
        var sink = CreateSink(ProgressActivityId, LogHunt.Activity);
        RunCancellable(() => LogHunt.Run(request, sink, CancellationToken));
        Collect(sink);
        FinishScan(scanned: true, "log indicator");
    }

    private string LocalInstallPath()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            ThrowTerminating(
                new PSArgumentException("-Path is required on this system: there is no local Exchange server to scan. Give the folder of logs collected from the server (for example ./triage/EXCH01)."),
                ErrorIds.PathRequired,
                ErrorCategory.InvalidArgument,
                null);
        }

        string? install = DefaultScanRoots.ForThisMachine(ReadExchangeSetupInstallPath).ExchangeInstallPath;
        if (string.IsNullOrWhiteSpace(install) || !Directory.Exists(install))
        {
            ThrowTerminating(
                new ItemNotFoundException("No Exchange 2013 or later install found on this computer (no MsiInstallPath under " + ExchangeSetupKey + " and no ExchangeInstallPath). Use -Path to give the logs to scan."),
                ErrorIds.ExchangeInstallNotFound,
                ErrorCategory.ObjectNotFound,
                ExchangeSetupKey);
        }

        return install!;
    }
}
