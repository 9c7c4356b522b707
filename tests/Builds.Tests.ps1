#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.0' }
# Build audit as an admin writes it: a fleet check over BuildAudit objects, the verdicts that matter, and results
# that survive CSV and JSON. Run with ./build.ps1 -Task Test (or Invoke-Pester ./tests) after building.
# Point $env:HAFNIUM_FLEET at a file of "server,build" lines to check your own fleet instead of the sample.

BeforeDiscovery {
    Import-Module (Join-Path (Split-Path -Parent $PSScriptRoot) 'HafniumTools.psd1') -Force
    $fleetFile = if ($env:HAFNIUM_FLEET) { $env:HAFNIUM_FLEET } else { $null }
    $script:servers = if ($fleetFile) {
        @(Get-Content -LiteralPath $fleetFile | Where-Object { $_ -match ',' } | ForEach-Object {
                $name, $build = $_ -split ',', 2
                [pscustomobject]@{ ComputerName = $name.Trim(); Version = $build.Trim() }
            } | Test-HafniumBuild | ForEach-Object { @{ Name = $_.ComputerName; Audit = $_ } })
    }
    else {
        @(
            [pscustomobject]@{ ComputerName = 'EX01.contoso.com'; Version = '15.01.2176.009' }
            [pscustomobject]@{ ComputerName = 'EX02.contoso.com'; Version = '15.02.0792.010' }
            [pscustomobject]@{ ComputerName = 'EX03.contoso.com'; Version = '15.02.1748.043' }
        ) | Test-HafniumBuild | ForEach-Object { @{ Name = $_.ComputerName; Audit = $_ } }
    }
}

BeforeAll {
    $script:root = Split-Path -Parent $PSScriptRoot
    Import-Module (Join-Path $root 'HafniumTools.psd1') -Force
    $script:samples = Join-Path $root 'samples/builds'
}

Describe 'Fleet check: every server carries the March 2021 ProxyLogon fixes' {
    It '<Name> is patched against ProxyLogon' -ForEach $servers {
        $Audit.IsProxyLogonPatched | Should -BeTrue -Because $Audit.Reason
        $Audit.MissingCves | Should -BeNullOrEmpty
    }

    It '<Name> is judged from a version that shows security updates' -ForEach $servers {
        $Audit.SecurityUpdatesVisible | Should -BeTrue -Because 'AdminDisplayVersion cannot prove an SU is installed; audit ExSetup.exe''s file version'
    }

    It '<Name> is a build the catalog knows' -ForEach $servers {
        $Audit.ProxyLogonStatus | Should -Not -Be 'Unknown' -Because $Audit.Reason
    }
}

