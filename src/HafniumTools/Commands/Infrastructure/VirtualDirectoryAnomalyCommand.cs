using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;
using HafniumTools.Configuration;
using HafniumTools.Files;
using HafniumTools.Logs;
using HafniumTools.Model;

namespace HafniumTools.Commands.Infrastructure;

/// <summary>
/// What Find-HafniumOabAnomaly and Find-HafniumEcpAnomaly share: virtual directory objects from the pipeline,
/// an on-disk scan of <c>-Path</c> (or the live server's default folders), and log evidence from the module's one
/// log engine (<see cref="LogHunt"/>, the core of Find-HafniumLogIndicator) for <c>-LogPath</c>.
/// </summary>
public abstract class VirtualDirectoryAnomalyCommand : ScanCmdlet
{
    /// <summary>Parameter set of pipeline input.</summary>
    protected const string InputObjectSet = "InputObject";

    /// <summary>Parameter set of the on-disk scan (the default).</summary>
    protected const string PathSet = "Path";

    private DefaultScanRoots? _thisMachine;

    /// <summary>A virtual directory object (Get-OabVirtualDirectory, Get-EcpVirtualDirectory, ...), live or deserialized.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    /// <summary>Folders or files to scan; wildcards allowed. Default on a live server: its web folders.</summary>
    [Parameter(Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

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
    [Parameter(ParameterSetName = PathSet)]
    [ValidateRange(1L, long.MaxValue)]
    public long MaxFileSize { get; set; } = OnDiskScanOptions.DefaultMaxFileBytes;

    /// <summary>The CVE whose log evidence (<see cref="LogEvidence"/>) this cmdlet asks the log engine for.</summary>
    protected abstract string LogCve { get; }

    /// <summary>Progress activity id of the on-disk scan.</summary>
    protected abstract int ProgressActivityId { get; }

    private protected abstract OnDiskScanOptions ScanOptions(long maxFileBytes, string? computerName);

    /// <summary>Default scan folders on a live server; empty when there are none.</summary>
    private protected abstract IReadOnlyList<string> DefaultScanFolders(DefaultScanRoots roots);

    /// <summary>Default log folders on a live server (below the Exchange install path).</summary>
    protected abstract IReadOnlyList<string> DefaultLogFolders(string exchangeInstallPath);

    /// <summary>The findings for one directory, or null after writing an error when this cmdlet does not take it.</summary>
    private protected abstract IEnumerable<Finding>? InspectDirectory(VirtualDirectoryRecord directory, PSObject input);

    protected override void ProcessRecord()
    {
        RunCancellable(() =>
        {
            if (ParameterSetName == InputObjectSet)
            {
                ProcessInputObject(InputObject!);
            }
        });
    }

    protected override void EndProcessing()
    {
        RunCancellable(() =>
        {
            if (ParameterSetName == PathSet && (Path is not null || LogPath is null))
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
    }

    // Read once per invocation: the disk scan and the log hand-off both need this machine's web and install roots.
    private DefaultScanRoots ThisMachine => _thisMachine ??= DefaultScanRoots.ForThisMachine(ReadExchangeSetupInstallPath);

    private void ProcessInputObject(PSObject input)
    {
        if (input.BaseObject is FileSystemInfo item)
        {
            // Get-ChildItem output: scan the file or folder it names.
            ScanRoots([item.FullName], computerName: null);
            return;
        }

        var directory = VirtualDirectoryInput.Read(input);
        if (directory is null)
        {
            WriteItemError(
                new ArgumentException("The input is not a virtual directory: it has no URL property (ExternalUrl, InternalUrl, ...) and is not of a known virtual directory type."),
                "NotAVirtualDirectory",
                ErrorCategory.InvalidArgument,
                input,
                "Pipe objects from Get-OabVirtualDirectory, Get-EcpVirtualDirectory and the other Get-*VirtualDirectory cmdlets, or Get-ChildItem output, or use -Path for files.");
            return;
        }

        var findings = InspectDirectory(directory, input);
        if (findings is null)
        {
            return;
        }

        foreach (var finding in findings)
        {
            WriteObject(finding);
        }
    }

    private void ScanDisk()
    {
        string? computerName = null;
        IReadOnlyList<string> roots;
        if (Path is null)
        {
            roots = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? DefaultScanFolders(ThisMachine) : [];
            if (roots.Count == 0)
            {
                ThrowTerminating(
                    new InvalidOperationException("No -Path was given and this machine has no Exchange or IIS web folders to scan by default. Give -Path (for example the root of a triage copy), or pipe virtual directory objects."),
                    "NoDefaultPath",
                    ErrorCategory.InvalidOperation,
                    null);
                return;
            }

            computerName = Environment.MachineName;
        }
        else
        {
            roots = ResolvePaths(Path, literal: false);
        }

        ScanRoots(roots, computerName);
    }

    private void ScanRoots(IReadOnlyList<string> roots, string? computerName)
    {
        var scanner = new OnDiskEvidence(ScanOptions(MaxFileSize, computerName));
        var progress = CreateProgress(ProgressActivityId, MyInvocation.MyCommand.Name + ": scanning files");
        scanner.FileVisited += (count, file) => progress.Report(count, 0, string.Format(CultureInfo.InvariantCulture, "{0} files inspected", count), file);
        scanner.FileTooLarge += (file, size) => WriteWarning(string.Format(
            CultureInfo.InvariantCulture,
            "Skipped '{0}': {1} bytes is over the {2}-byte cap. Use -MaxFileSize to read it.",
            file,
            size,
            MaxFileSize));
        scanner.LinkSkipped += link => WriteVerbose("Not following the symbolic link or junction '" + link + "'.");
        scanner.ItemFailed += (item, exception) => WriteItemError(
            exception,
            "FileUnreadable",
            exception is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.ReadError,
            item,
            "Run elevated, or copy the file out with a forensic tool, then scan the copy.");
        try
        {
            foreach (string root in roots)
            {
                WriteVerbose("Scanning '" + root + "'.");
                foreach (var finding in scanner.Scan(root, CancellationToken))
                {
                    WriteObject(finding);
                }
            }
        }
        finally
        {
            progress.Complete();
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
