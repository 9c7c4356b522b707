<#
.SYNOPSIS
    Builds, tests and packages the HafniumTools module.

.DESCRIPTION
    Runs under PowerShell 7, Windows PowerShell 5.1 and the project's own host (src/HafniumTools.Shell), so it
    uses only the core language, .NET APIs and the dotnet CLI (no Utility or Management cmdlets).

    Build    dotnet build of the solution; stages the module into bin/ next to HafniumTools.psd1.
    Test     dotnet test of the solution, then the Pester files in tests/ when Pester 5.7+ is installed.
    Package  lays out a publishable module in <OutputPath>/HafniumTools/<version>/.

.EXAMPLE
    ./build.ps1
    Builds in Release; afterwards Import-Module ./HafniumTools.psd1 loads the build.

.EXAMPLE
    ./build.ps1 -Task Build, Test, Package
    Builds, runs every test and lays out out/HafniumTools/<version>/ for Publish-Module.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where Package writes HafniumTools/<version>/.
    [string] $OutputPath,

    # Package what bin/ already holds instead of building first.
    [switch] $SkipBuild
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$root = $PSScriptRoot
if (-not $OutputPath) { $OutputPath = [System.IO.Path]::Combine($root, 'out') }
$OutputPath = [System.IO.Path]::GetFullPath($OutputPath)

function Invoke-Dotnet {
    param([string[]] $Arguments)
    "> dotnet $($Arguments -join ' ')"
    & dotnet @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE." }
}

function Invoke-BuildTask {
    Invoke-Dotnet @('build', [System.IO.Path]::Combine($root, 'HafniumTools.sln'), '-c', $Configuration, '--nologo')
}

function Invoke-TestTask {
    Invoke-Dotnet @('test', [System.IO.Path]::Combine($root, 'HafniumTools.sln'), '-c', $Configuration, '--nologo')

    $pester = Get-Module -ListAvailable -Name Pester |
        Where-Object { $_.Version -ge [version]'5.7.0' } |
        Select-Newest
    if (-not $pester) {
        'Pester 5.7 or later is not installed: the Pester files in tests/ were NOT run. ' +
        'Install it with: Install-Module Pester -MinimumVersion 5.7 -Scope CurrentUser'
        return
    }

    Import-Module $pester.Path
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = [System.IO.Path]::Combine($root, 'tests')
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $configuration
    if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed." }
}

function Select-Newest {
    begin { $best = $null }
    process { if ($null -eq $best -or $_.Version -gt $best.Version) { $best = $_ } }
    end { $best }
}

function Copy-Tree {
    param([string] $Source, [string] $Destination)
    [void][System.IO.Directory]::CreateDirectory($Destination)
    foreach ($file in [System.IO.Directory]::GetFiles($Source)) {
        [System.IO.File]::Copy($file, [System.IO.Path]::Combine($Destination, [System.IO.Path]::GetFileName($file)), $true)
    }
    foreach ($dir in [System.IO.Directory]::GetDirectories($Source)) {
        Copy-Tree -Source $dir -Destination ([System.IO.Path]::Combine($Destination, [System.IO.Path]::GetFileName($dir)))
    }
}

function Invoke-PackageTask {
    $manifestPath = [System.IO.Path]::Combine($root, 'HafniumTools.psd1')
    $staged = [System.IO.Path]::Combine($root, 'bin')
    if (-not [System.IO.File]::Exists([System.IO.Path]::Combine($staged, 'HafniumTools.dll'))) {
        throw "bin/HafniumTools.dll does not exist: build first (./build.ps1 -Task Build, or dotnet build -c Release)."
    }

    $manifest = Test-ModuleManifest -Path $manifestPath
    $target = [System.IO.Path]::Combine($OutputPath, 'HafniumTools', $manifest.Version.ToString())
    if ([System.IO.Directory]::Exists($target)) { [System.IO.Directory]::Delete($target, $true) }
    [void][System.IO.Directory]::CreateDirectory($target)

    [System.IO.File]::Copy($manifestPath, [System.IO.Path]::Combine($target, 'HafniumTools.psd1'))
    [System.IO.File]::Copy([System.IO.Path]::Combine($root, 'LICENSE'), [System.IO.Path]::Combine($target, 'LICENSE'))
    Copy-Tree -Source $staged -Destination ([System.IO.Path]::Combine($target, 'bin'))
    foreach ($culture in [System.IO.Directory]::GetDirectories($root, '??-??')) {
        Copy-Tree -Source $culture -Destination ([System.IO.Path]::Combine($target, [System.IO.Path]::GetFileName($culture)))
    }
    foreach ($pdb in [System.IO.Directory]::GetFiles([System.IO.Path]::Combine($target, 'bin'), '*.pdb')) {
        [System.IO.File]::Delete($pdb)
    }

    $packaged = Test-ModuleManifest -Path ([System.IO.Path]::Combine($target, 'HafniumTools.psd1'))
    "Packaged HafniumTools $($packaged.Version) with $($packaged.ExportedCmdlets.Count) cmdlets in $target"
}

if (-not $SkipBuild -and ($Task -contains 'Build' -or $Task -contains 'Package')) { Invoke-BuildTask }
if ($Task -contains 'Test') { Invoke-TestTask }
if ($Task -contains 'Package') { Invoke-PackageTask }