Describe 'Test-HafniumBuild verdicts' {
    It 'finds the unpatched servers of the sample fleet and says what to install' {
        $audits = Get-Content -LiteralPath (Join-Path $samples 'fleet.txt') | Test-HafniumBuild -ErrorAction SilentlyContinue
        $vulnerable = @($audits | Where-Object ProxyLogonStatus -EQ 'Vulnerable')

        $vulnerable.Count | Should -BeGreaterThan 1
        $vulnerable | ForEach-Object { $_.RecommendedKb | Should -Not -BeNullOrEmpty }
        $audits | Where-Object { $_.Version -eq [version]'15.1.2176.9' } | ForEach-Object { $_.IsProxyLogonPatched | Should -BeTrue }
    }

    It 'reports the one garbage line as an error and audits the rest' {
        $lines = @(Get-Content -LiteralPath (Join-Path $samples 'fleet.txt')) + 'n/a'
        $audits = $lines | Test-HafniumBuild -ErrorVariable bad -ErrorAction SilentlyContinue

        $bad.Count | Should -Be 1
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'InvalidExchangeBuild,*'
        $bad[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @($audits).Count | Should -Be ($lines.Count - 1)
    }

    It 'reads the build from lines pasted from HealthChecker and the ExSetup table, and refuses the header row' {
        $pasted = @(
            '        Build Number: 15.02.1118.022'
            '15.02.1118.040   15.02.1118.040   C:\Program Files\Microsoft\Exchange Server\V15\bin\ExSetup.exe'
            'ProductVersion   FileVersion      FileName'
            '        Version: Exchange 2019 CU12 Mar23SU'
        )
        $audits = $pasted | Test-HafniumBuild -ErrorVariable bad -ErrorAction SilentlyContinue

        @($audits).Count | Should -Be 3
        $audits.Version | Should -Be @([version]'15.2.1118.22', [version]'15.2.1118.40', [version]'15.2.1118.26')
        $audits | ForEach-Object { $_.SecurityUpdatesVisible | Should -BeTrue }
        $bad.Count | Should -Be 1
        $bad[0].Exception.Message | Should -Match 'holds no Exchange build'
        $bad[0].Exception.Message | Should -Not -Match 'culture'
    }

    It 'marks AdminDisplayVersion of a CU with a March 2021 SU as Indeterminate' {
        $audit = 'Version 15.1 (Build 2176.2)' | Test-HafniumBuild
        $audit.ProxyLogonStatus | Should -Be 'Indeterminate'
        $audit.IsProxyLogonPatched | Should -BeFalse
        $audit.RecommendedKb | Should -Be 'KB5000871'
    }

    It 'names the servers of a saved Get-ExchangeServer export, not the EMS endpoint' {
        $audits = Import-Clixml -LiteralPath (Join-Path $samples 'exchange-servers.clixml') | Test-HafniumBuild
        $audits.ComputerName | Should -Contain 'EX02.contoso.com'
        ($audits | Where-Object ComputerName -EQ 'EX01.contoso.com').ProxyLogonStatus | Should -Be 'Indeterminate'
        ($audits | Where-Object ComputerName -EQ 'EX03.contoso.com').ProxyLogonStatus | Should -Be 'Patched'
    }

    It 'reports Exchange 2010 as missing CVE-2021-26857 only, until RU32' {
        $ru31, $ru32 = '14.3.509.0', '14.3.513.0' | Test-HafniumBuild
        $ru31.MissingCves | Should -Be @('CVE-2021-26857')
        $ru32.MissingCves | Should -BeNullOrEmpty
        $ru32.ProxyLogonStatus | Should -Be 'Patched'
    }
}

Describe 'BuildAudit output survives CSV and JSON' {
    It 'keeps the verdict and the CVE lists through Export-Csv' {
        $csv = Join-Path $TestDrive 'audit.csv'
        '15.1.2044.13', '15.1.2176.2' | Test-HafniumBuild | Export-Csv -LiteralPath $csv -NoTypeInformation
        $rows = Import-Csv -LiteralPath $csv

        $rows[0].ProxyLogonStatus | Should -Be 'Patched'
        $rows[0].OpenCves | Should -Match 'CVE-2021-26412'
        $rows[1].MissingCves | Should -Be 'CVE-2021-26855, CVE-2021-26857, CVE-2021-26858, CVE-2021-27065'
        $rows[1].RecommendedKb | Should -Be 'KB5000871'
    }

    It 'keeps the verdict and the CVE arrays through ConvertTo-Json' {
        $json = '14.3.509.0' | Test-HafniumBuild | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        $json.MissingCves | Should -Be @('CVE-2021-26857')
        $json.Product | Should -Be 'Exchange2010'
        $json.Reason | Should -Not -BeNullOrEmpty
    }
}

Describe 'Get-HafniumBuildCatalog' {
    It 'lists the updates that fix CVE-2021-26855, every one a ProxyLogon fix' {
        $entries = Get-HafniumBuildCatalog -Cve CVE-2021-26855
        $entries.Count | Should -Be 27
        $entries | ForEach-Object { $_.FixesProxyLogon | Should -BeTrue }
    }
}
