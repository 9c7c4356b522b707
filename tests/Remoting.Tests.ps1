#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.0' }
# Fleet audits get their results from other sessions: Invoke-Command to each server, Start-Job, or a CLIXML file
# saved during the incident. With the module imported here, those results must filter, sort and print exactly like
# live ones (a filter that silently returns nothing would pass a compromised fleet). Run with ./build.ps1 -Task Test
# (or Invoke-Pester ./tests) after building.

BeforeAll {
    $root = Split-Path -Parent $PSScriptRoot
    $manifest = Join-Path $root 'HafniumTools.psd1'
    Import-Module $manifest -Force
    $webshells = Join-Path $root 'samples/webroot/webshells'
    $fleet = Join-Path $root 'samples/builds/fleet.txt'

    $liveFindings = @(Find-HafniumWebShell -Path $webshells)
    $liveAudits = @(Get-Content -LiteralPath $fleet | Test-HafniumBuild -ErrorAction SilentlyContinue)

    $job = Start-Job -ArgumentList $manifest, $webshells, $fleet -ScriptBlock {
        param($Manifest, $WebShells, $Fleet)
        Import-Module $Manifest
        Find-HafniumWebShell -Path $WebShells
        Get-Content -LiteralPath $Fleet | Test-HafniumBuild -ErrorAction SilentlyContinue
    }
    $fromJob = @($job | Receive-Job -Wait -AutoRemoveJob)

    $clixml = Join-Path $TestDrive 'incident.clixml'
    @($liveFindings) + @($liveAudits) | Export-Clixml -LiteralPath $clixml
    $fromClixml = @(Import-Clixml -LiteralPath $clixml)

    function Get-Key {
        param([object[]] $Findings)
        @($Findings | ForEach-Object { '{0} {1}' -f $_.RuleId, $_.Evidence } | Sort-Object)
    }
}

Describe 'Findings and build audits received from <Name>' -ForEach @(
    @{ Name = 'Start-Job' }
    @{ Name = 'Import-Clixml' }
) {
    BeforeAll {
        $results = if ($Name -eq 'Start-Job') { $fromJob } else { $fromClixml }
        $findings = @($results | Where-Object { $_ -is [HafniumTools.Model.Finding] })
        $audits = @($results | Where-Object { $_ -is [HafniumTools.Builds.BuildAudit] })
    }

    It 'are the module''s Finding and BuildAudit objects again, all of them' {
        $results.Count | Should -Be ($liveFindings.Count + $liveAudits.Count)
        $findings.Count | Should -Be $liveFindings.Count
        $audits.Count | Should -Be $liveAudits.Count
    }

    It 'select the same compromises with Where-Object Verdict -eq Compromise' {
        $compromises = @($findings | Where-Object Verdict -EQ 'Compromise')
        $compromises.Count | Should -BeGreaterThan 0
        Get-Key $compromises | Should -Be (Get-Key @($liveFindings | Where-Object Verdict -EQ 'Compromise'))
    }

    It 'select by severity rank with Where-Object Severity -ge High' {
        $serious = @($findings | Where-Object Severity -GE 'High')
        $serious.Count | Should -BeGreaterThan 0
        Get-Key $serious | Should -Be (Get-Key @($liveFindings | Where-Object Severity -GE 'High'))
    }

    It 'sort by severity rank, not alphabetically' {
        $sorted = @($findings | Sort-Object Severity -Descending)
        "$($sorted[0].Severity)" | Should -Be 'Critical'
        ($sorted | ForEach-Object { "$($_.Severity)" }) -join ',' |
            Should -Be (($liveFindings | Sort-Object Severity -Descending | ForEach-Object { "$($_.Severity)" }) -join ',')
    }

    It 'group by verdict name' {
        $groups = $findings | Group-Object Verdict | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count } | Sort-Object
        $groups | Should -Be ($liveFindings | Group-Object Verdict | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count } | Sort-Object)
        $groups | Should -Contain 'Compromise=2'
    }

    It 'keep the CVE list and the times comparable' {
        @($findings | Where-Object Cve -Contains 'CVE-2021-27065').Count | Should -Be @($liveFindings | Where-Object Cve -Contains 'CVE-2021-27065').Count
        ($findings | Where-Object RuleId -EQ 'HT-WS-001').Cve | Should -Contain 'CVE-2021-27065'
        @($findings | Where-Object Timestamp -GT (Get-Date).AddDays(-7)).Count | Should -Be @($liveFindings | Where-Object Timestamp -GT (Get-Date).AddDays(-7)).Count
    }

    It 'select the vulnerable builds with Where-Object ProxyLogonStatus -eq Vulnerable' {
        $vulnerable = @($audits | Where-Object ProxyLogonStatus -EQ 'Vulnerable')
        $vulnerable.Count | Should -BeGreaterThan 1
        ($vulnerable.Version | Sort-Object) | Should -Be (@($liveAudits | Where-Object ProxyLogonStatus -EQ 'Vulnerable').Version | Sort-Object)
        $vulnerable | ForEach-Object { $_.IsProxyLogonPatched | Should -BeFalse }
        $vulnerable | ForEach-Object { $_.MissingCves | Should -Contain 'CVE-2021-26857' }
    }
}
