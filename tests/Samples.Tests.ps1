#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.0' }
# The samples admins copy: the Pester fleet audit (samples/Fleet.Tests.ps1) and the unattended runbook
# (samples/Invoke-AuditRunbook.ps1), run over the sample fleet as users run them. A fleet test that passed on the
# compromised server, or a runbook that exits 0 for a server it could not read, would be the worst bug we could ship.

BeforeAll {
    $root = Split-Path -Parent $PSScriptRoot
    $manifest = Join-Path $root 'HafniumTools.psd1'
    $triage = @((Join-Path $root 'samples/logs/*'), (Join-Path $root 'samples/fleet/*'))

    # The current PowerShell as a fresh process (pwsh, or dotnet running pwsh.dll for the pinned tool).
    $pwshExe = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $pwshArgs = @()
    if ([System.IO.Path]::GetFileNameWithoutExtension($pwshExe) -eq 'dotnet') { $pwshArgs = @(Join-Path $PSHOME 'pwsh.dll') }
    # Runs the runbook as a scheduler does, in a fresh non-interactive process, and returns its exit code and output.
    function Invoke-Runbook {
        param([string[]] $Path, [string] $OutputFolder, [string] $Build)
        $quote = { "'" + ($args[0] -replace "'", "''") + "'" }
        $command = "& $(& $quote (Join-Path $root 'samples/Invoke-AuditRunbook.ps1')) -Path $(($Path | ForEach-Object { & $quote $_ }) -join ',') -OutputFolder $(& $quote $OutputFolder)"
        if ($Build) { $command += " -Build $(& $quote $Build)" }
        $output = & $pwshExe @($pwshArgs + @('-NoProfile', '-NonInteractive', '-Command', $command + '; exit $LASTEXITCODE')) 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output | ForEach-Object { "$_" }) }
    }
}

Describe 'samples/Fleet.Tests.ps1 over the sample fleet' {
    BeforeAll {
        # Pester in its own process: a fleet test run is a whole Invoke-Pester, not a block inside this one.
        $job = Start-Job -ArgumentList (Get-Module Pester).Path, $manifest, (Join-Path $root 'samples/Fleet.Tests.ps1'), $triage -ScriptBlock {
            param($Pester, $Manifest, $FleetTests, $Triage)
            Import-Module $Pester
            Import-Module $Manifest
            $container = New-PesterContainer -Path $FleetTests -Data @{ Path = $Triage }
            $run = Invoke-Pester -Container $container -PassThru -Output None
            foreach ($test in $run.Tests) {
                [pscustomobject]@{
                    Server  = $test.Block.Data.Name
                    Test    = $test.Name
                    Result  = [string]$test.Result
                    Message = (@($test.ErrorRecord | ForEach-Object { $_.Exception.Message }) -join ' ')
                }
            }
        }
        $tests = @($job | Receive-Job -Wait -AutoRemoveJob)
        function Get-Test([string] $Server, [string] $Test) { $tests | Where-Object { $_.Server -eq $Server -and $_.Test -eq $Test } }
    }

    It 'gives every server of the sample fleet its five tests' {
        @($tests.Server | Sort-Object -Unique) | Should -Be @('EXCH01.contoso.local', 'EXCH02', 'EXCH03', 'EXCH04', 'EXCH05', 'EXCH06', 'EXCH07.contoso.local')
        $tests.Count | Should -Be 35
    }

    It 'fails the compromised server and says why in the audit''s words' {
        $t = Get-Test 'EXCH01.contoso.local' 'shows no exploitation or compromise'
        $t.Result | Should -Be 'Failed'
        $t.Message | Should -Match 'Compromised: web shell'
    }

    It 'fails the server exploited through ProxyShell, naming the campaign' {
        $t = Get-Test 'EXCH07.contoso.local' 'shows no exploitation or compromise'
        $t.Result | Should -Be 'Failed'
        $t.Message | Should -Match 'Exploited: ProxyShell'
    }

    It 'fails the exploited server and the attempted one, and passes the probed one' {
        (Get-Test 'EXCH05' 'shows no exploitation or compromise').Result | Should -Be 'Failed'
        (Get-Test 'EXCH04' 'shows no exploitation or compromise').Result | Should -Be 'Failed'
        (Get-Test 'EXCH03' 'shows no exploitation or compromise').Result | Should -Be 'Passed'
    }

    It 'fails a server patched against ProxyLogon whose build lacks the later campaigns'' fixes, naming them' {
        (Get-Test 'EXCH04' 'is patched against ProxyLogon').Result | Should -Be 'Passed'
        $t = Get-Test 'EXCH04' 'is patched against ProxyShell, ProxyNotShell and OWASSRF'
        $t.Result | Should -Be 'Failed'
        $t.Message | Should -Match 'ProxyShell: Clean, patch Vulnerable \(open: CVE-2021-34473'
    }

    It 'passes the clean server' {
        $t = Get-Test 'EXCH02' 'shows no exploitation or compromise'
        $t.Result | Should -Be 'Passed'
        (Get-Test 'EXCH02' 'could be audited').Result | Should -Be 'Passed'
    }

    It 'does not call a server with no logs audited, and says what was missing' {
        $t = Get-Test 'EXCH06' 'could be audited'
        $t.Result | Should -Be 'Failed'
        $t.Message | Should -Match 'no logs were read'
        (Get-Test 'EXCH06' 'has logs that reach back far enough').Result | Should -Be 'Failed'
    }

    It 'fails an unpatched build with the catalog''s reason and passes a patched one' {
        $t = Get-Test 'EXCH05' 'is patched against ProxyLogon'
        $t.Result | Should -Be 'Failed'
        $t.Message | Should -Match 'CVE-2021-26855'
        (Get-Test 'EXCH04' 'is patched against ProxyLogon').Result | Should -Be 'Passed'
    }
}

