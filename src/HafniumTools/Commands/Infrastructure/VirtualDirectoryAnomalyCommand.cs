using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;
using HafniumTools.Configuration;
using HafniumTools.Core;
using HafniumTools.Files;
using HafniumTools.Logs;
using HafniumTools.Model;

namespace HafniumTools.Commands.Infrastructure;

/// <summary>
/// What Find-HafniumOabAnomaly and Find-HafniumEcpAnomaly share: virtual directory objects from the pipeline
/// (<see cref="VirtualDirectoryUrlCheck"/>), an on-disk scan (<see cref="FileScan"/>) of <c>-Path</c>, <c>-LiteralPath</c>,
/// Get-ChildItem output or the live server's default folders, and log evidence from the module's one log engine
/// (<see cref="LogHunt"/>, the core of Find-HafniumLogIndicator) for <c>-LogPath</c>.
/// </summary>
/// <remarks>
/// Pipeline objects bind to <c>-InputObject</c> (PowerShell binds by value before it binds by property name, and
/// <c>-InputObject</c> takes any object), so a file or folder from Get-ChildItem or Get-Item arrives there too: a
/// <see cref="FileSystemInfo"/> is scanned as the file or folder it names, exactly as <c>-LiteralPath</c> would scan it.
/// </remarks>
public abstract class VirtualDirectoryAnomalyCommand : ScanCmdlet
{
    /// <summary>Parameter set of pipeline input.</summary>
    protected const string InputObjectSet = "InputObject";

    /// <summary>Parameter set of the on-disk scan with wildcards (the default).</summary>
    protected const string PathSet = "Path";

    /// <summary>Parameter set of the on-disk scan of literal paths.</summary>
    protected const string LiteralPathSet = "LiteralPath";

    /// <summary>Default size cap: configuration dumps are a few KB, the pages of the ECP auth folder a few hundred.</summary>
    protected const long DefaultMaxFileSize = 8L * 1024 * 1024;

    private readonly List<ScanRoot> _roots = [];
    private DefaultScanRoots? _thisMachine;
    private bool _scanRequested;

    /// <summary>A virtual directory object (Get-OabVirtualDirectory, Get-EcpVirtualDirectory, ...), live or deserialized, or a file or folder from Get-ChildItem.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    /// <summary>Folders or files to scan; wildcards allowed. Default on a live server: its web folders.</summary>
    [Parameter(Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>Folders or files to scan, taken exactly as written (no wildcards).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>Exchange log files or folders hunted, as Find-HafniumLogIndicator hunts them, for this cmdlet's evidence.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? LogPath { get; set; }

    /// <summary>Only log evidence at or after this time.</summary>
    [Parameter]
    public DateTime Since { get; set; }

    /// <summary>Only log evidence before this time.</summary>
    [Parameter]
    public DateTime Until { get; set; }

    /// <summary>Files larger than this many bytes are not read (a warning names them).</summary>
    [Parameter]
    [ValidateRange(1L, long.MaxValue)]
    public long MaxFileSize { get; set; } = DefaultMaxFileSize;

    /// <summary>The CVE whose log evidence (<see cref="LogEvidence"/>) this cmdlet asks the log engine for.</summary>
    protected abstract string LogCve { get; }

    /// <summary>Progress activity id of the on-disk scan.</summary>
    protected abstract int ProgressActivityId { get; }

    /// <summary>What the on-disk scan looks for, in the NoEvidenceRead message ("OAB configuration dump").</summary>
    private protected abstract string ScanSubject { get; }

    /// <summary>The on-disk scan of this cmdlet (<see cref="FileScan.OabDumps"/>, <see cref="FileScan.EcpAuthFolder"/>).</summary>
    private protected abstract void ScanFiles(IReadOnlyList<ScanRoot> roots, FileScanOptions options, IScanSink sink);

    /// <summary>Default scan folders on a live server; empty when there are none.</summary>
    private protected abstract IReadOnlyList<string> DefaultScanFolders(DefaultScanRoots roots);

    /// <summary>Default log folders on a live server (below the Exchange install path).</summary>
    protected abstract IReadOnlyList<string> DefaultLogFolders(string exchangeInstallPath);

    /// <summary>The findings for one directory, or null after writing an error when this cmdlet does not take it.</summary>
    private protected abstract IEnumerable<Finding>? InspectDirectory(VirtualDirectoryRecord directory, PSObject input);

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case InputObjectSet when InputObject is { } input:
                ProcessInputObject(input);
                break;
            case LiteralPathSet:
                AddRoots(ResolvePaths(LiteralPath, literal: true));
                break;
        }
    }

    protected override void EndProcessing()
    {
        RunCancellable(() =>
        {
            if (ParameterSetName == PathSet && (Path is not null || LogPath is null))
            {
                AddRoots(Path is null ? DefaultRoots() : ResolvePaths(Path, literal: false));
            }

            if (_scanRequested)
            {
                ScanDisk();
            }

            if (LogPath is not null)
            {
                InvokeLogEngine(LogPath, explicitRequest: true);
            }
            else if (ParameterSetName == PathSet && Path is null && ThisMachine.ExchangeInstallPath is string exchange)
            {
                var folders = ExistingFolders(DefaultLogFolders(exchange));
                if (folders.Count > 0)
                {
                    InvokeLogEngine([.. folders], explicitRequest: false);
                }
            }
        });
        FinishScan(_scanRequested, ScanSubject);
    }

