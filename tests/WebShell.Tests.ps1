#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.0' }
# Find-HafniumWebShell as a user runs it: the bundled sample server, a tree built from the test fixtures, and the
# error behaviour. Run with Invoke-Pester ./tests/WebShell.Tests.ps1 after building.

BeforeAll {
    $script:root = Split-Path -Parent $PSScriptRoot
    Import-Module (Join-Path $root 'HafniumTools.psd1') -Force
    $script:fixtures = Join-Path $root 'tests/HafniumTools.Tests/Fixtures/Files'
    $script:sample = Join-Path $root 'samples/webroot/webshells'
}

Describe 'Find-HafniumWebShell on the sample compromised server' {
    BeforeAll {
        $script:findings = @(Find-HafniumWebShell -Path $sample)
    }

    It 'finds the China Chopper in aspnet_client as a Critical compromise' {
        $hit = $findings | Where-Object { $_.RuleId -eq 'HT-WS-001' }
        $hit.Path | Should -BeLike '*zxvt0lpt.aspx'
        $hit.Severity | Should -Be 'Critical'
        $hit.Verdict | Should -Be 'Compromise'
        $hit.LineNumber | Should -Be 1
        $hit.FileSha256 | Should -Match '^[0-9a-f]{64}$'
    }

    It 'finds the OAB-dump shell under a look-alike name' {
        ($findings | Where-Object { $_.RuleId -eq 'HT-OAB-101' }).Evidence | Should -BeLike '*RedirSuiteServerProxy.aspx:18'
        ($findings | Where-Object { $_.RuleId -eq 'HT-WS-021' }).Path | Should -BeLike '*RedirSuiteServerProxy.aspx'
    }

    It 'reports the dump and the archive as context only' {
        $context = @($findings | Where-Object { $_.Verdict -eq 'Context' })
        $context.RuleId | Sort-Object | Should -Be @('HT-WS-040', 'HT-WS-042')
    }

    It 'raises nothing on the benign pages' {
        $benign = 'logon.aspx', 'RedirSuiteServiceProxy.aspx', 'flogon.js', 'TimeoutLogout.aspx', 'status.aspx', 'web.config', 'iisstart.htm'
        $findings | Where-Object { (Split-Path -Leaf $_.Path) -in $benign } | Should -BeNullOrEmpty
    }

    It 'survives Export-Csv with the evidence intact' {
        $csv = Join-Path $TestDrive 'findings.csv'
        $findings | Export-Csv -Path $csv -NoTypeInformation
        $back = Import-Csv -Path $csv
        ($back | Where-Object RuleId -eq 'HT-WS-001').FileSha256 | Should -Match '^[0-9a-f]{64}$'
        ($back | Where-Object RuleId -eq 'HT-OAB-101').Cve | Should -Be 'CVE-2021-27065, CVE-2021-26855'
    }
}

Describe 'Find-HafniumWebShell on shells and benign pages in an Exchange tree' {
    BeforeAll {
        $script:tree = Join-Path $TestDrive 'server'
        $auth = Join-Path $tree 'Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth'
        $aspnet = Join-Path $tree 'inetpub/wwwroot/aspnet_client/system_web'
        New-Item -ItemType Directory -Path $auth, $aspnet -Force | Out-Null
        Get-ChildItem (Join-Path $fixtures 'Shells') | ForEach-Object { Copy-Item $_.FullName (Join-Path $aspnet $_.Name) }
        Get-ChildItem (Join-Path $fixtures 'Benign') | ForEach-Object { Copy-Item $_.FullName (Join-Path $auth ('b-' + $_.Name)) }
        Copy-Item (Join-Path $fixtures 'Benign/logon.aspx') (Join-Path $auth 'logon.aspx')
        $script:result = @(Get-Item $tree | Find-HafniumWebShell)
    }

    It 'finds every shell fixture as a High or Critical compromise' {
        foreach ($shell in Get-ChildItem (Join-Path $fixtures 'Shells')) {
            $result | Where-Object { $_.Path -like "*$($shell.Name)" -and $_.Verdict -eq 'Compromise' -and $_.Severity -ge [HafniumTools.Model.Severity]::High } |
                Should -Not -BeNullOrEmpty -Because "$($shell.Name) is a web shell"
        }
    }

    It 'flags no benign page at Medium or above' {
        $result | Where-Object { (Split-Path -Leaf $_.Path) -like 'b-*' -and $_.Severity -ge [HafniumTools.Model.Severity]::Medium } | Should -BeNullOrEmpty
    }
}

Describe 'Find-HafniumWebShell paths' {
    BeforeAll {
        $script:case = Join-Path $TestDrive 'EX01 [case 2]'
        Copy-Item -LiteralPath $sample -Destination $case -Recurse
    }

    It 'scans a folder named with brackets by -LiteralPath, finding what the sample gives' {
        $literal = @(Find-HafniumWebShell -LiteralPath $case)
        $plain = @(Find-HafniumWebShell -Path $sample)
        ($literal.RuleId | Sort-Object) | Should -Be ($plain.RuleId | Sort-Object)
    }

    It 'takes Get-ChildItem output' {
        $piped = @(Get-ChildItem -LiteralPath $case | Find-HafniumWebShell)
        ($piped.RuleId | Sort-Object) | Should -Be (@(Find-HafniumWebShell -LiteralPath $case).RuleId | Sort-Object)
    }

    It 'reports a wildcard that matches nothing as PathNotFound' {
        $null = Find-HafniumWebShell -Path (Join-Path $TestDrive 'nothing-*') -ErrorVariable err -ErrorAction SilentlyContinue
        $err.FullyQualifiedErrorId | Should -Contain 'PathNotFound,HafniumTools.Commands.FindHafniumWebShellCommand'
    }

    It 'says NoEvidenceRead for an empty folder and hands out the coverage' {
        $empty = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'empty') -Force
        $null = Find-HafniumWebShell -LiteralPath $empty.FullName -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NoEvidenceRead,*'
        $null = Find-HafniumWebShell -LiteralPath $case -CoverageVariable covered
        $covered.Source | Should -Be 'WebFolders'
        $covered.Files | Should -Be @(Get-ChildItem -LiteralPath $case -Recurse -File).Count
    }
}

Describe 'Find-HafniumWebShell errors' {
    It 'reports a missing path as PathNotFound and goes on' {
        $out = Find-HafniumWebShell -Path (Join-Path $TestDrive 'missing'), $sample -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $out | Should -Not -BeNullOrEmpty
    }

    It 'warns about files over the size cap' {
        $null = Find-HafniumWebShell -Path $sample -MaxFileSize 100 -WarningVariable warn -WarningAction SilentlyContinue
        $warn | Should -Not -BeNullOrEmpty
        "$($warn[0])" | Should -BeLike '*-MaxFileSize*'
    }

    It 'needs -Path off Windows' -Skip:([System.Environment]::OSVersion.Platform -eq 'Win32NT') {
        { Find-HafniumWebShell -ErrorAction Stop } | Should -Throw -ErrorId 'PathRequired,HafniumTools.Commands.FindHafniumWebShellCommand'
    }
}
