@{
    # Built by 'dotnet build' into bin/ next to this manifest (see README.md).
    RootModule             = 'bin/HafniumTools.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '22924e31-938f-4508-aa15-e32d4a172053'
    Author                 = 'HafniumTools contributors'
    CompanyName            = 'HafniumTools contributors'
    Copyright              = '(c) HafniumTools contributors. MIT License.'
    Description            = 'Audits on-premises Exchange servers for the 2021 Hafnium / ProxyLogon attack (CVE-2021-26855, CVE-2021-26857, CVE-2021-26858, CVE-2021-27065): patched builds, log indicators, OAB and ECP anomalies and web shells, as typed pipeline objects with evidence.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('bin/HafniumTools.Format.ps1xml')
    TypesToProcess         = @('bin/HafniumTools.Types.ps1xml')
    FunctionsToExport      = @()
    CmdletsToExport        = @(
        'Export-HafniumReport',
        'Find-HafniumEcpAnomaly',
        'Find-HafniumLogIndicator',
        'Find-HafniumOabAnomaly',
        'Find-HafniumWebShell',
        'Get-HafniumBuildCatalog',
        'Invoke-HafniumAudit',
        'Test-HafniumBuild',
        'Test-HafniumExposure'
    )
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Exchange', 'ProxyLogon', 'Hafnium', 'Security', 'IncidentResponse', 'CVE-2021-26855', 'CVE-2021-26857', 'CVE-2021-26858', 'CVE-2021-27065', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/hafniumtools/HafniumTools'
            LicenseUri   = 'https://github.com/hafniumtools/HafniumTools/blob/main/LICENSE'
            ReleaseNotes = 'Initial release: module foundation, shared Finding model, build catalog.'
        }
    }
}
