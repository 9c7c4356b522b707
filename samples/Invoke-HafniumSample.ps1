<#
.SYNOPSIS
    Runs HafniumTools over the bundled sample data: one verdict per server for a sample fleet's triage folders and
    its HTML report, then the detail: builds, configuration, logs and web folders of a server compromised through
    ProxyLogon, and a second server (EXCH07) compromised through ProxyShell.

.DESCRIPTION
    The README's "main job" on a machine with only the .NET SDK:

        dotnet tool restore && dotnet pwsh ./build.ps1 -Task Sample

    It also runs in pwsh or Windows PowerShell after Import-Module ./HafniumTools.psd1. Each section prints its
    results through the module's views (to the host, so -PassThru output stays objects only); the findings of every
    section are summarised at the end. The last section shows how bad input is reported: one error record per bad
    item, and the run goes on.

.PARAMETER SampleRoot
    The samples folder; defaults to the folder of this script.

.PARAMETER ReportPath
    Where the sample fleet's HTML report is written (replaced if it exists); defaults to out/sample-report.html
    next to the samples folder.

.PARAMETER PassThru
    Also write every result object to the pipeline (for Export-Csv, ConvertTo-Json or Pester).
#>
[CmdletBinding()]
param(
    [string] $SampleRoot = $PSScriptRoot,
    [string] $ReportPath,
    [switch] $PassThru
)

Set-StrictMode -Version 3.0

if (-not (Get-Module HafniumTools)) {
    Import-Module ([System.IO.Path]::Combine($SampleRoot, '..', 'HafniumTools.psd1')) -ErrorAction Stop
}

function Get-SamplePath {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Part)
    [System.IO.Path]::Combine([string[]](@($SampleRoot) + $Part))
}

function Show-Section {
    param([string] $Title, [scriptblock] $Body)
    Write-Host ''
    Write-Host "=== $Title"
    $results = @(& $Body)
    Write-Host (($results | Out-String -Width 120).TrimEnd())
    $script:all += $results
}

$script:all = @()

Show-Section 'One verdict per server: Invoke-HafniumAudit over the sample servers'' triage folders (samples/logs, samples/fleet)' {
    Invoke-HafniumAudit -Path (Get-SamplePath 'logs' '*'), (Get-SamplePath 'fleet' '*') | Sort-Object Status -Descending
}

if (-not $ReportPath) { $ReportPath = [System.IO.Path]::Combine($SampleRoot, '..', 'out', 'sample-report.html') }
$ReportPath = [System.IO.Path]::GetFullPath($ReportPath)
[void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($ReportPath))
$fleetAudits = @($script:all | Where-Object { $_ -is [HafniumTools.Model.ServerAudit] })
$report = $fleetAudits | Export-HafniumReport -LiteralPath $ReportPath -Title 'Sample fleet: ProxyLogon audit' -Force -PassThru
Write-Host ''
Write-Host "The fleet's report, to open in any browser: $($report.FullName)"

Show-Section 'Are the servers patched? Builds as admins have them (samples/builds/fleet.txt)' {
    [System.IO.File]::ReadAllLines((Get-SamplePath 'builds' 'fleet.txt')) | Test-HafniumBuild
}

Show-Section 'Get-ExchangeServer objects as Exchange Management Shell delivers them (deserialized)' {
    [System.Management.Automation.PSSerializer]::Deserialize([System.IO.File]::ReadAllText((Get-SamplePath 'builds' 'exchange-servers.clixml'))) |
        Test-HafniumBuild
}

Show-Section 'OAB virtual directories from Get-OabVirtualDirectory (deserialized)' {
    [System.Management.Automation.PSSerializer]::Deserialize([System.IO.File]::ReadAllText((Get-SamplePath 'exchange-config' 'oab-vdirs.clixml'))) |
        Find-HafniumOabAnomaly
}

