#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.0' }
# Pipeline input whose own code throws: objects from a remote session, a custom script or a tampered CLIXML file can
# carry a ToString or a property getter that fails when read. Each cmdlet refuses that one input with an error that
# says why and goes on with the others. Run with ./build.ps1 -Task Test (or Invoke-Pester ./tests) after building.

BeforeAll {
    $script:root = Split-Path -Parent $PSScriptRoot
    Import-Module (Join-Path $root 'HafniumTools.psd1') -Force

    # An object whose ToString throws, or whose named property's getter throws.
    function script:New-Hostile {
        param([string] $Name, [string] $ThrowingProperty, [hashtable] $Properties = @{})
        $o = [pscustomobject]($Properties + $(if ($Name) { @{ ComputerName = $Name } } else { @{} }))
        if ($ThrowingProperty) {
            $o | Add-Member -MemberType ScriptProperty -Name $ThrowingProperty -Value { throw 'getter exploded' }
        }
        else {
            $o | Add-Member -MemberType ScriptMethod -Name ToString -Value { throw 'ToString exploded' } -Force
        }
        $o
    }
}

Describe 'Inputs whose own code throws' {
    It 'Test-HafniumBuild audits the other 38 of 40 and says which property failed' {
        $inputs = foreach ($i in 1..40) {
            if ($i -eq 7) { New-Hostile -Name 'BAD-7' }
            elseif ($i -eq 23) { New-Hostile -Name 'BAD-23' -ThrowingProperty 'AdminDisplayVersion' }
            else { [pscustomobject]@{ ComputerName = "EX$i"; Version = '15.01.2176.009' } }
        }

        $audits = $inputs | Test-HafniumBuild -ErrorVariable bad -ErrorAction SilentlyContinue

        @($audits).Count | Should -Be 38
        @($audits | Where-Object ComputerName -like 'BAD-*').Count | Should -Be 0
        $bad.Count | Should -Be 2
        $bad | ForEach-Object { $_.FullyQualifiedErrorId | Should -Match '^(InvalidExchangeBuild|NoBuildOnInput),' }
        $getter = @($bad | Where-Object { $_.Exception.Message -match 'exploded' })
        $getter.Count | Should -Be 1
        $getter[0].Exception.Message | Should -Match "property 'AdminDisplayVersion' could not be read: getter exploded"
    }

    It 'Test-HafniumExposure refuses the unreadable input and still probes the next target' {
        $inputs = @(
            New-Hostile -Name '' -ThrowingProperty 'Fqdn'
            '127.0.0.1:1'
        )

        $results = $inputs | Test-HafniumExposure -ErrorVariable bad -ErrorAction SilentlyContinue

        @($results).Count | Should -Be 1
        $results[0].Reachable | Should -BeFalse
        $bad.Count | Should -Be 1
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'NoTargetOnInput,*'
        $bad[0].Exception.Message | Should -Match 'getter exploded'
    }

    It 'Find-HafniumEcpAnomaly refuses a directory whose URL getter throws and checks the next one' {
        $good = [pscustomobject]@{ Name = 'ecp (Default Web Site)'; Server = 'EXCH01'; ExternalUrl = 'https://mail.contoso.com/ecp'; InternalUrl = 'https://exch01.contoso.local/ecp' }
        $good.PSObject.TypeNames.Insert(0, 'Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ADEcpVirtualDirectory')
        $bad1 = New-Hostile -Name 'BAD-1' -ThrowingProperty 'ExternalUrl' -Properties @{ Name = 'ecp (Default Web Site)'; Server = 'EXCH02' }
        $bad1.PSObject.TypeNames.Insert(0, 'Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ADEcpVirtualDirectory')

        $null = $bad1, $good | Find-HafniumEcpAnomaly -ErrorVariable bad -ErrorAction SilentlyContinue -CoverageVariable covered

        $bad.Count | Should -Be 1
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'NotAVirtualDirectory,*'
        $bad[0].Exception.Message | Should -Match "ExternalUrl' could not be read: getter exploded"
    }

    It 'Find-HafniumOabAnomaly refuses a CLIXML directory whose URL list contains itself, and checks the next one' {
        # Export-Clixml writes a reference for the repeated list; Import-Clixml rebuilds the cycle.
        $list = [System.Collections.ArrayList]::new()
        $null = $list.Add('https://mail.contoso.com/OAB')
        $null = $list.Add($list)
        $looped = [pscustomobject]@{ Name = 'OAB (Default Web Site)'; Server = 'EXCH01'; ExternalUrl = $list; InternalUrl = 'https://exch01.contoso.local/OAB' }
        $plain = [pscustomobject]@{ Name = 'OAB (Default Web Site)'; Server = 'EXCH02'; ExternalUrl = 'https://mail.contoso.com/OAB<script language="JScript" runat="server">x</script>'; InternalUrl = 'https://exch02.contoso.local/OAB' }
        foreach ($vd in $looped, $plain) { $vd.PSObject.TypeNames.Insert(0, 'Microsoft.Exchange.Data.Directory.SystemConfiguration.ADOabVirtualDirectory') }
        $file = Join-Path $TestDrive 'EX01 [case 2].xml'
        $looped, $plain | Export-Clixml -LiteralPath $file -Depth 10
        $back = Import-Clixml -LiteralPath $file
        [object]::ReferenceEquals($back[0].ExternalUrl, $back[0].ExternalUrl[1]) | Should -BeTrue

        $findings = $back | Find-HafniumOabAnomaly -ErrorVariable bad -ErrorAction SilentlyContinue

        $bad.Count | Should -Be 1
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'InputObjectTooComplex,*'
        $bad[0].Exception.Message | Should -Match 'ExternalUrl'
        @($findings | Where-Object ComputerName -like 'EXCH02*').Count | Should -BeGreaterThan 0
    }
}
