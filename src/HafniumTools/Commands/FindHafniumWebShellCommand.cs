using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
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
/// content rules over server-side code, known shell hashes and names, look-alikes of Exchange files, unexpected
/// pages in the auth and aspnet_client folders, and LSASS dumps and staging archives as context.
/// </summary>
[Cmdlet(VerbsCommon.Find, "HafniumWebShell")]
[OutputType(typeof(Finding))]
public sealed class FindHafniumWebShellCommand : ScanCmdlet
{
    private readonly List<ScanRoot> _roots = [];

    /// <summary>Folders or files to scan; wildcards are resolved. Without it, a live Windows server's web roots.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>Files larger than this many bytes are not read (a warning names them).</summary>
    [Parameter]
    [ValidateRange(1L, long.MaxValue)]
    public long MaxFileSize { get; set; } = WebShellScanOptions.DefaultMaxFileSize;

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

    protected override void ProcessRecord()
    {
        if (Path is null)
        {
            return;
        }

        foreach (string path in Path)
        {
            _roots.AddRange(ResolvePaths([path], literal: false).Select(p => new ScanRoot(p)));
        }
    }

    protected override void EndProcessing()
    {
        bool defaults = false;
        if (_roots.Count == 0 && Path is null && !MyInvocation.ExpectingInput)
        {
            if (Environment.OSVersion.Platform != PlatformID.Win32NT)
            {
                ThrowTerminating(
                    new PSArgumentException("Find-HafniumWebShell needs -Path on this system: the default web roots (IIS aspnet_client, the Exchange auth folders) exist only on a Windows server. Pass the folder of a triage copy, for example -Path ./triage/EX01."),
                    "PathRequired", ErrorCategory.InvalidArgument, null);
            }

            _roots.AddRange(ResolveDefaultRoots());
            defaults = true;
        }

        if (_roots.Count == 0)
        {
            return;
        }

        var scanner = new WebShellScanner(new WebShellScanOptions
        {
            MaxFileSize = MaxFileSize,
            ComputerName = ComputerName ?? (defaults ? Environment.MachineName : null),
        });
        RunCancellable(() => Scan(scanner));
    }

    private void Scan(WebShellScanner scanner)
    {
        var progress = CreateProgress(5301, "Find-HafniumWebShell");
        var clock = Stopwatch.StartNew();
        long files = 0, bytes = 0, findings = 0;
        var candidates = FileTreeWalker.Walk(_roots, Include, Exclude, CancellationToken);
        ParallelPipeline.Run<FileCandidate, FileScanResult>(
            candidates,
            ThrottleLimit,
            (candidate, token) => [scanner.Scan(candidate, token)],
            result =>
            {
                files++;
                bytes += result.ContentRead ? result.Size : 0;
                if (result.SkipReason == "TooLarge")
                {
                    WriteWarning(string.Format(CultureInfo.InvariantCulture,
                        "Did not read '{0}' ({1:N0} bytes, over the -MaxFileSize cap of {2:N0}); only its name and location were checked. Use -MaxFileSize {3} to read it.",
                        result.Path, result.Size, MaxFileSize, result.Size));
                }

                foreach (var finding in result.Findings)
                {
                    findings++;
                    WriteObject(finding);
                }

                progress.Report(0, 0, string.Format(CultureInfo.InvariantCulture, "{0:N0} files, {1:N1} MB read, {2:N0} findings", files, bytes / 1048576.0, findings), result.Path);
            },
            ReportFailure,
            CancellationToken);
        progress.Complete();
        double seconds = Math.Max(0.001, clock.Elapsed.TotalSeconds);
        WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Scanned {0:N0} files ({1:N1} MB) in {2:N1} s: {3:N0} files/s, {4:N1} MB/s; {5:N0} findings.",
            files, bytes / 1048576.0, seconds, files / seconds, bytes / 1048576.0 / seconds, findings));
    }

    private void ReportFailure(FileCandidate candidate, Exception error)
    {
        bool folder = Directory.Exists(candidate.Path);
        switch (error)
        {
            case DirectoryNotFoundException or FileNotFoundException:
                WriteItemError(error, "PathNotFound", ErrorCategory.ObjectNotFound, candidate.Path, "Check the path; scanning goes on with the other paths.");
                break;
            case UnauthorizedAccessException or System.Security.SecurityException:
                WriteItemError(
                    new UnauthorizedAccessException("Cannot read '" + candidate.Path + "': " + error.Message, error),
                    folder ? "DirectoryUnreadable" : "FileUnreadable", ErrorCategory.PermissionDenied, candidate.Path,
                    "Run elevated (as Administrator) or grant read access; the rest of the tree was scanned.");
                break;
            default:
                WriteItemError(
                    new IOException("Cannot read '" + candidate.Path + "': " + error.Message, error),
                    folder ? "DirectoryUnreadable" : "FileUnreadable", ErrorCategory.ReadError, candidate.Path,
                    "The file may be locked or damaged; the rest of the tree was scanned.");
                break;
        }
    }

    private IEnumerable<ScanRoot> ResolveDefaultRoots()
    {
        var machine = DefaultScanRoots.ForThisMachine(ReadExchangeSetupInstallPath);
        string? exchange = machine.ExchangeInstallPath;
        string windows = machine.WindowsDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.Windows);
        string? iis = machine.DefaultWebSiteRoot();
        var roots = DefaultScanRoots.Build(exchange, iis, windows, Environment.GetEnvironmentVariable("ProgramData"), Environment.GetEnvironmentVariable("SystemDrive"));
        WriteVerbose("Exchange install path: " + (exchange ?? "(not found: Exchange folders are not scanned)") + "; IIS root: " + (iis ?? DefaultScanRoots.DefaultIisRoot));
        var existing = roots.Where(r => Directory.Exists(r.Path)).ToList();
        foreach (var root in roots.Except(existing))
        {
            WriteVerbose("Skipping default folder that does not exist: " + root.Path);
        }

        if (existing.Count == 0)
        {
            ThrowTerminating(new ItemNotFoundException("None of the default web folders exists on this server (IIS aspnet_client, Exchange auth folders). Pass -Path to scan a specific folder."),
                "NoDefaultScanRoots", ErrorCategory.ObjectNotFound, null);
        }

        return existing;
    }
}
