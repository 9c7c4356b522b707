using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using HafniumTools.Audit;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Commands.Infrastructure;

/// <summary>
/// Runs the audit on other servers through PowerShell remoting, the engine admins already run (WinRM or SSH): the
/// sessions given, or sessions opened to the computers named, one <c>Invoke-Command -AsJob</c> bounded by the throttle
/// limit, each server's <see cref="ServerAudit"/> handed back as it completes. A server that cannot be reached, that
/// lacks the module, or whose audit failed still gets a row: status Unknown, the reason, and the command that fixes it.
/// Remoting is PowerShell's own, so it is driven through the caller's session (script blocks), not reimplemented.
/// </summary>
internal sealed class RemoteAuditRunner
{
    /// <summary>What runs on each server: import the module (or say it is missing) and audit with the given parameters.</summary>
    private const string RemoteScript = @"
param([hashtable] $Parameters, [string] $ModuleName)
$module = Microsoft.PowerShell.Core\Get-Module -ListAvailable -Name $ModuleName | Microsoft.PowerShell.Utility\Sort-Object Version -Descending | Microsoft.PowerShell.Utility\Select-Object -First 1
if (-not $module) {
    [pscustomobject]@{
        PSTypeName   = 'HafniumTools.RemoteAuditFailure'
        ComputerName = [System.Net.Dns]::GetHostName()
        ErrorId      = 'ModuleNotInstalled'
        Reason       = ""the $ModuleName module is not installed on this server (PSModulePath: $env:PSModulePath)""
    }
    return
}
Microsoft.PowerShell.Core\Import-Module $module.Path -ErrorAction Stop
HafniumTools\Invoke-HafniumAudit @Parameters
";

    private const string OpenSessionsScript = @"
param([string[]] $ComputerName, $Credential, [int] $ThrottleLimit, [string] $Authentication, [switch] $UseSSL, [int] $Port)
$parameters = @{ ComputerName = $ComputerName; ThrottleLimit = $ThrottleLimit; ErrorAction = 'SilentlyContinue'; ErrorVariable = 'failures' }
if ($Credential) { $parameters.Credential = $Credential }
if ($Authentication) { $parameters.Authentication = $Authentication }
if ($UseSSL) { $parameters.UseSSL = $true }
if ($Port -gt 0) { $parameters.Port = $Port }
$sessions = @()
$thrown = $null
# A refusal of the whole call (no WSMan client on this system, a bad credential type) is every computer's reason.
try { $sessions = @(Microsoft.PowerShell.Core\New-PSSession @parameters) } catch { $thrown = $_ }
[pscustomobject]@{ Sessions = $sessions; Failures = @(@($failures) + @($thrown) | Microsoft.PowerShell.Core\Where-Object { $null -ne $_ }) }
";

    private const string StartScript = @"
param($Sessions, [hashtable] $Parameters, [string] $ModuleName, [int] $ThrottleLimit, [string] $Script)
Microsoft.PowerShell.Core\Invoke-Command -Session $Sessions -ScriptBlock ([scriptblock]::Create($Script)) -ArgumentList $Parameters, $ModuleName -AsJob -ThrottleLimit $ThrottleLimit
";

    private const string PollScript = @"
param($Job)
$output = @()
$errors = @()
foreach ($child in $Job.ChildJobs) {
    $received = @(Microsoft.PowerShell.Core\Receive-Job -Job $child -ErrorAction SilentlyContinue -ErrorVariable childErrors)
    foreach ($item in $received) { $output += [pscustomobject]@{ Location = $child.Location; Item = $item } }
    foreach ($e in @($childErrors)) { $errors += [pscustomobject]@{ Location = $child.Location; Error = $e } }
}
[pscustomobject]@{
    Output  = $output
    Errors  = $errors
    States  = @($Job.ChildJobs | Microsoft.PowerShell.Core\ForEach-Object { [pscustomobject]@{ Location = $_.Location; State = [string]$_.State; Reason = [string]$_.JobStateInfo.Reason } })
}
";

    private readonly PSCmdlet _cmdlet;
    private readonly Action<ServerAudit> _emit;
    private readonly Action<ScanProgress> _progress;

    public RemoteAuditRunner(PSCmdlet cmdlet, Action<ServerAudit> emit, Action<ScanProgress> progress)
    {
        _cmdlet = cmdlet;
        _emit = emit;
        _progress = progress;
    }

