#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.0' }
# The module surface as a user meets it: import, manifest, help, and a smoke run on the bundled samples.
# Run with ./build.ps1 -Task Test (or Invoke-Pester ./tests) after building.

BeforeDiscovery {
    $manifestPath = Join-Path (Split-Path -Parent $PSScriptRoot) 'HafniumTools.psd1'
    Import-Module $manifestPath -Force
    $cmdlets = @(Get-Command -Module HafniumTools | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    $script:root = Split-Path -Parent $PSScriptRoot
    $script:manifestPath = Join-Path $root 'HafniumTools.psd1'
    Import-Module $manifestPath -Force
}

Describe 'HafniumTools manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'supports Windows PowerShell 5.1 and PowerShell 7' {
        $manifest = Import-PowerShellDataFile -Path $manifestPath
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Desktop'
        $manifest.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Core'
    }

    It 'gives the DLL the manifest''s version (one version source)' {
        $manifest = Import-PowerShellDataFile -Path $manifestPath
        $assembly = [HafniumTools.Model.Finding].Assembly
        $assembly.GetName().Version.ToString(3) | Should -Be $manifest.ModuleVersion
        $informational = $assembly.GetCustomAttributes([System.Reflection.AssemblyInformationalVersionAttribute], $false)[0].InformationalVersion
        $informational | Should -Match ('^' + [regex]::Escape($manifest.ModuleVersion) + '(\+|$)')
    }

    It 'exports exactly the cmdlets it lists, with no wildcard' {
        $manifest = Import-PowerShellDataFile -Path $manifestPath
        $manifest.CmdletsToExport | Should -Not -Contain '*'
        $exported = (Get-Command -Module HafniumTools).Name | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $script:help = Get-Help -Name $Name -Full
        $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    }

    It 'has a synopsis' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "$Name *"
    }

    It 'has a description' {
        ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example' {
        @($help.examples.example).Count | Should -BeGreaterThan 0
    }

    It 'describes every parameter' {
        $own = (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common }
        foreach ($parameter in $own) {
            $entry = $help.parameters.parameter | Where-Object name -EQ $parameter
            ($entry.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter must be described"
        }
    }
}

Describe 'about_HafniumTools' {
    It 'is found by Get-Help and starts with its short description' {
        $about = Get-Help -Name about_HafniumTools
        $about | Should -Not -BeNullOrEmpty
        $about.Synopsis | Should -BeLike 'Audits on-premises Exchange servers*'
        "$about" | Should -Match 'LONG DESCRIPTION'
    }

    It 'is staged in en-US next to the manifest, with the cmdlet help' {
        Join-Path $root 'en-US/about_HafniumTools.help.txt' | Should -Exist
        Join-Path $root 'en-US/HafniumTools.dll-Help.xml' | Should -Exist
    }
}

Describe 'Finding objects' {
    It 'export to one CSV table without losing the CVE list' {
        $finding = Find-HafniumLogIndicator -Path (Join-Path (Join-Path $root 'samples') 'logs') |
            Where-Object { $_ -is [HafniumTools.Model.Finding] -and $_.Cve.Count -gt 0 } | Select-Object -First 1
        $csv = @($finding) | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $csv.Cve | Should -Be ($finding.Cve -join ', ')
        $csv.RuleId | Should -Be $finding.RuleId
    }
}

Describe 'Smoke run on the bundled samples' {
    BeforeAll {
        $script:results = & (Join-Path (Join-Path $root 'samples') 'Invoke-HafniumSample.ps1') -PassThru 6>$null 2>$null |
            Where-Object { $_ -isnot [string] }
        $script:findings = @($results | Where-Object { $_ -is [HafniumTools.Model.Finding] })
        $script:audits = @($results | Where-Object { $_ -is [HafniumTools.Builds.BuildAudit] })
    }

    It 'audits the fleet and finds the vulnerable builds' {
        $audits.Count | Should -BeGreaterThan 10
        @($audits | Where-Object ProxyLogonStatus -EQ 'Vulnerable').Count | Should -BeGreaterThan 0
    }

    It 'finds the compromise of EXCH01 with evidence' {
        $compromise = @($findings | Where-Object { $_.Verdict -eq 'Compromise' -and $_.ComputerName -eq 'EXCH01.contoso.local' })
        $compromise.Count | Should -BeGreaterThan 0
        $compromise | ForEach-Object { $_.Evidence | Should -Not -BeNullOrEmpty }
    }

    It 'says nothing serious about the clean server EXCH02' {
        @($findings | Where-Object { $_.ComputerName -eq 'EXCH02' -and $_.Severity -ge 'Medium' }).Count | Should -Be 0
    }

    It 'exports every finding to one CSV table with the same columns' {
        $csv = $findings | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $csv.Count | Should -Be $findings.Count
        ($csv[0].PSObject.Properties.Name) | Should -Contain 'Cve'
        ($csv[0].PSObject.Properties.Name) | Should -Contain 'Evidence'
    }
}
