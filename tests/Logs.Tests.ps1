#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Pester 5 tests of Find-HafniumLogIndicator over the sample logs in samples/logs (a compromised server EXCH01 and
# a clean server EXCH02). Build first (dotnet build src/HafniumTools), then: Invoke-Pester ./tests/Logs.Tests.ps1

BeforeAll {
    $repo = Split-Path -Parent $PSScriptRoot
    Import-Module (Join-Path $repo 'HafniumTools.psd1') -Force
    $script:samples = Join-Path $repo 'samples/logs'
    $results = Find-HafniumLogIndicator -Path $samples
    $script:findings = @($results | Where-Object { $_ -is [HafniumTools.Model.Finding] })
    $script:coverage = @($results | Where-Object { $_ -is [HafniumTools.Logs.LogCoverage] })
}

Describe 'Find-HafniumLogIndicator on the sample triage folder' {
    It 'finds the ECP logon through the SSRF on EXCH01 as exploitation of CVE-2021-26855' {
        $hit = $findings | Where-Object RuleId -eq 'HT-HP-010'
        $hit | Should -HaveCount 1
        $hit.ComputerName | Should -Be 'EXCH01'
        $hit.Verdict | Should -Be 'Exploitation'
        $hit.Cve | Should -Contain 'CVE-2021-26855'
        $hit.HttpStatus | Should -Be 241
        $hit.LineNumber | Should -BeGreaterThan 6
    }

    It 'reports the OAB reset answered 500 as exploitation, not as a failure' {
        $resets = $findings | Where-Object RuleId -eq 'HT-HP-012'
        $resets.HttpStatus | Should -Contain 500
        $resets | ForEach-Object { $_.Verdict | Should -Be 'Exploitation' }
    }

    It 'reports the web shell answering as a compromise' {
        ($findings | Where-Object Verdict -eq 'Compromise').Url | Should -Contain 'https://mail.contoso.com/owa/auth/RedirSuiteServerProxy.aspx'
    }

    It 'keeps probes and attempts below exploitation' {
        $findings | Where-Object RuleId -in 'HT-HP-020', 'HT-HP-030', 'HT-HP-031', 'HT-HP-052' | ForEach-Object {
            $_.Verdict | Should -BeIn 'Attempt', 'Probe'
        }
    }

    It 'says nothing about the clean server' {
        $findings | Where-Object ComputerName -eq 'EXCH02' | Should -BeNullOrEmpty
    }

    It 'reports coverage per server and source with UTC times' {
        $coverage.ComputerName | Select-Object -Unique | Sort-Object | Should -Be @('EXCH01', 'EXCH02')
        $owa = $coverage | Where-Object { $_.ComputerName -eq 'EXCH02' -and $_.Source -eq 'HttpProxy/Owa' }
        $owa.FirstTimestamp.Offset | Should -Be ([timespan]::Zero)
        $owa.FirstTimestamp | Should -Be ([datetimeoffset]::new(2021, 3, 1, 8, 0, 0, [timespan]::Zero))
        $owa.UnreadableFiles | Should -Be 0
    }

    It 'gives the same findings for files piped from Get-ChildItem' {
        $piped = Get-ChildItem -Path $samples -Recurse | Find-HafniumLogIndicator | Where-Object { $_ -is [HafniumTools.Model.Finding] }
        @($piped).Count | Should -Be $findings.Count
    }

    It 'recognises a renamed file by its header' {
        $source = Get-ChildItem -Path $samples -Recurse -Filter 'HttpProxy_2021030303-1.LOG' | Select-Object -First 1
        $copy = Join-Path $TestDrive 'evidence.txt'
        Copy-Item -LiteralPath $source.FullName -Destination $copy
        (Find-HafniumLogIndicator -Path $copy | Where-Object { $_ -is [HafniumTools.Model.Finding] -and $_.RuleId -eq 'HT-HP-010' }) | Should -HaveCount 1
    }

    It 'filters by time with -Since' {
        $late = Find-HafniumLogIndicator -Path $samples -Since ([datetime]::new(2021, 3, 4, 0, 0, 0, [System.DateTimeKind]::Utc)) |
            Where-Object { $_ -is [HafniumTools.Model.Finding] }
        $late | ForEach-Object { $_.Timestamp | Should -BeGreaterOrEqual ([datetime]::new(2021, 3, 4, 0, 0, 0, [System.DateTimeKind]::Utc)) }
        @($late).Count | Should -BeLessThan $findings.Count
    }

    It 'writes LogPathNotFound for a missing path and goes on' {
        $missing = Join-Path $TestDrive 'no-such-folder'
        $out = Find-HafniumLogIndicator -Path $missing, $samples -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LogPathNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be $missing
        @($out | Where-Object { $_ -is [HafniumTools.Model.Finding] }).Count | Should -Be $findings.Count
    }
}