Describe 'samples/Invoke-AuditRunbook.ps1' {
    It 'exits 2 when a server shows hostile activity, and writes the report and the JSON verdict' {
        $out = Join-Path $TestDrive 'reports [fleet]'
        $r = Invoke-Runbook -Path (Join-Path $root 'samples/fleet/EXCH05'), (Join-Path $root 'samples/logs/EXCH02') -OutputFolder $out
        $r.ExitCode | Should -Be 2 -Because ($r.Output -join "`n")
        $r.Output[0] | Should -Be 'EXCH05: Exploited (Vulnerable)'
        $verdict = Get-Content -LiteralPath (Join-Path $out 'audit.json') -Raw | ConvertFrom-Json
        $verdict.WorstStatus | Should -Be 'Exploited'
        Test-Path -LiteralPath (Join-Path $out 'audit.html') | Should -BeTrue
    }

    It 'exits 3, not 0, when a server could not be audited and none shows hostile activity' {
        $r = Invoke-Runbook -Path (Join-Path $root 'samples/fleet/EXCH06'), (Join-Path $root 'samples/logs/EXCH02') -OutputFolder (Join-Path $TestDrive 'unknown')
        $r.ExitCode | Should -Be 3 -Because ($r.Output -join "`n")
        $r.Output | Should -Contain 'EXCH06: Unknown (Patched)'
    }

    It 'exits 0 only when every server was read and is clean' {
        $r = Invoke-Runbook -Path (Join-Path $root 'samples/logs/EXCH02') -OutputFolder (Join-Path $TestDrive 'clean')
        $r.ExitCode | Should -Be 0 -Because ($r.Output -join "`n")
        $r.Output | Should -Be @('EXCH02: Clean (Unknown)')
    }

    It 'exits 4 with the reason when the audit cannot run' {
        $r = Invoke-Runbook -Path (Join-Path $root 'samples/logs/EXCH02') -Build 'latest' -OutputFolder (Join-Path $TestDrive 'bad')
        $r.ExitCode | Should -Be 4
        $r.Output -join ' ' | Should -Match 'InvalidExchangeBuild'
    }
}
