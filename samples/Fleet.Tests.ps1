<#
.SYNOPSIS
    A Pester fleet audit: one Describe per Exchange server, each failing with the audit's own sentence.

.DESCRIPTION
    Audits the servers once (through remoting with -ComputerName or -Session's computer names, or triage folders with
    -Path) and asserts, per server, what an Exchange team signs off on:

      - it could be audited (Status is not Unknown: evidence read, server reached);
      - it shows no exploitation or compromise (Status is Clean or Probed: scanners hit every server on the Internet);
      - it is patched against ProxyLogon (PatchStatus Patched: the build's security update is known and fixes all four CVEs);
      - it is patched against the later campaigns (each of ProxyShell, ProxyNotShell and OWASSRF Patched or not
        applicable in the audit's Campaigns, which name the CVEs the build still lacks);
      - its logs reach back to -LogsSince (so "no sign" covers the period that matters).

    A failure says why in the audit's words (Summary, PatchReason, the coverage). Run it with data:

        $container = New-PesterContainer -Path ./samples/Fleet.Tests.ps1 -Data @{ ComputerName = (Get-ExchangeServer).Fqdn }
        Invoke-Pester -Container $container -Output Detailed

        # triage folders collected from the servers, on any OS:
        $container = New-PesterContainer -Path ./samples/Fleet.Tests.ps1 -Data @{ Path = './triage/*' }

    Works with Pester 5 and 6. The servers are audited during discovery, so each server is its own block of tests
    in the results (NUnit/JUnit XML for a CI dashboard: Invoke-Pester -CI).

.PARAMETER ComputerName
    Servers to audit over WinRM remoting (the module must be installed on them).

.PARAMETER Path
    Triage folders, one per server or folders of them.

.PARAMETER Build
    The build to judge where triage folders carry none.

.PARAMETER LogsSince
    The logs of every server must reach back at least to this time. The default is the start of the Hafnium campaign
    as published (exploitation from 6 January 2021).
#>
param(
    [string[]] $ComputerName,
    [string[]] $Path,
    [string] $Build,
    [datetime] $LogsSince = [datetime]::new(2021, 1, 6, 0, 0, 0, [System.DateTimeKind]::Utc)
)

BeforeDiscovery {
    if (-not (Get-Module HafniumTools)) { Import-Module HafniumTools -ErrorAction Stop }
    $parameters = @{}
    if ($Build) { $parameters.Build = $Build }
    $audits = if ($ComputerName) {
        @(Invoke-HafniumAudit -ComputerName $ComputerName @parameters)
    } elseif ($Path) {
        @(Invoke-HafniumAudit -Path $Path @parameters)
    } else {
        @(Invoke-HafniumAudit @parameters)
    }
    $servers = @($audits | Sort-Object ComputerName | ForEach-Object { @{ Name = $_.ComputerName; Audit = $_; LogsSince = $LogsSince } })
}

Describe 'Exchange server <Name>' -ForEach $servers {
    It 'could be audited' {
        $Audit.Status | Should -Not -Be 'Unknown' -Because $Audit.Summary
    }

    It 'shows no exploitation or compromise' {
        $Audit.Status | Should -BeIn @('Clean', 'Probed') -Because $Audit.Summary
    }

    It 'is patched against ProxyLogon' {
        $Audit.PatchStatus | Should -Be 'Patched' -Because $Audit.PatchReason
    }

    It 'is patched against ProxyShell, ProxyNotShell and OWASSRF' {
        $open = @($Audit.Campaigns | Where-Object { $_.Campaign -ne 'ProxyLogon' -and $_.PatchStatus -notin @('Patched', 'NotApplicable') })
        @($open | ForEach-Object { "$_" }) | Should -BeNullOrEmpty -Because 'the build must carry every campaign''s fixes (a build that cannot be judged counts as not shown)'
    }

    It 'has logs that reach back far enough' {
        $logs = @($Audit.Coverage | Where-Object { $_.Category -ne 'FileSystem' -and $_.FirstTimestamp })
        $earliest = ($logs.FirstTimestamp | Sort-Object | Select-Object -First 1)
        $why = if ($earliest) { "the earliest log record read is $($earliest.ToString('u')) ($($logs.Source -join ', '))" } else { 'no log records were read' }
        $earliest | Should -Not -BeNullOrEmpty -Because $why
        $earliest.UtcDateTime | Should -BeLessOrEqual $LogsSince.ToUniversalTime() -Because $why
    }
}
