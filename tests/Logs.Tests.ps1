#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Pester 5 tests of Find-HafniumLogIndicator over the sample logs in samples/logs (a compromised server EXCH01 and
# a clean server EXCH02). Build first (dotnet build src/HafniumTools), then: Invoke-Pester ./tests/Logs.Tests.ps1

BeforeAll {
    $repo = Split-Path -Parent $PSScriptRoot
    Import-Module (Join-Path $repo 'HafniumTools.psd1') -Force
    $script:samples = Join-Path $repo 'samples/logs'
    $script:results = @(Find-HafniumLogIndicator -Path $samples -CoverageVariable sampleCoverage)
    $script:findings = @($results | Where-Object { $_ -is [HafniumTools.Model.Finding] })
    $script:coverage = @($sampleCoverage)
}

Describe 'Find-HafniumLogIndicator on the sample triage folder' {
    It 'finds the ECP logon through the SSRF on EXCH01 as exploitation of CVE-2021-26855' {
        $hit = $findings | Where-Object RuleId -eq 'HT-HP-010'
        $hit | Should -HaveCount 1
        $hit.ComputerName | Should -Be 'EXCH01.contoso.local'
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

    It 'writes only findings to the pipeline' {
        $results.Count | Should -BeGreaterThan 0
        $results.Count | Should -Be $findings.Count
    }

    It 'reports coverage per server and source with UTC times' {
        $coverage | ForEach-Object { $_ | Should -BeOfType ([HafniumTools.Model.ScanCoverage]) }
        $coverage.ComputerName | Select-Object -Unique | Sort-Object | Should -Be @('EXCH01.contoso.local', 'EXCH02', 'EXCH07.contoso.local')
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

    It 'writes PathNotFound for a missing path and goes on' {
        $missing = Join-Path $TestDrive 'no-such-folder'
        $out = Find-HafniumLogIndicator -Path $missing, $samples -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be $missing
        @($out | Where-Object { $_ -is [HafniumTools.Model.Finding] }).Count | Should -Be $findings.Count
    }

    It 'says NoEvidenceRead, not clean, when the only path is missing' {
        $missing = Join-Path $TestDrive 'no-such-folder'
        $out = Find-HafniumLogIndicator -Path $missing -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 2
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*' -Because 'the path is named first'
        $err[0].TargetObject | Should -Be $missing
        $err[1].FullyQualifiedErrorId | Should -BeLike 'NoEvidenceRead,*'
    }

    It 'writes PathNotFound naming a wildcard pattern that matches nothing' {
        $pattern = Join-Path $samples 'no-such-*'
        $null = Find-HafniumLogIndicator -Path $pattern -ErrorVariable err -ErrorAction SilentlyContinue
        $notFound = @($err | Where-Object FullyQualifiedErrorId -Like 'PathNotFound,*')
        $notFound | Should -HaveCount 1
        $notFound[0].TargetObject | Should -Be $pattern
    }
}

Describe 'Find-HafniumLogIndicator on a case folder named with [ ]' {
    BeforeAll {
        $script:caseFolder = Join-Path $TestDrive 'EX01 [case 2]'
        $null = New-Item -ItemType Directory -Path $TestDrive -Name 'EX01 [case 2]'
        Copy-Item -LiteralPath (Join-Path $samples 'EXCH01') -Destination $caseFolder -Recurse
        $script:plainCount = @(Find-HafniumLogIndicator -Path (Join-Path $samples 'EXCH01')).Count
    }

    It 'reads it with -LiteralPath as under a plain name' {
        $plainCount | Should -BeGreaterThan 0
        @(Find-HafniumLogIndicator -LiteralPath $caseFolder).Count | Should -Be $plainCount
    }

    It 'reads it with -Path too, never a silent zero' {
        $out = @(Find-HafniumLogIndicator -Path $caseFolder -ErrorVariable err -ErrorAction SilentlyContinue)
        if ($err) { $err.Count | Should -BeGreaterThan 0 } else { $out.Count | Should -Be $plainCount }
    }

    It 'reads Get-ChildItem output piped in' {
        @(Get-ChildItem -LiteralPath $caseFolder -Recurse | Find-HafniumLogIndicator).Count | Should -Be $plainCount
    }
}
