<#
.SYNOPSIS
    Builds, tests and packages the HafniumTools module.

.DESCRIPTION
    Runs under PowerShell 7 (the project pins it: dotnet tool restore, then dotnet pwsh ./build.ps1) and Windows
    PowerShell 5.1. Everything it needs comes from NuGet through the project's own files: pwsh from
    .config/dotnet-tools.json, Pester from tests/Pester/Pester.Restore.csproj.

    Build    dotnet build of the solution; stages the module into bin/ next to HafniumTools.psd1.
    Test     builds, runs the xunit projects (dotnet test), then every tests/*.Tests.ps1
             under each pinned Pester version (5.7.1 and 6.2.0), each in a fresh PowerShell process; ends with
             one line "tests: N passed, N failed" over all of them and fails when any test failed.
    Sample   builds, then runs the sample script over the bundled sample data (the README's main job).
    Package  lays out a publishable module in <OutputPath>/HafniumTools/<version>/.

.EXAMPLE
    ./build.ps1
    Builds in Release; afterwards Import-Module ./HafniumTools.psd1 loads the build.

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
    Every test (xunit and Pester 5.7.1 and 6.2.0) on a machine with only the .NET SDK.

.EXAMPLE
    ./build.ps1 -Task Build, Test, Package
    Builds, runs every test and lays out out/HafniumTools/<version>/ for Publish-Module.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Sample', 'Package')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where Package writes HafniumTools/<version>/.
    [string] $OutputPath,

    # Where Test writes the xunit (TRX) and Pester (NUnit XML) results.
    [string] $ResultsPath,

    # The Pester versions Test runs the Pester files under (each must be pinned in tests/Pester/Pester.Restore.csproj).
    [string[]] $PesterVersion = @('5.7.1', '6.2.0'),

    # Package what bin/ already holds instead of building first.
    [switch] $SkipBuild
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$root = $PSScriptRoot
if (-not $OutputPath) { $OutputPath = [System.IO.Path]::Combine($root, 'out') }
$OutputPath = [System.IO.Path]::GetFullPath($OutputPath)
if (-not $ResultsPath) { $ResultsPath = [System.IO.Path]::Combine($OutputPath, 'test-results') }
$ResultsPath = [System.IO.Path]::GetFullPath($ResultsPath)

function Invoke-Dotnet {
    param([string[]] $Arguments)
    "> dotnet $($Arguments -join ' ')"
    & dotnet @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE." }
}

function Invoke-BuildTask {
    Invoke-Dotnet @('build', [System.IO.Path]::Combine($root, 'HafniumTools.sln'), '-c', $Configuration, '--nologo')
}

# What the tests need besides the .NET SDK and NuGet: an OpenSSH server for real PowerShell remoting over SSH on
# loopback, and Chromium for the HTML report. Installed from Debian's packages when missing and this is a root shell
# with apt-get; anywhere else the tests that need them fail and say what to install.
function Install-TestPrerequisite {
    if ([System.Environment]::OSVersion.Platform -ne 'Unix' -or -not [System.IO.File]::Exists('/usr/bin/apt-get')) { return }
    $needed = @()
    if (-not [System.IO.File]::Exists('/usr/sbin/sshd')) { $needed += 'openssh-server' }
    if (-not [System.IO.File]::Exists('/usr/bin/ssh')) { $needed += 'openssh-client' }
    if (-not [System.IO.File]::Exists('/usr/bin/chromium')) { $needed += 'chromium' }
    if ($needed.Count -eq 0) { return }
    if ([System.Environment]::UserName -ne 'root') {
        "Not installing $($needed -join ', ') (not root): the tests that need them will fail. Install them with: sudo apt-get install -y $($needed -join ' ')"
        return
    }
    "> apt-get install -y $($needed -join ' ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get update -qq | Out-Null
    & apt-get install -y -qq --no-install-recommends @needed | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "apt-get install $($needed -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-TestTask {
    Install-TestPrerequisite
    if ([System.IO.Directory]::Exists($ResultsPath)) { [System.IO.Directory]::Delete($ResultsPath, $true) }
    [void][System.IO.Directory]::CreateDirectory($ResultsPath)

    & dotnet test ([System.IO.Path]::Combine($root, 'HafniumTools.sln')) -c $Configuration --no-build --nologo `
        --logger trx --results-directory $ResultsPath | Out-Host
    $xunitExit = $LASTEXITCODE

    $pesterFailures = @()
    $unreported = 0
    foreach ($version in $PesterVersion) {
        $manifest = Get-PesterManifest -Version $version
        $result = [System.IO.Path]::Combine($ResultsPath, "pester-$version.xml")
        "> Pester $version"
        & $script:PowerShellExe @($script:PowerShellArgs + @('-NoProfile', '-NonInteractive', '-File',
            [System.IO.Path]::Combine($root, 'tests', 'PesterSuite.ps1'),
            '-PesterManifest', $manifest, '-ResultPath', $result, '-TestPath', [System.IO.Path]::Combine($root, 'tests'))) | Out-Host
        if ($LASTEXITCODE -ne 0) { $pesterFailures += "Pester $version exited with $LASTEXITCODE" }
        if (-not [System.IO.File]::Exists($result)) { $unreported += 1; $pesterFailures += "Pester $version wrote no results" }
    }

    # A Pester run that ended before writing its results counts as one failed test: the line never says 0 failed
    # for a run that did not happen.
    $counts = Get-TestCounts -Path $ResultsPath
    "tests: $($counts.Passed) passed, $($counts.Failed + $unreported) failed"
    if ($xunitExit -ne 0 -or $pesterFailures.Count -gt 0 -or $counts.Failed -gt 0 -or $counts.Passed -eq 0) {
        throw "Tests failed (dotnet test exit code $xunitExit$(if ($pesterFailures) { '; ' + ($pesterFailures -join '; ') }))."
    }
}

# The PowerShell that runs this script, to start fresh processes of the same edition (pwsh may be the dotnet tool,
# in which case the process is dotnet and pwsh.dll is its argument).
$script:PowerShellArgs = @()
if ($PSVersionTable.PSEdition -eq 'Desktop') {
    $script:PowerShellExe = [System.IO.Path]::Combine($PSHOME, 'powershell.exe')
}
else {
    $script:PowerShellExe = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ([System.IO.Path]::GetFileNameWithoutExtension($script:PowerShellExe) -eq 'dotnet') {
        $script:PowerShellArgs = @([System.IO.Path]::Combine($PSHOME, 'pwsh.dll'))
    }
}

function Get-PesterManifest {
    param([string] $Version)
    $packages = Get-NuGetPackageFolder
    $manifest = [System.IO.Path]::Combine($packages, 'pester', $Version, 'tools', 'Pester.psd1')
    if (-not [System.IO.File]::Exists($manifest)) {
        # To the host: this function's output is the manifest's path alone.
        Invoke-Dotnet @('restore', [System.IO.Path]::Combine($root, 'tests', 'Pester', 'Pester.Restore.csproj'), '--nologo') | Out-Host
    }
    if (-not [System.IO.File]::Exists($manifest)) {
        throw "Pester $Version is not in the NuGet cache ($manifest) after restoring tests/Pester/Pester.Restore.csproj; pin it there."
    }
    $manifest
}

function Get-NuGetPackageFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    foreach ($line in (& dotnet nuget locals global-packages --list)) {
        if ($line -match '^global-packages:\s*(.+?)\s*$') { return $Matches[1] }
    }
    throw 'Cannot find the NuGet global packages folder (dotnet nuget locals global-packages --list).'
}

# Sums the TRX files of dotnet test and the NUnit XML files of Pester under $Path.
function Get-TestCounts {
    param([string] $Path)
    $passed = 0
    $failed = 0
    foreach ($trx in [System.IO.Directory]::GetFiles($Path, '*.trx', [System.IO.SearchOption]::AllDirectories)) {
        $counters = ([xml][System.IO.File]::ReadAllText($trx)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    foreach ($nunit in [System.IO.Directory]::GetFiles($Path, 'pester-*.xml')) {
        $summary = ([xml][System.IO.File]::ReadAllText($nunit)).'test-results'
        $notPassed = [int]$summary.failures + [int]$summary.errors + [int]$summary.'not-run' + [int]$summary.inconclusive +
            [int]$summary.ignored + [int]$summary.skipped + [int]$summary.invalid
        $passed += [int]$summary.total - $notPassed
        $failed += [int]$summary.failures + [int]$summary.errors
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Invoke-SampleTask {
    & ([System.IO.Path]::Combine($root, 'samples', 'Invoke-HafniumSample.ps1'))
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

if (-not $SkipBuild -and ($Task -contains 'Build' -or $Task -contains 'Test' -or $Task -contains 'Sample' -or $Task -contains 'Package')) {
    Invoke-BuildTask
}
if ($Task -contains 'Test') { Invoke-TestTask }
if ($Task -contains 'Sample') { Invoke-SampleTask }
if ($Task -contains 'Package') { Invoke-PackageTask }