    // Read once per invocation: the disk scan and the log hand-off both need this machine's web and install roots.
    private DefaultScanRoots ThisMachine => _thisMachine ??= DefaultScanRoots.ForThisMachine(ReadExchangeSetupInstallPath);

    private void ProcessInputObject(PSObject input)
    {
        if (input.BaseObject is FileSystemInfo item)
        {
            // Get-ChildItem output: scanned as the file or folder it names, as -LiteralPath would.
            AddRoots([item.FullName]);
            return;
        }

        VirtualDirectoryRecord? directory;
        try
        {
            directory = VirtualDirectoryInput.Read(input);
        }
        catch (InputTooComplexException e)
        {
            WriteItemError(
                e,
                ErrorIds.InputObjectTooComplex,
                ErrorCategory.LimitsExceeded,
                input,
                "Check where the object came from: Exchange's virtual directories hold a few URLs, never nested or endless lists. The other inputs are still checked.");
            return;
        }
        catch (Exception e) when (IsInputCodeFailure(e))
        {
            WriteItemError(
                new ArgumentException("The input could not be read as a virtual directory: " + e.GetType().Name + ": " + e.Message, e),
                ErrorIds.NotAVirtualDirectory,
                ErrorCategory.InvalidData,
                input,
                "Pipe objects from Get-OabVirtualDirectory, Get-EcpVirtualDirectory and the other Get-*VirtualDirectory cmdlets. The other inputs are still checked.");
            return;
        }

        if (directory is null)
        {
            WriteItemError(
                new ArgumentException("The input is not a virtual directory: it has no URL property (ExternalUrl, InternalUrl, ...) and is not of a known virtual directory type."),
                ErrorIds.NotAVirtualDirectory,
                ErrorCategory.InvalidArgument,
                input,
                "Pipe objects from Get-OabVirtualDirectory, Get-EcpVirtualDirectory and the other Get-*VirtualDirectory cmdlets, or Get-ChildItem output, or use -Path for files.");
            return;
        }

        foreach (var finding in InspectDirectory(directory, input) ?? [])
        {
            WriteObject(finding);
        }
    }

    private void AddRoots(IEnumerable<string> paths)
    {
        _scanRequested = true;
        _roots.AddRange(paths.Select(p => new ScanRoot(p)));
    }

    // This live server's default folders; on any other system, or when it has none, -Path is required.
    private IReadOnlyList<string> DefaultRoots()
    {
        var roots = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? DefaultScanFolders(ThisMachine) : [];
        if (roots.Count == 0)
        {
            ThrowTerminating(
                new PSArgumentException("No -Path was given and this machine has no Exchange or IIS web folders to scan by default. Give -Path (for example the root of a triage copy), or pipe virtual directory objects."),
                ErrorIds.PathRequired,
                ErrorCategory.InvalidArgument,
                null);
        }

        return roots;
    }

    private void ScanDisk()
    {
        if (_roots.Count == 0)
        {
            return;
        }

        var options = new FileScanOptions
        {
            MaxFileSize = MaxFileSize,
            ComputerName = ParameterSetName == PathSet && Path is null ? Environment.MachineName : null,
        };
        var sink = CreateSink(ProgressActivityId, MyInvocation.MyCommand.Name + ": scanning files");
        try
        {
            ScanFiles(_roots, options, sink);
        }
        finally
        {
            Collect(sink);
        }
    }

    // The module's one log engine, called directly: this cmdlet's evidence is what LogEvidence says belongs to its
    // CVE, so a rule about the same artefact is never dropped because its CVE list names the attack's other steps.
    private void InvokeLogEngine(string[] logPaths, bool explicitRequest)
    {
        var paths = explicitRequest ? ResolvePaths(logPaths, literal: false) : [.. logPaths];
        WriteVerbose("Log evidence for " + LogCve + " from '" + string.Join("', '", paths) + "'");
        var request = new LogHuntRequest
        {
            Paths = paths,
            Since = MyInvocation.BoundParameters.ContainsKey(nameof(Since)) ? Since : null,
            Until = MyInvocation.BoundParameters.ContainsKey(nameof(Until)) ? Until : null,
            RuleIds = LogEvidence.RuleIdsFor(LogCve, LogRegistry.Module),
        };
        var sink = CreateSink(ProgressActivityId + 1, LogHunt.Activity);
        LogHunt.Run(request, sink, CancellationToken);
        Collect(sink);
    }

    private static List<string> ExistingFolders(IEnumerable<string> folders)
    {
        var result = new List<string>();
        foreach (string folder in folders)
        {
            if (Directory.Exists(folder))
            {
                result.Add(folder);
            }
        }

        return result;
    }
}
