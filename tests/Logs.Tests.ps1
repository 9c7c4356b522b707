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

Describe 'Find-HafniumLogIndicator weighs mail-flow and certificate cmdlets against the server''s proxied sessions' {
    BeforeAll {
        $httpFields = 'DateTime,StartTime,RequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,ClientRequestId,UrlHost,UrlStem,AuthenticationType,IsAuthenticated,AuthenticatedUser,Organization,ManagedOrganization,ClientIpAddress,ServerHostName,FrontEndServer,HttpStatus,SubStatus,ErrorCode,Action,CommandId,CommandName,SessionId,ShellId,FailFast,ContributeToFailFast,RequestBytes,ClientInfo,CPU,Memory,ActivityContextLifeTime,TotalTime,UrlQuery,GenericLatency,GenericInfo,GenericErrors' -split ','
        $cmdletFields = 'DateTime,StartTime,RequestId,ClientRequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,ServerHostName,ProcessId,ProcessName,ThreadId,CultureInfo,Organization,AuthenticatedUser,ExecutingUserSid,EffectiveOrganization,UserServicePlan,IsAdmin,ClientApplication,Cmdlet,Parameters,CmdletUniqueId,UserBudgetOnStart,ContributeToFailFast,RunspaceSettingsCreationHint,ADViewEntireForest,ADRecipientViewRoot,ADConfigurationDomainControllers,ADPreferredGlobalCatalogs,ADPreferredDomainControllers,ADUserConfigurationDomainController,ADUserPreferredGlobalCatalog,ADuserPreferredDomainControllers,ThrottlingInfo,DelayInfo,ThrottlingDelay,IsOutputObjectRedacted,CmdletProxyStage,CmdletProxyRemoteServer,CmdletProxyRemoteServerVersion,CmdletProxyMethod,ProxiedObjectCount,CmdletProxyLatency,OutputObjectCount,ParameterBinding,BeginProcessing,ProcessRecord,EndProcessing,StopProcessing,BizLogic,PowerShellLatency,UserInteractionLatency,ProvisioningLayerLatency,ActivityContextLifeTime,TotalTime,ErrorType,ExecutionResult,CacheHitCount,CacheMissCount,GenericLatency,GenericInfo,GenericErrors,ObjectGuid,ExternalDirectoryOrganizationId,ExternalDirectoryObjectId,NonPiiParameters' -split ','
        function script:Write-RpsLog([string] $Path, [string[]] $Fields, [string] $LogType, [hashtable[]] $Rows) {
            $header = $Fields -join ','
            $lines = @($header, '#Software: Microsoft Exchange Server', '#Version: 15.02.1118.007', "#Log-type: $LogType", '#Date: 2022-12-20T09:00:00.000Z', "#Fields: $header")
            foreach ($row in $Rows) {
                $lines += ($Fields | ForEach-Object {
                        $v = [string] $row[$_]
                        if ($v -match '[",]') { '"' + $v.Replace('"', '""') + '"' } else { $v }
                    }) -join ','
            }
            $null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent $Path)
            [System.IO.File]::WriteAllText($Path, ($lines -join "`r`n") + "`r`n")
        }

        $script:server = Join-Path $TestDrive 'EXCH21'
        $rps = Join-Path $server 'Logging/CmdletInfra/Powershell-Proxy'
        Write-RpsLog (Join-Path $rps 'Http/Rps_Http_2022122009-1.LOG') $httpFields 'Rps Http Logs' @(
            @{ DateTime = '2022-12-20T09:00:04.300Z'; UrlStem = '/powershell'; AuthenticatedUser = 'exadmin@contoso.local'; ClientIpAddress = '10.20.1.7'; ServerHostName = 'EXCH21'; HttpStatus = '200'; ClientInfo = 'Microsoft WinRM Client'; UrlQuery = '?serializationLevel=Full;clientApplication=ManagementShell' }
            @{ DateTime = '2022-12-20T11:00:02.300Z'; UrlStem = '/powershell'; AuthenticatedUser = 'jdoe@contoso.com'; ClientIpAddress = '203.0.113.20'; ServerHostName = 'EXCH21'; HttpStatus = '200'; ClientInfo = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML  like Gecko) Chrome/105.0.5195.54 Safari/537.36'; UrlQuery = '?' }
        )
        Write-RpsLog (Join-Path $rps 'Cmdlet/Rps_Cmdlet_2022122009-1.LOG') $cmdletFields 'Rps Cmdlet Logs' @(
            @{ DateTime = '2022-12-20T09:00:05.300Z'; ServerHostName = 'EXCH21'; ProcessName = 'w3wp#MSExchangePowerShellAppPool'; AuthenticatedUser = 'exadmin'; ExecutingUserSid = 'S-1-5-21-1-2-3-1107'; ClientApplication = 'ManagementShell'; Cmdlet = 'Set-TransportRule'; Parameters = '-Identity "Disclaimer" -ApplyHtmlDisclaimerText "<p>Confidential</p>"'; ExecutionResult = 'Success' }
            @{ DateTime = '2022-12-20T09:01:00.300Z'; ServerHostName = 'EXCH21'; ProcessName = 'w3wp#MSExchangePowerShellAppPool'; AuthenticatedUser = 'exadmin'; ExecutingUserSid = 'S-1-5-21-1-2-3-1107'; ClientApplication = 'ManagementShell'; Cmdlet = 'Enable-ExchangeCertificate'; Parameters = '-Thumbprint "5113AE0233A72FCCB75E1A4C4B5A3C1F0E2D9A77" -Services "IIS,SMTP"'; ExecutionResult = 'Success' }
            @{ DateTime = '2022-12-20T11:00:05.300Z'; ServerHostName = 'EXCH21'; ProcessName = 'w3wp#MSExchangePowerShellAppPool'; AuthenticatedUser = 'jdoe'; ExecutingUserSid = 'S-1-5-21-1-2-3-500'; Cmdlet = 'new-transportrule'; Parameters = "-blindcopyto 'archive@evil.example' -Name:Archive"; ExecutionResult = 'Success' }
        )
        $script:told = @(Find-HafniumLogIndicator -Path $server | Where-Object { $_ -is [HafniumTools.Model.Finding] })
    }

    It 'keeps the admin''s ManagementShell changes below Medium' {
        $admin = @($told | Where-Object { $_.Timestamp -lt [DateTimeOffset]'2022-12-20T10:00:00Z' })
        $admin.RuleId | Should -Be @('HT-RPS-120', 'HT-RPS-121')
        $admin | ForEach-Object { $_.Verdict | Should -Be 'Context'; $_.Severity | Should -BeIn 'Informational', 'Low' }
    }

    It 'reports the transport rule made in the OWASSRF session as exploitation of that campaign' {
        $rule = $told | Where-Object Operation -eq 'new-transportrule'
        $rule.RuleId | Should -Be 'HT-RPS-124'
        $rule.Verdict | Should -Be 'Exploitation'
        $rule.Campaign | Should -Be 'OWASSRF'
        $rule.Cve | Should -Contain 'CVE-2022-41080'
        $rule.Detail | Should -Match 'HT-RPS-003'
    }

    It 'selects by campaign after the cmdlet was told with its session' {
        $owassrf = @(Find-HafniumLogIndicator -Path $server -Campaign OWASSRF)
        $owassrf.RuleId | Should -Contain 'HT-RPS-124'
        $owassrf | ForEach-Object { $_.Campaign | Should -Be 'OWASSRF' }
    }
}
