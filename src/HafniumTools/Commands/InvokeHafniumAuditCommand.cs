using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Management.Automation;
using HafniumTools.Audit;
using HafniumTools.Builds;
using HafniumTools.Commands.Infrastructure;
using HafniumTools.Core;
using HafniumTools.Files;
using HafniumTools.Model;

namespace HafniumTools.Commands;

/// <summary>
/// <para type="synopsis">Gives one verdict per Exchange server: attacked or not, patched or not, why, since when, and what to do.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "HafniumAudit", DefaultParameterSetName = LocalSet)]
[OutputType(typeof(ServerAudit))]
public sealed class InvokeHafniumAuditCommand : HafniumCmdlet
{
    private const string LocalSet = "Local";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string SessionSet = "Session";
    private const string ComputerSet = "ComputerName";

    private readonly List<string> _paths = [];
    private readonly List<object> _sessions = [];
    private readonly List<string> _computers = [];
    private bool _fileItems;

    /// <summary>Triage folders collected from one or many servers (any OS); wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [Parameter(ParameterSetName = SessionSet)]
    [Parameter(ParameterSetName = ComputerSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>Triage folders taken as they are written (names with [ ] and other wildcard characters).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>Remoting sessions (WinRM or SSH) to audit the servers through; the module must be installed there.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SessionSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object[]? Session { get; set; }

    /// <summary>Servers to audit over WinRM remoting; the module must be installed there.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ComputerSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Fqdn", "DnsHostName", "CN")]
    [ValidateNotNullOrEmpty]
    public string[]? ComputerName { get; set; }

    /// <summary>The account for -ComputerName.</summary>
    [Parameter(ParameterSetName = ComputerSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The build to judge where the evidence does not carry one (ExSetup.exe's file version, best).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Build { get; set; }

    /// <summary>Only log evidence at or after this time.</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>Only log evidence at or before this time.</summary>
    [Parameter]
    public DateTime? Until { get; set; }

    /// <summary>A newer build catalog file to use instead of the one shipped in the module.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CatalogPath { get; set; }

    /// <summary>How many servers (remoting) or files (local and triage) are worked on at once.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 16;

    protected override void BeginProcessing()
    {
        if (Since is DateTime since && Until is DateTime until && Utc(since) > Utc(until))
        {
            ThrowTerminating(new ArgumentException("-Since is later than -Until; no evidence can fall between them."), ErrorIds.TimeWindowEmpty, ErrorCategory.InvalidArgument, Since);
        }
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case PathSet:
                _paths.AddRange(ResolvePaths(Path, literal: false));
                break;
            case LiteralPathSet:
                _paths.AddRange(ResolvePaths(LiteralPath, literal: true));
                break;
            case SessionSet:
                foreach (object item in (Session ?? []).Select(s => (s as PSObject)?.BaseObject ?? s))
                {
                    if (item is FileSystemInfo folder)
                    {
                        // Get-ChildItem output binds here by value: audited as the triage folder it names, taken
                        // literally (a name with [ ] is not a wildcard).
                        _fileItems = true;
                        _paths.AddRange(ResolvePaths([folder.FullName], literal: true));
                    }
                    else
                    {
                        _sessions.Add(item);
                    }
                }

                break;
            case ComputerSet:
                _computers.AddRange(ComputerName ?? []);
                break;
        }
    }

    protected override void EndProcessing()
    {
        RunCancellable(() =>
        {
            switch (ParameterSetName)
            {
                case SessionSet:
                    if (_sessions.Count > 0 || !_fileItems)
                    {
                        Remote().RunOnSessions(_sessions, RemoteParameters(), ThrottleLimit, CancellationToken);
                    }

                    if (_fileItems)
                    {
                        AuditHere();
                    }

                    break;
                case ComputerSet:
                    Remote().RunOnComputers(_computers.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), Credential, null, false, 0, RemoteParameters(), ThrottleLimit, CancellationToken);
                    break;
                default:
                    AuditHere();
                    break;
            }
        });
    }

    private RemoteAuditRunner Remote()
    {
        var progress = CreateProgress(0x415544, "Invoke-HafniumAudit: auditing servers through remoting");
        return new RemoteAuditRunner(this, WriteObject, p => progress.Report(p.Done, p.Total, p.Status, p.CurrentItem));
    }

    /// <summary>The parameters the audit runs with on each remote server (-Path there means the server's own paths).</summary>
    private Hashtable RemoteParameters()
    {
        var parameters = new Hashtable(StringComparer.OrdinalIgnoreCase);
        if (Path is not null)
        {
            parameters["LiteralPath"] = Path;
        }

        if (Build is not null)
        {
            parameters["Build"] = Build;
        }

        if (Since is DateTime since)
        {
            parameters["Since"] = Utc(since);
        }

        if (Until is DateTime until)
        {
            parameters["Until"] = Utc(until);
        }

        return parameters;
    }

    /// <summary>The audit of triage folders (-Path, -LiteralPath) or, without them, of this server; in-process on the core engines.</summary>
    private void AuditHere()
    {
        var catalog = BuildCatalogLoading.Load(this, CatalogPath);
        var given = GivenBuild(catalog);
        var progress = CreateProgress(0x415545, "Invoke-HafniumAudit: reading the evidence");
        var sink = new CmdletSink(this, progress);
        AuditRequest request;
        if (ParameterSetName == LocalSet)
        {
            request = ThisServer(given);
        }
        else
        {
            if (_paths.Count == 0)
            {
                return; // every path was an error already reported
            }

            request = new AuditRequest
            {
                Roots = _paths.Distinct(StringComparer.Ordinal).ToList(),
                Build = given,
                BuildSource = given is null ? null : "-Build " + Build,
                Since = Since,
                Until = Until,
                ThrottleLimit = ThrottleLimit,
                Origin = "triage: " + string.Join(", ", _paths),
            };
        }

        try
        {
            foreach (var audit in AuditRun.Run(request, catalog, sink, CancellationToken))
            {
                WriteObject(audit);
            }
        }
        finally
        {
            sink.Complete();
        }
    }

    /// <summary>The -Build given, read as Test-HafniumBuild reads text; a build that is not one ends the invocation.</summary>
    private BuildObservation? GivenBuild(BuildCatalog catalog)
    {
        if (Build is null)
        {
            return null;
        }

        var reading = new BuildInputReader(catalog).ReadText(Build, BuildVersionSource.Text);
        if (reading.Observation is null)
        {
            ThrowTerminating(new ArgumentException("-Build '" + Build + "' is not an Exchange build: " + reading.Reason), ErrorIds.InvalidExchangeBuild, ErrorCategory.InvalidArgument, Build);
        }

        return reading.Observation;
    }

    /// <summary>This Exchange server: its web folders and logs, its live event logs, and ExSetup.exe's file version for the build.</summary>
    private AuditRequest ThisServer(BuildObservation? given)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            ThrowTerminating(
                new PSArgumentException("Invoke-HafniumAudit without -Path audits the Exchange server it runs on, and this system is not one. Give the triage folders collected from the servers (-Path ./triage/*), or audit them through remoting (-ComputerName, -Session)."),
                ErrorIds.PathRequired,
                ErrorCategory.InvalidArgument,
                null);
        }

        var machine = DefaultScanRoots.ForThisMachine(ReadExchangeSetupInstallPath);
        string? exchange = machine.ExchangeInstallPath;
        if (string.IsNullOrWhiteSpace(exchange) || !Directory.Exists(exchange))
        {
            ThrowTerminating(
                new ItemNotFoundException("No Exchange 2013 or later install was found on this computer, so there is no server here to audit. Give -Path, -ComputerName or -Session."),
                ErrorIds.ExchangeInstallNotFound,
                ErrorCategory.ObjectNotFound,
                null);
        }

        string iis = machine.DefaultWebSiteRoot() ?? DefaultScanRoots.DefaultIisRoot;
        var webRoots = DefaultScanRoots.Build(exchange, iis, machine.WindowsDirectory, Environment.GetEnvironmentVariable("ProgramData"), Environment.GetEnvironmentVariable("SystemDrive"))
            .Where(r => Directory.Exists(r.Path))
            .ToList();
        var logFolders = new[] { System.IO.Path.Combine(exchange!, "Logging"), System.IO.Path.Combine(System.IO.Path.GetDirectoryName(iis.TrimEnd('\\')) ?? iis, "logs", "LogFiles") }
            .Where(Directory.Exists)
            .ToList();

        BuildObservation? build = given;
        string? source = given is null ? null : "-Build " + Build;
        string exsetup = System.IO.Path.Combine(exchange!, "bin", "ExSetup.exe");
        if (build is null && File.Exists(exsetup))
        {
            build = new BuildInputReader().Read(FileVersionInfo.GetVersionInfo(exsetup), ThisComputerName()).Observation;
            source = "file version of " + exsetup;
        }

        return new AuditRequest
        {
            LiveWebRoots = webRoots,
            LiveLogFolders = logFolders,
            ReadLiveEventLogs = true,
            ThisServer = ThisComputerName(),
            Build = build,
            BuildSource = source,
            Since = Since,
            Until = Until,
            ThrottleLimit = ThrottleLimit,
            Origin = "this server",
        };
    }

    /// <summary>This computer by the module's naming convention: its FQDN when it is in a domain, else its name.</summary>
    private static string ThisComputerName()
    {
        var properties = System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties();
        return string.IsNullOrEmpty(properties.DomainName) ? properties.HostName : properties.HostName + "." + properties.DomainName;
    }

    private static DateTime Utc(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
