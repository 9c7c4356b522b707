# Cases the generic contract tests (tests/HafniumTools.EngineTests/ModuleContractTests.cs) run for every cmdlet.
# Every exported cmdlet needs an entry:
#   Output: commands whose objects must match the cmdlet's [OutputType], survive a PSSerializer round trip with
#           every property, and render the same before and after (views select the Deserialized. type too).
#   Errors: bad-input commands; each must write an error with this ErrorId, category and TargetObject and,
#           being per-item errors, must not stop the pipeline.
# $RepoRoot, $Fixtures (tests/HafniumTools.Tests/Fixtures) and $EngineFixtures are set when they run.
@{
    'Find-HafniumOabAnomaly' = @{
        Output = @(
            '[System.Management.Automation.PSSerializer]::Deserialize([System.IO.File]::ReadAllText("$Fixtures/Configuration/clixml/oab-vdirs-externalurl-script.clixml")) | Find-HafniumOabAnomaly'
            'Find-HafniumOabAnomaly -Path "$Fixtures/Configuration/tree"'
        )
        Errors = @(
            @{ Command = '''C:\inetpub\wwwroot'' | Find-HafniumOabAnomaly'; ErrorId = 'NotAVirtualDirectory'; Category = 'InvalidArgument'; TargetObject = 'C:\inetpub\wwwroot' }
            @{ Command = '@{ Identity = ''EX01\owa (Default Web Site)''; ExternalUrl = ''https://mail.contoso.com/owa''; LogonFormat = ''FullDomain'' } | Find-HafniumOabAnomaly'; ErrorId = 'NotAnOabVirtualDirectory'; Category = 'InvalidArgument' }
            @{ Command = 'Find-HafniumOabAnomaly -Path ./no-such-folder-ht'; ErrorId = 'PathNotFound'; Category = 'ObjectNotFound'; TargetObject = './no-such-folder-ht' }
        )
    }
    'Find-HafniumEcpAnomaly' = @{
        Output = @(
            '[System.Management.Automation.PSSerializer]::Deserialize([System.IO.File]::ReadAllText("$Fixtures/Configuration/clixml/client-vdirs-mixed.clixml")) | Find-HafniumEcpAnomaly'
            'Find-HafniumEcpAnomaly -Path "$Fixtures/Configuration/tree"'
        )
        Errors = @(
            @{ Command = '42 | Find-HafniumEcpAnomaly'; ErrorId = 'NotAVirtualDirectory'; Category = 'InvalidArgument'; TargetObject = '42' }
            @{ Command = 'Find-HafniumEcpAnomaly -Path ./no-such-folder-ht'; ErrorId = 'PathNotFound'; Category = 'ObjectNotFound'; TargetObject = './no-such-folder-ht' }
        )
    }
}
