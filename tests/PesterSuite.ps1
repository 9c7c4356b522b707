<#
.SYNOPSIS
    Runs every tests/*.Tests.ps1 file (and the other Pester paths given) under one pinned Pester version.

.DESCRIPTION
    build.ps1 -Task Test starts this script in a fresh PowerShell process once per Pester version, because two
    versions of Pester cannot be loaded into one session. The exit code is the number of failed tests (capped at 100),
    or 101 when Pester itself could not run; the NUnit XML result goes to -ResultPath.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $ResultPath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

try {
    Import-Module $PesterManifest -Force
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $TestPath
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Normal'
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = $ResultPath
    $result = Invoke-Pester -Configuration $configuration
}
catch {
    Write-Error -ErrorRecord $_ -ErrorAction Continue
    exit 101
}

'Pester {0}: {1} passed, {2} failed, {3} skipped' -f (Get-Module Pester).Version, $result.PassedCount, $result.FailedCount, $result.SkippedCount
if ($result.FailedCount -gt 0) { exit ([Math]::Min(100, $result.FailedCount)) }
if ($result.PassedCount -eq 0) { exit 101 }
exit 0
