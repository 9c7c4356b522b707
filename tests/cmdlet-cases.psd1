# Cases the generic contract tests (tests/HafniumTools.EngineTests/ModuleContractTests.cs) run for every cmdlet.
# Every exported cmdlet needs an entry:
#   Output: commands whose objects must match the cmdlet's [OutputType]; come back from Start-Job, Import-Clixml
#           and PSSerializer as the same objects that filter, sort, group and print like the live ones; export to
#           CSV and JSON with every property meaningful; and render in 120 columns (RemotingContractTests,
#           ExportContractTests).
#   FrameworkOutput: for a cmdlet whose only output is a framework object (a FileInfo from -PassThru): commands
#           checked against [OutputType] only.
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
            @{ Command = 'Find-HafniumOabAnomaly -Path ./no-such-ht-*'; ErrorId = 'PathNotFound'; Category = 'ObjectNotFound'; TargetObject = './no-such-ht-*' }
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
            @{ Command = 'Find-HafniumEcpAnomaly -LiteralPath ''./no-such [folder]'''; ErrorId = 'PathNotFound'; Category = 'ObjectNotFound'; TargetObject = './no-such [folder]' }
            @{ Command = 'Find-HafniumEcpAnomaly -Path "$Fixtures/Configuration/dumps"'; ErrorId = 'NoEvidenceRead'; Category = 'ObjectNotFound' }
        )
    }
    'Test-HafniumBuild' = @{
        Output = @(
            '''15.1.2176.9'', ''15.01.2176.002'', ''Version 15.1 (Build 2176.2)'', ''14.3.509.0'', ''15.2.2562.17'', ''8.3.485.1'' | Test-HafniumBuild'
            '[version]''15.2.792.10'', @{ ComputerName = ''EX02''; Version = ''15.0.1497.2'' } | Test-HafniumBuild'
            '[System.IO.File]::ReadAllLines([System.IO.Path]::Combine($RepoRoot, ''samples'', ''builds'', ''fleet.txt'')) | Where-Object { $_ -ne ''n/a'' } | Test-HafniumBuild'
            '[System.Management.Automation.PSSerializer]::Deserialize([System.IO.File]::ReadAllText([System.IO.Path]::Combine($Fixtures, ''Builds'', ''exchange-servers.clixml''))) | Test-HafniumBuild'
        )
        Errors = @(
            @{ Command = '''not-a-version'', ''15.1.2176.9'' | Test-HafniumBuild'; ErrorId = 'InvalidExchangeBuild'; Category = 'InvalidArgument'; TargetObject = 'not-a-version' }
            @{ Command = '''15,1,2176,9'' | Test-HafniumBuild'; ErrorId = 'InvalidExchangeBuild'; Category = 'InvalidArgument'; TargetObject = '15,1,2176,9' }
            @{ Command = '@{ ComputerName = ''EX09'' }, ''15.1.2176.9'' | Test-HafniumBuild'; ErrorId = 'NoBuildOnInput'; Category = 'InvalidArgument' }
        )
    }
    'Get-HafniumBuildCatalog' = @{
        Output = @(
            'Get-HafniumBuildCatalog -Cve CVE-2021-26855'
            'Get-HafniumBuildCatalog -Product 2016 -Build 15.1.2176'
            'Get-HafniumBuildCatalog -Name ''Exchange 2010*'''
        )
        Errors = @(
            @{ Command = 'Get-HafniumBuildCatalog -Product Exchange2020, 2019 -Build 15.2.792.10'; ErrorId = 'UnknownProduct'; Category = 'InvalidArgument'; TargetObject = 'Exchange2020' }
            @{ Command = 'Get-HafniumBuildCatalog -Name ''Exchange 2016 CU99'''; ErrorId = 'BuildCatalogEntryNotFound'; Category = 'ObjectNotFound'; TargetObject = 'Exchange 2016 CU99' }
        )
    }
    'Find-HafniumLogIndicator' = @{
        Output = @(
            "Find-HafniumLogIndicator -Path ([System.IO.Path]::Combine(`$Fixtures, 'Logs', 'triage', 'EXCH01', 'Logging', 'HttpProxy', 'Ecp', 'HttpProxy_2021030303-1.LOG'))"
            "Find-HafniumLogIndicator -Path ([System.IO.Path]::Combine(`$RepoRoot, 'samples', 'logs')) -Since '2021-03-03T00:00:00Z'"
            "Get-ChildItem -LiteralPath ([System.IO.Path]::Combine(`$Fixtures, 'Logs', 'iis')) -Recurse | Find-HafniumLogIndicator"
            "Find-HafniumLogIndicator -Path ([System.IO.Path]::Combine(`$Fixtures, 'Waves', 'EXCH07')) -Campaign ProxyShell, OWASSRF"
        )
        Errors = @(
            @{
                Command      = "Find-HafniumLogIndicator -Path 'no-such-folder/HttpProxy_2021030303-1.LOG'"
                ErrorId      = 'PathNotFound'
                Category     = 'ObjectNotFound'
                TargetObject = 'no-such-folder/HttpProxy_2021030303-1.LOG'
            }
            @{
                Command      = "Find-HafniumLogIndicator -LiteralPath 'no-such-folder-ht [1]'"
                ErrorId      = 'PathNotFound'
                Category     = 'ObjectNotFound'
                TargetObject = 'no-such-folder-ht [1]'
            }
            @{
                Command  = "Find-HafniumLogIndicator -Path ([System.IO.Path]::Combine(`$Fixtures, 'Logs', 'triage', 'EXCH0[7-9]'))"
                ErrorId  = 'NoEvidenceRead'
                Category = 'ObjectNotFound'
            }
            @{
                Command  = "Find-HafniumLogIndicator -Path ([System.IO.Path]::Combine(`$Fixtures, 'Logs', 'unknown', 'MSGTRK2021030300-1.LOG'))"
                ErrorId  = 'LogFormatNotRecognized'
                Category = 'InvalidData'
            }
            @{
                Command  = "Find-HafniumLogIndicator -Path ([System.IO.Path]::Combine(`$Fixtures, 'Logs', 'edge', 'HttpProxy', 'Owa', 'garbage.LOG'))"
                ErrorId  = 'LogFileInvalid'
                Category = 'InvalidData'
            }
        )
    }
    'Find-HafniumWebShell' = @{
        Output = @(
            "Find-HafniumWebShell -Path ([System.IO.Path]::Combine(`$RepoRoot, 'samples', 'webroot', 'webshells'))"
            "[System.IO.Directory]::GetFiles([System.IO.Path]::Combine(`$Fixtures, 'Files', 'Shells'), 'chopper-*') | Find-HafniumWebShell -ComputerName EX01"
            "Get-ChildItem -LiteralPath ([System.IO.Path]::Combine(`$Fixtures, 'Files', 'Shells')) -Filter 'oab-*' | Find-HafniumWebShell"
            "Find-HafniumWebShell -Path ([System.IO.Path]::Combine(`$Fixtures, 'Waves')) -Campaign ProxyShell, ProxyNotShell -ComputerName EXCH07"
        )
        Errors = @(
            @{
                Command      = "Find-HafniumWebShell -Path 'no-such-folder-ht', ([System.IO.Path]::Combine(`$RepoRoot, 'samples', 'webroot', 'webshells'))"
                ErrorId      = 'PathNotFound'
                Category     = 'ObjectNotFound'
                TargetObject = 'no-such-folder-ht'
            }
            @{
                Command      = "Find-HafniumWebShell -LiteralPath 'no-such [folder]'"
                ErrorId      = 'PathNotFound'
                Category     = 'ObjectNotFound'
                TargetObject = 'no-such [folder]'
            }
            @{
                Command      = "Find-HafniumWebShell -Path ([System.IO.Path]::Combine(`$Fixtures, 'Configuration', 'clixml', 'none-*'))"
                ErrorId      = 'PathNotFound'
                Category     = 'ObjectNotFound'
            }
            @{
                Command      = "Find-HafniumWebShell -Path 'Env:\PATH'"
                ErrorId      = 'NotAFileSystemPath'
                Category     = 'InvalidArgument'
                TargetObject = 'Env:\PATH'
            }
        )
    }
    'Test-HafniumExposure' = @{
        # A closed loopback port: no server needed, and every target still gets a row (ConnectionRefused).
        Output = @(
            'Test-HafniumExposure -ComputerName 127.0.0.1:1 -ConnectTimeoutSeconds 2'
            'Test-HafniumExposure -ComputerName 127.0.0.1:1 -SkipBuildProbe -ConnectTimeoutSeconds 2'
            '''127.0.0.1:1'', ''https://127.0.0.1:1/'', [pscustomobject]@{ Fqdn = ''localhost'' } | Test-HafniumExposure -Port 1 -ConnectTimeoutSeconds 2'
        )
        Errors = @(
            @{ Command = '''ftp://files.contoso.com/'', ''127.0.0.1:1'' | Test-HafniumExposure'; ErrorId = 'InvalidExposureTarget'; Category = 'InvalidArgument'; TargetObject = 'ftp://files.contoso.com/' }
            @{ Command = 'Test-HafniumExposure -ComputerName ''bad name!'', ''127.0.0.1:1'''; ErrorId = 'InvalidExposureTarget'; Category = 'InvalidArgument'; TargetObject = 'bad name!' }
            @{ Command = '@{ Name = ''EX01'' }, ''127.0.0.1:1'' | Test-HafniumExposure'; ErrorId = 'NoTargetOnInput'; Category = 'InvalidArgument' }
        )
    }
    'Invoke-HafniumAudit' = @{
        Output = @(
            "Invoke-HafniumAudit -LiteralPath ([System.IO.Path]::Combine(`$RepoRoot, 'samples', 'fleet', 'EXCH05')), ([System.IO.Path]::Combine(`$RepoRoot, 'samples', 'logs', 'EXCH02'))"
            "Invoke-HafniumAudit -Path ([System.IO.Path]::Combine(`$RepoRoot, 'samples', 'fleet', 'EXCH06')) -Build '15.2.792.10'"
            "Invoke-HafniumAudit -LiteralPath ([System.IO.Path]::Combine(`$RepoRoot, 'samples', 'logs', 'EXCH07')) -Build '15.1.2176.9'"
        )
        Errors = @(
            @{
                Command      = "Invoke-HafniumAudit -Path 'no-such-folder-ht', ([System.IO.Path]::Combine(`$RepoRoot, 'samples', 'logs', 'EXCH02'))"
                ErrorId      = 'PathNotFound'
                Category     = 'ObjectNotFound'
                TargetObject = 'no-such-folder-ht'
            }
        )
    }
    'Export-HafniumReport' = @{
        FrameworkOutput = @(
            "[HafniumTools.Model.ServerAudit]@{ ComputerName = 'EX01.contoso.com'; Status = 'Probed'; Summary = 'Probed: a scanner.' } | Export-HafniumReport -Path ([System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'ht-case-' + [guid]::NewGuid() + '.html')) -PassThru"
        )
        Errors = @(
            @{
                Command      = "'EX01', [HafniumTools.Model.ServerAudit]@{ ComputerName = 'EX02' } | Export-HafniumReport -Path ([System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'ht-case-' + [guid]::NewGuid() + '.html'))"
                ErrorId      = 'NotAServerAudit'
                Category     = 'InvalidArgument'
                TargetObject = 'EX01'
            }
        )
    }
}
