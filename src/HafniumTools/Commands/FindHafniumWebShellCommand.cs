using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using HafniumTools.Commands.Infrastructure;
using HafniumTools.Core;
using HafniumTools.Files;
using HafniumTools.Model;

namespace HafniumTools.Commands;

/// <summary>
/// Scans web folders (or a triage copy of them) for web shells and what the 2021 Exchange attackers left behind:
/// content rules over server-side code, known shell hashes and names, configuration dumps, look-alikes of Exchange
/// files, unexpected pages in the auth and aspnet_client folders, and LSASS dumps and staging archives as context.
/// </summary>
[Cmdlet(VerbsCommon.Find, "HafniumWebShell", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Finding))]
public sealed class FindHafniumWebShellCommand : ScanCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private readonly List<ScanRoot> _roots = [];
    private bool _pathGiven;

    /// <summary>Folders or files to scan; wildcards are resolved. Without it, a live Windows server's web roots.</summary>
    [Parameter(Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>Folders or files to scan, taken exactly as written (no wildcards); Get-ChildItem output binds here.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>Files larger than this many bytes are not read (a warning names them).</summary>
    [Parameter]
    [ValidateRange(1L, long.MaxValue)]
    public long MaxFileSize { get; set; } = FileScanOptions.DefaultMaxFileSize;

    /// <summary>How many files are read and judged at once.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Only files whose names match one of these wildcards.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Include { get; set; }

    /// <summary>Skip files whose names match one of these wildcards.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Exclude { get; set; }

    /// <summary>The server the files belong to, for findings from a triage copy.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ComputerName { get; set; }

    /// <summary>Only findings of these campaigns: ProxyLogon, ProxyShell, ProxyNotShell, OWASSRF.</summary>
    [Parameter]
    public Campaign[]? Campaign { get; set; }

    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        var paths = literal ? LiteralPath : Path;
        if (paths is not null)
        {
            _pathGiven = true;
            _roots.AddRange(ResolvePaths(paths, literal).Select(p => new ScanRoot(p)));
        }
    }

    protected override void EndProcessing()
    {
        bool defaults = !_pathGiven && !MyInvocation.ExpectingInput;
        if (defaults)
        {
            _roots.AddRange(DefaultRoots());
        }

        if (_roots.Count > 0)
        {
            var options = new FileScanOptions
            {
                MaxFileSize = MaxFileSize,
                ComputerName = ComputerName ?? (defaults ? Environment.MachineName : null),
                ThrottleLimit = ThrottleLimit,
                Include = Include,
                Exclude = Exclude,
                Campaigns = Campaign,
            };
            var sink = CreateSink(5301, "Find-HafniumWebShell");
            RunCancellable(() => FileScan.WebShells(_roots, options, sink, CancellationToken));
            Collect(sink);
        }

        FinishScan(_pathGiven || defaults, "web shell");
    }

    // The live Windows server's web folders; on any other system, or when none exists, -Path is required.
    private List<ScanRoot> DefaultRoots()
    {
        if (Environment.OSVersion.Platform != PlatformID.Win32NT)
        {
            ThrowTerminating(
                new PSArgumentException("Find-HafniumWebShell needs -Path on this system: the default web roots (IIS aspnet_client, the Exchange auth folders) exist only on a Windows server. Pass the folder of a triage copy, for example -Path ./triage/EX01."),
                ErrorIds.PathRequired, ErrorCategory.InvalidArgument, null);
        }

        var machine = DefaultScanRoots.ForThisMachine(ReadExchangeSetupInstallPath);
        string? exchange = machine.ExchangeInstallPath;
        string? iis = machine.DefaultWebSiteRoot();
        var roots = DefaultScanRoots.Build(exchange, iis, machine.WindowsDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.Windows), Environment.GetEnvironmentVariable("ProgramData"), Environment.GetEnvironmentVariable("SystemDrive"));
        WriteVerbose("Exchange install path: " + (exchange ?? "(not found: Exchange folders are not scanned)") + "; IIS root: " + (iis ?? DefaultScanRoots.DefaultIisRoot));
        var existing = roots.Where(r => Directory.Exists(r.Path)).ToList();
        foreach (var root in roots.Except(existing))
        {
            WriteVerbose("Skipping default folder that does not exist: " + root.Path);
        }

        if (existing.Count == 0)
        {
            ThrowTerminating(
                new PSArgumentException("None of the default web folders exists on this server (IIS aspnet_client, Exchange auth folders). Pass -Path to scan a specific folder."),
                ErrorIds.PathRequired, ErrorCategory.InvalidArgument, null);
        }

        return existing;
    }
}
