<#
.SYNOPSIS
    An unattended audit for a scheduler or an automation account: audit, write the report and the JSON verdict, and
    exit with a code that tells "hostile activity" from "could not audit" from "clean".

.DESCRIPTION
    Exit codes (the worst server decides):
      0  every server was audited and shows nothing beyond probes;
      2  a server shows hostile activity beyond probes (Attempted, Exploited or Compromised);
      3  a server could not be audited (Unknown: not reached, no logs read, unreadable evidence), and none is worse;
      4  the audit itself could not run (a bad parameter, a missing module).
    Unknown is never read as clean. Nothing prompts and nothing is written to the console except one line per server.

        pwsh -NonInteractive -File ./samples/Invoke-AuditRunbook.ps1 -ComputerName ex01.contoso.com, ex02.contoso.com -OutputFolder D:\Reports
        pwsh -NonInteractive -File ./samples/Invoke-AuditRunbook.ps1 -Path '/cases/2021-117/*' -OutputFolder ./reports

.PARAMETER ComputerName
    Servers to audit over WinRM remoting.

.PARAMETER Path
    Triage folders to audit (taken as written: names with [ ] work).

.PARAMETER OutputFolder
    Where audit.html (the report) and audit.json (the fleet verdict) are written; existing files are replaced.

.PARAMETER Build
    The build to judge where triage folders carry none.
#>
[CmdletBinding(PositionalBinding = $false)]
param(
    [string[]] $ComputerName,
    [string[]] $Path,
    [Parameter(Mandatory)] [string] $OutputFolder,
    [string] $Build
)

$ErrorActionPreference = 'Stop'
try {
    if (-not (Get-Module HafniumTools)) {
        $here = [System.IO.Path]::Combine($PSScriptRoot, '..', 'HafniumTools.psd1')
        if ([System.IO.File]::Exists($here)) { Import-Module $here } else { Import-Module HafniumTools }
    }

    $parameters = @{ ErrorAction = 'Continue' }
    if ($Build) { $parameters.Build = $Build }
    if ($ComputerName) { $parameters.ComputerName = $ComputerName }
    elseif ($Path) { $parameters.LiteralPath = $Path }
    # Per-item errors (an unreadable file) are kept on the server's audit (Errors, CoverageGaps) and make it Unknown
    # where they matter; the error stream is recorded too.
    $audits = @(Invoke-HafniumAudit @parameters -ErrorVariable auditErrors 2>$null)

    [void][System.IO.Directory]::CreateDirectory($OutputFolder)
    $html = [System.IO.Path]::Combine($OutputFolder, 'audit.html')
    $json = [System.IO.Path]::Combine($OutputFolder, 'audit.json')
    $audits | Export-HafniumReport -LiteralPath $html -JsonPath $json -Force
}
catch {
    Write-Output ('audit failed: {0} ({1})' -f $_.Exception.Message, $_.FullyQualifiedErrorId)
    exit 4
}

foreach ($audit in $audits | Sort-Object Status -Descending) {
    Write-Output ('{0}: {1} ({2})' -f $audit.ComputerName, $audit.Status, $audit.PatchStatus)
}
foreach ($e in $auditErrors) { Write-Output ('error {0}: {1}' -f $e.FullyQualifiedErrorId, $e.Exception.Message) }

$worst = $audits.Status | Sort-Object -Descending | Select-Object -First 1
if ($audits.Count -eq 0) { exit 3 }
if ($worst -ge [HafniumTools.Model.AuditStatus]::Attempted) { exit 2 }
if ($worst -eq [HafniumTools.Model.AuditStatus]::Unknown -or $auditErrors.Count -gt 0) { exit 3 }
exit 0
