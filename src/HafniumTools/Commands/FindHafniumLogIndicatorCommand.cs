using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;
using HafniumTools.Commands.Infrastructure;
using HafniumTools.Logs;
using HafniumTools.Model;

namespace HafniumTools.Commands;

/// <summary>
/// <para type="synopsis">Hunts Exchange logs for ProxyLogon indicators and reports how far back the logs go.</para>
/// </summary>
[Cmdlet(VerbsCommon.Find, "HafniumLogIndicator")]
[OutputType(typeof(Finding), typeof(LogCoverage))]
public sealed class FindHafniumLogIndicatorCommand : ScanCmdlet
{
    private readonly List<LogFileEntry> _files = [];
    private readonly LogFileDiscovery _discovery = new();
    private bool _sawPath;

    /// <summary>Install root, Logging folder, triage folder, log files or UNC paths; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>Only findings for these CVEs.</summary>
    [Parameter]
    [ValidateSet("CVE-2021-26855", "CVE-2021-26857", "CVE-2021-26858", "CVE-2021-27065", IgnoreCase = true)]
    public string[]? Cve { get; set; }

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
        _discovery.OnFolderError = (folder, error) =>
            WriteItemError(error, "LogFolderUnreadable", ErrorCategory.ReadError, folder, "Run as a user who can list this folder, or copy the logs to a readable place.");
        if (Since is DateTime since && Until is DateTime until && ToUtc(since) > ToUtc(until))
        {
            ThrowTerminating(new ArgumentException("-Since is later than -Until; no row can fall between them."), "LogTimeWindowEmpty", ErrorCategory.InvalidArgument, Since);
        }
    }

    protected override void ProcessRecord()
    {
        if (Path is null)
        {
            return;
        }

        foreach (var path in Path)
        {
            _sawPath = true;
            AddPath(path);
        }
    }

    protected override void EndProcessing()
    {
        string? defaultComputer = null;
        bool live = !_sawPath;
        if (live)
        {
            if (MyInvocation.ExpectingInput)
            {
                return; // an empty pipeline: nothing to scan, and not a request to scan this server
            }

            string install = LocalInstallPath();
            defaultComputer = Environment.MachineName;
            WriteVerbose("Scanning the local Exchange install at " + install);
            AddResolved(install, install);
        }

        var options = new LogHuntOptions
        {
            Since = Since is DateTime s ? ToUtc(s) : null,
            Until = Until is DateTime u ? ToUtc(u) : null,
            Cve = Cve,
            Kinds = Kind,
            ThrottleLimit = ThrottleLimit,
            DefaultComputerName = defaultComputer,
        };
        Scan(options, live);
    }

    private void Scan(LogHuntOptions options, bool live)
    {
        long totalBytes = _files.Sum(f => f.Length);
        long bytesDone = 0;
        int filesDone = 0;
        var coverage = new LogCoverageBuilder();
        var progress = CreateProgress(0x4C4F47, "Hunting Exchange logs for ProxyLogon indicators");
        RunCancellable(() => LogHunt.Run(
            _files,
            options,
            e =>
            {
                if (e.Finding is { } finding)
                {
                    WriteObject(finding);
                }
                else if (e.Summary is { } summary)
                {
                    filesDone++;
                    coverage.Add(summary);
                    ReportFile(summary);
                }
                else
                {
                    bytesDone += e.BytesRead;
                }

                progress.Report(
                    bytesDone,
                    totalBytes,
                    string.Format(CultureInfo.InvariantCulture, "{0} of {1} files, {2:N0} of {3:N0} MB", filesDone, _files.Count, bytesDone / 1048576.0, totalBytes / 1048576.0));
            },
            CancellationToken));
        if (live && options.Plugins.LiveSources.Count > 0)
        {
            // The local event logs (and any other live source), through the rule sets of their kinds.
            RunCancellable(() => LogHunt.RunLive(
                options.Plugins.LiveSources,
                options,
                e =>
                {
                    if (e.Finding is { } finding)
                    {
                        WriteObject(finding);
                    }
                    else if (e.Summary is { } summary)
                    {
                        coverage.Add(summary);
                        ReportFile(summary);
                    }

                    progress.Report(bytesDone, totalBytes, "Reading the local event logs");
                },
                CancellationToken));
        }

        progress.Complete();
        foreach (var item in coverage.Build())
        {
            WriteObject(item);
        }
    }

    private void ReportFile(LogFileSummary summary)
    {
        string path = summary.File.Path;
        if (summary.Error is { } error)
        {
            var (id, category) = error switch
            {
                InvalidDataException => ("LogFileInvalid", ErrorCategory.InvalidData),
                UnauthorizedAccessException => ("LogFileAccessDenied", ErrorCategory.PermissionDenied),
                FileNotFoundException or DirectoryNotFoundException => ("LogFileNotFound", ErrorCategory.ObjectNotFound),
                _ => ("LogFileUnreadable", ErrorCategory.ReadError),
            };
            WriteItemError(
                new IOException("Cannot read log '" + path + "': " + error.Message + " The rest of the scan goes on without it.", error),
                id,
                category,
                path,
                "Check that the file is a complete Exchange log and readable by this account; it is listed in the coverage's UnreadablePaths.");
            return;
        }

        if (summary.SkippedByTime)
        {
            WriteVerbose("Skipped (last written before -Since): " + path);
        }
        else if (!summary.Recognized)
        {
            if (summary.File.ExplicitlyNamed && path.EndsWith(".log", StringComparison.OrdinalIgnoreCase))
            {
                WriteItemError(
                    new InvalidDataException("'" + path + "' is not a log this command understands: its header names no HttpProxy, ECP, OAB generator, IIS or exported event-log format."),
                    "LogFormatNotRecognized",
                    ErrorCategory.InvalidData,
                    path,
                    "Pass Exchange HttpProxy, ECP, OABGeneratorLog or IIS logs, or exported event logs.");
            }
            else
            {
                WriteVerbose("Not a log this command reads: " + path);
            }
        }
        else if (!summary.RecognizedFromHeader)
        {
            WriteVerbose("No header in " + path + "; read as " + summary.Kind + " because of its folder or name.");
        }

        if (summary.FirstRuleFailure is { } failure)
        {
            WriteWarning(string.Format(CultureInfo.InvariantCulture, "{0} rows of '{1}' could not be evaluated: {2}", summary.RuleFailures, path, failure.Message));
        }
    }

    private void AddPath(string path)
    {
        Collection<string> resolved;
        try
        {
            string literal = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            resolved = File.Exists(literal) || Directory.Exists(literal)
                ? new Collection<string> { literal }
                : SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _);
        }
        catch (Exception e) when (e is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException or IOException)
        {
            WriteItemError(
                new ItemNotFoundException("Cannot find the log path '" + path + "': " + e.Message, e),
                "LogPathNotFound",
                ErrorCategory.ObjectNotFound,
                path,
                "Give an Exchange install root, its Logging folder, a triage folder or log files that exist.");
            return;
        }

        foreach (var item in resolved)
        {
            AddResolved(item, path);
        }
    }

    private void AddResolved(string resolved, string asGiven)
    {
        try
        {
            _files.AddRange(_discovery.Expand(resolved));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            WriteItemError(
                new ItemNotFoundException("Cannot find the log path '" + asGiven + "'.", e),
                "LogPathNotFound",
                ErrorCategory.ObjectNotFound,
                asGiven,
                "Give an Exchange install root, its Logging folder, a triage folder or log files that exist.");
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or System.Security.SecurityException)
        {
            WriteItemError(e, "LogFolderUnreadable", ErrorCategory.ReadError, asGiven, "Run as a user who can read this path.");
        }
    }

    private string LocalInstallPath()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            ThrowTerminating(
                new PSArgumentException("-Path is required on this system: there is no local Exchange server to scan. Give the folder of logs collected from the server (for example ./triage/EXCH01)."),
                "LogPathRequired",
                ErrorCategory.InvalidArgument,
                null);
        }

        string? install = HafniumTools.Files.DefaultScanRoots.ForThisMachine(ReadExchangeSetupInstallPath).ExchangeInstallPath;
        if (string.IsNullOrWhiteSpace(install) || !Directory.Exists(install))
        {
            ThrowTerminating(
                new ItemNotFoundException("No Exchange 2013 or later install found on this computer (no MsiInstallPath under " + ExchangeSetupKey + " and no ExchangeInstallPath). Use -Path to give the logs to scan."),
                "ExchangeInstallNotFound",
                ErrorCategory.ObjectNotFound,
                ExchangeSetupKey);
        }

        return install!;
    }

    private static DateTime ToUtc(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