Show-Section 'OAB configuration dumps and ECP auth pages on disk (samples/webroot/ecp-oab)' {
    # A dump in ecp\auth is judged by the same rule whichever cmdlet finds it: each finding is listed once.
    $listed = [System.Collections.Generic.HashSet[string]]::new()
    & {
        Find-HafniumOabAnomaly -Path (Get-SamplePath 'webroot' 'ecp-oab')
        Find-HafniumEcpAnomaly -Path (Get-SamplePath 'webroot' 'ecp-oab')
    } | Where-Object { $listed.Add("$($_.RuleId) $($_.Evidence)") }
}

Show-Section 'Web shells, look-alike pages, LSASS dumps and staging archives (samples/webroot/webshells)' {
    Find-HafniumWebShell -Path (Get-SamplePath 'webroot' 'webshells')
}

Show-Section 'ProxyShell''s mailbox-export shell and an admin''s PST export (samples/webroot/proxyshell)' {
    # The PST written as an .aspx is a shell whatever it holds; the admin's .pst on a share stays silent.
    Find-HafniumWebShell -Path (Get-SamplePath 'webroot' 'proxyshell') -ComputerName EXCH07
}

Show-Section 'Log indicators in three servers'' triage folders (samples/logs: EXCH01 ProxyLogon, EXCH02 clean, EXCH07 ProxyShell)' {
    Find-HafniumLogIndicator -Path (Get-SamplePath 'logs') -CoverageVariable script:logCoverage
}

Write-Host ''
Write-Host '=== How far back the logs reach, per server and source (-CoverageVariable)'
Write-Host (($script:logCoverage | Out-String -Width 120).TrimEnd())

Write-Host ''
Write-Host '=== Bad input is reported, and the run goes on (an error record is expected here)'
$badInput = @('n/a', '15.1.2176.9' | Test-HafniumBuild -ErrorVariable badInputErrors -ErrorAction SilentlyContinue)
Write-Host (($badInput | Out-String -Width 120).TrimEnd())
foreach ($record in $badInputErrors) { Write-Host ('error {0}: {1}' -f $record.FullyQualifiedErrorId, $record.Exception.Message) }
$script:all += $badInput

$findings = @($script:all | Where-Object { $_ -is [HafniumTools.Model.Finding] })
$worst = $fleetAudits.Status | Sort-Object -Descending | Select-Object -First 1
$audits = @($script:all | Where-Object { $_ -is [HafniumTools.Builds.BuildAudit] })
Write-Host ''
Write-Host '=== Summary'
Write-Host ('{0} servers audited, the worst {1}: {2}.' -f $fleetAudits.Count, $worst,
    (($fleetAudits | Group-Object Status | Sort-Object { [int][HafniumTools.Model.AuditStatus]$_.Name } -Descending | ForEach-Object { '{0} {1}' -f $_.Count, $_.Name }) -join ', '))
Write-Host ('{0} builds audited: {1} patched, {2} vulnerable, {3} to confirm from ExSetup''s file version.' -f $audits.Count,
    @($audits | Where-Object ProxyLogonStatus -EQ 'Patched').Count,
    @($audits | Where-Object ProxyLogonStatus -EQ 'Vulnerable').Count,
    @($audits | Where-Object ProxyLogonStatus -EQ 'Indeterminate').Count)
foreach ($campaign in [System.Enum]::GetNames([HafniumTools.Model.Campaign])) {
    $servers = @($findings | Where-Object { $_.Campaign.ToString() -eq $campaign -and $_.Verdict.ToString() -in 'Compromise', 'Exploitation' -and $_.ComputerName } |
        ForEach-Object ComputerName | Sort-Object -Unique)
    if ($servers.Count -gt 0) { Write-Host ('{0,-13} compromised or exploited: {1}' -f $campaign, ($servers -join ', ')) }
}
foreach ($verdict in [System.Enum]::GetNames([HafniumTools.Model.Verdict])) {
    $count = @($findings | Where-Object { $_.Verdict.ToString() -eq $verdict }).Count
    if ($count -gt 0) { Write-Host ('{0,-13} {1} finding(s)' -f $verdict, $count) }
}

if ($PassThru) { $script:all }
