using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HafniumTools.Audit;
using HafniumTools.Commands.Infrastructure;
using HafniumTools.Core;
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
                _sessions.AddRange((Session ?? []).Select(s => (s as PSObject)?.BaseObject ?? s));
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
                    Remote().RunOnSessions(_sessions, RemoteParameters(), ThrottleLimit, CancellationToken);
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

    private void AuditHere()
    {
        WriteVerbose("local and triage audits: not wired yet");
    }

    private static DateTime Utc(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
