#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Find-HafniumOabAnomaly and Find-HafniumEcpAnomaly as a user runs them: the built module, deserialized Exchange
# objects from CLIXML, and the fixture web tree. Run from the repository root after `dotnet build src/HafniumTools`:
#   Invoke-Pester ./tests/OabEcp.Tests.ps1

BeforeAll {
    $repoRoot = Split-Path -Parent $PSScriptRoot
    Import-Module (Join-Path $repoRoot 'HafniumTools.psd1') -Force
    $fixtures = Join-Path $repoRoot 'tests/HafniumTools.Tests/Fixtures/Configuration'
    $clixml = Join-Path $fixtures 'clixml'
}

Describe 'Find-HafniumOabAnomaly with deserialized Get-OabVirtualDirectory objects' {
    It 'reports a script in ExternalUrl as Critical Exploitation naming server and directory' {
        $findings = Import-Clixml (Join-Path $clixml 'oab-vdirs-externalurl-script.clixml') | Find-HafniumOabAnomaly
        $findings | Should -HaveCount 1
        $findings[0].RuleId | Should -Be 'HT-VD-001'
        $findings[0].Severity | Should -Be 'Critical'
        $findings[0].ComputerName | Should -Be 'EX01'
        $findings[0].Evidence | Should -Be 'EX01\OAB (Default Web Site) ExternalUrl'
    }

    It 'reports a script in InternalUrl' {
        $findings = Import-Clixml (Join-Path $clixml 'oab-vdirs-internalurl-script.clixml') | Find-HafniumOabAnomaly
        $findings.RuleId | Should -Be 'HT-VD-001'
        $findings.Evidence | Should -BeLike '*InternalUrl'
        $findings.ComputerName | Should -Be 'MXS01'
    }

    It 'says nothing about normal or unset URLs' {
        Import-Clixml (Join-Path $clixml 'oab-vdirs-clean.clixml') | Find-HafniumOabAnomaly | Should -BeNullOrEmpty
    }

    It 'refuses other directory types with NotAnOabVirtualDirectory' {
        $null = Import-Clixml (Join-Path $clixml 'client-vdirs-mixed.clixml') | Find-HafniumOabAnomaly -ErrorVariable errs -ErrorAction SilentlyContinue
        ($errs | Where-Object { $_.FullyQualifiedErrorId -like 'NotAnOabVirtualDirectory*' }) | Should -HaveCount 3
    }

    It 'refuses input that is not a virtual directory' {
        $null = 'C:\inetpub' | Find-HafniumOabAnomaly -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NotAVirtualDirectory*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be 'C:\inetpub'
    }
}

Describe 'Find-HafniumOabAnomaly on disk' {
    It 'finds every configuration-dump web shell of the fixture tree and nothing benign at Medium or above' {
        $findings = Find-HafniumOabAnomaly -Path (Join-Path $fixtures 'tree')
        $serious = $findings | Where-Object Severity -ge 'Medium'
        ($serious | ForEach-Object { Split-Path -Leaf $_.Path } | Sort-Object) | Should -Be @('ohyeah.aspx', 'xgqjv.aspx', 'zxvt0lpt.aspx')
        $serious | ForEach-Object { $_.Verdict | Should -Be 'Compromise' }
    }

    It 'reports a missing path as PathNotFound and goes on' {
        $findings = Find-HafniumOabAnomaly -Path (Join-Path $fixtures 'nope'), (Join-Path $fixtures 'dumps') -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound*'
        ($findings | Where-Object RuleId -eq 'HT-OAB-101') | Should -HaveCount 4
    }
}

Describe 'One judgement of a configuration dump' {
    It 'gives the same rule, verdict and evidence from Find-HafniumWebShell and Find-HafniumOabAnomaly' {
        foreach ($dump in Get-ChildItem (Join-Path $fixtures 'dumps')) {
            $oab = Find-HafniumOabAnomaly -LiteralPath $dump.FullName
            $web = Find-HafniumWebShell -LiteralPath $dump.FullName | Where-Object RuleId -like 'HT-OAB-*'
            "$($web.RuleId) $($web.Verdict) $($web.Evidence)" | Should -Be "$($oab.RuleId) $($oab.Verdict) $($oab.Evidence)" -Because $dump.Name
        }
    }
}

Describe 'Find-HafniumEcpAnomaly' {
    It 'checks every directory type from the pipeline' {
        $findings = Import-Clixml (Join-Path $clixml 'client-vdirs-mixed.clixml') | Find-HafniumEcpAnomaly
        ($findings.RuleId | Sort-Object) | Should -Be @('HT-VD-001', 'HT-VD-003', 'HT-VD-004')
    }

    It 'reports files in ecp\auth other than TimeoutLogout.aspx' {
        $findings = Find-HafniumEcpAnomaly -Path (Join-Path $fixtures 'tree')
        ($findings | Where-Object RuleId -eq 'HT-WS-022' | ForEach-Object { Split-Path -Leaf $_.Path } | Sort-Object) | Should -Be @('notes.txt', 'xgqjv.aspx')
    }

    It 'passes the log engine''s findings through for -LogPath, without errors' {
        $logs = Join-Path (Split-Path -Parent $fixtures) (Join-Path 'Logs' 'Ecp')
        $found = @(Find-HafniumEcpAnomaly -LogPath $logs -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs | Should -BeNullOrEmpty
        $found.RuleId | Should -Contain 'HT-ECP-001'
    }
}