    /// <summary>Opens WinRM sessions to <paramref name="computerNames"/>, audits through them and closes them again.</summary>
    public void RunOnComputers(IReadOnlyList<string> computerNames, PSCredential? credential, string? authentication, bool useSsl, int port, Hashtable parameters, int throttleLimit, CancellationToken cancellationToken)
    {
        var opened = Invoke(OpenSessionsScript, computerNames.ToArray(), credential, throttleLimit, authentication ?? string.Empty, new SwitchParameter(useSsl), port).FirstOrDefault();
        var sessions = Values(opened?.Properties["Sessions"]?.Value).ToList();
        var reached = new HashSet<string>(sessions.Select(s => Text(s, "ComputerName")), StringComparer.OrdinalIgnoreCase);
        var failures = Values(opened?.Properties["Failures"]?.Value)
            .Select(FailureText)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (string missing in computerNames.Where(c => !reached.Contains(c)))
        {
            // New-PSSession opens every session at once; its messages name the computer they are about.
            string reason = failures.FirstOrDefault(m => m.IndexOf(missing, StringComparison.OrdinalIgnoreCase) >= 0)
                ?? failures.FirstOrDefault()
                ?? "PowerShell gave no reason";
            _emit(NotAudited(missing, "the server could not be reached over PowerShell remoting: " + reason, FixForUnreachable(missing)));
        }

        if (sessions.Count == 0)
        {
            return;
        }

        try
        {
            RunOnSessions(sessions, parameters, throttleLimit, cancellationToken);
        }
        finally
        {
            Invoke("param($s) Microsoft.PowerShell.Core\\Remove-PSSession -Session $s -ErrorAction SilentlyContinue", sessions.ToArray());
        }
    }

    /// <summary>Audits through sessions the caller opened (WinRM or SSH); the sessions stay open.</summary>
    public void RunOnSessions(IReadOnlyList<object> sessions, Hashtable parameters, int throttleLimit, CancellationToken cancellationToken)
    {
        var usable = new List<object>();
        foreach (var session in sessions)
        {
            string state = Text(session, "State");
            if (string.Equals(state, "Opened", StringComparison.OrdinalIgnoreCase))
            {
                usable.Add(session);
            }
            else
            {
                string computer = Text(session, "ComputerName");
                _emit(NotAudited(computer, "its remoting session is " + (state.Length == 0 ? "not a session" : state), "New-PSSession -ComputerName " + computer + " (or -HostName for SSH), then audit again"));
            }
        }

        if (usable.Count == 0)
        {
            return;
        }

        var job = Invoke(StartScript, usable.ToArray(), parameters, "HafniumTools", throttleLimit, RemoteScript).FirstOrDefault()
            ?? throw new InvalidOperationException("Invoke-Command -AsJob returned no job.");
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var audited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var poll = Invoke(PollScript, job).FirstOrDefault();
                foreach (var item in Values(poll?.Properties["Output"]?.Value).OfType<PSObject>())
                {
                    string location = Text(item, "Location");
                    var result = Convert(item.Properties["Item"]?.Value, location);
                    if (result is not null)
                    {
                        audited.Add(location);
                        _emit(result);
                    }
                }

                foreach (var item in Values(poll?.Properties["Errors"]?.Value).OfType<PSObject>())
                {
                    string location = Text(item, "Location");
                    var error = (item.Properties["Error"]?.Value as PSObject)?.BaseObject as ErrorRecord ?? item.Properties["Error"]?.Value as ErrorRecord;
                    if (!audited.Contains(location))
                    {
                        audited.Add(location);
                        _emit(NotAudited(location, "the audit failed on the server: " + (error?.Exception?.Message ?? "unknown error"), FixForUnreachable(location)));
                    }
                }

                var states = Values(poll?.Properties["States"]?.Value).OfType<PSObject>().ToList();
                foreach (var state in states)
                {
                    string location = Text(state, "Location");
                    string value = Text(state, "State");
                    if (value is "Completed" or "Failed" or "Stopped" && done.Add(location))
                    {
                        _progress(new ScanProgress(done.Count, states.Count, string.Format(CultureInfo.InvariantCulture, "{0} of {1} servers audited", done.Count, states.Count), location));
                        if (!audited.Contains(location) && value != "Completed")
                        {
                            audited.Add(location);
                            _emit(NotAudited(location, "the remote audit " + value.ToLowerInvariant() + ": " + Text(state, "Reason"), FixForUnreachable(location)));
                        }
                    }
                }

                if (states.Count > 0 && done.Count == states.Count)
                {
                    // One last receive: output that arrived after the previous poll.
                    foreach (var item in Values(Invoke(PollScript, job).FirstOrDefault()?.Properties["Output"]?.Value).OfType<PSObject>())
                    {
                        var result = Convert(item.Properties["Item"]?.Value, Text(item, "Location"));
                        if (result is not null)
                        {
                            audited.Add(Text(item, "Location"));
                            _emit(result);
                        }
                    }

                    foreach (var state in states.Where(s => !audited.Contains(Text(s, "Location"))))
                    {
                        _emit(NotAudited(Text(state, "Location"), "the server returned no audit", FixForUnreachable(Text(state, "Location"))));
                    }

                    return;
                }

                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200));
            }
        }
        finally
        {
            Invoke("param($j) Stop-Job -Job $j -ErrorAction SilentlyContinue; Remove-Job -Job $j -Force -ErrorAction SilentlyContinue", job);
        }
    }

    /// <summary>A remote result as the module's own type: a rehydrated ServerAudit, or a failure marker turned into one.</summary>
    private ServerAudit? Convert(object? item, string location)
    {
        if (item is null)
        {
            return null;
        }

        var pso = item as PSObject ?? PSObject.AsPSObject(item);
        if (pso.BaseObject is ServerAudit audit)
        {
            return audit;
        }

        if (pso.TypeNames.Any(t => t.EndsWith("HafniumTools.RemoteAuditFailure", StringComparison.Ordinal)))
        {
            string computer = Text(pso, "ComputerName");
            return NotAudited(computer.Length > 0 ? computer : location, Text(pso, "Reason"), "Install the module on the server: Copy-Item -ToSession (New-PSSession " + location + ") -Path <the HafniumTools module folder> -Destination (the server's PSModulePath) -Recurse, or Install-Module HafniumTools there");
        }

        if (pso.TypeNames.Any(t => t.EndsWith("HafniumTools.Model.ServerAudit", StringComparison.Ordinal))
            && LanguagePrimitives.TryConvertTo(pso, typeof(ServerAudit), CultureInfo.InvariantCulture, out object? converted) && converted is ServerAudit rebuilt)
        {
            return rebuilt;
        }

        _cmdlet.WriteVerbose("Ignored a remote object that is no audit: " + pso.TypeNames.FirstOrDefault());
        return null;
    }

    /// <summary>The message of an error record or exception PowerShell gave for a failure, without stack traces.</summary>
    private static string FailureText(object failure)
    {
        object bare = (failure as PSObject)?.BaseObject ?? failure;
        return bare switch
        {
            ErrorRecord record => record.ErrorDetails?.Message is { Length: > 0 } details ? details : record.Exception?.Message ?? record.ToString(),
            Exception exception => exception.Message,
            _ => bare.ToString() ?? string.Empty,
        };
    }

    private static ServerAudit NotAudited(string computerName, string reason, string fix)
    {
        var evidence = new ServerEvidence(computerName, "remote") { NotAuditedReason = Capitalise(reason.Trim().TrimEnd('.')) + ".", FixCommand = fix };
        return ServerVerdict.Decide(evidence);
    }

    private static string FixForUnreachable(string computer) =>
        "Test-WSMan " + computer + " (on the server: Enable-PSRemoting -Force), or open an SSH session with New-PSSession -HostName " + computer + " and pass it with -Session";

    private static IEnumerable<object> Values(object? value) =>
        LanguagePrimitives.GetEnumerable((value as PSObject)?.BaseObject ?? value)?.Cast<object>().Where(v => v is not null) ?? [];

    private static string Text(object? owner, string name) =>
        (owner as PSObject ?? (owner is null ? null : PSObject.AsPSObject(owner)))?.Properties[name]?.Value?.ToString() ?? string.Empty;

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

    private System.Collections.ObjectModel.Collection<PSObject> Invoke(string script, params object?[] arguments) =>
        _cmdlet.InvokeCommand.InvokeScript(false, ScriptBlock.Create(script), null, arguments);
}
