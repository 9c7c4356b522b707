<#
.SYNOPSIS
    Takes a PNG picture of an HTML report (Export-HafniumReport) with headless Chromium.

.DESCRIPTION
    Opens the report the way a reader does (a file:// page, offline) in a headless Chromium with a fresh profile and
    every background network feature off, and saves the top of the page, Width by Height pixels, as a PNG.

    The README's screenshot (docs/images/report.png) is made with it from the sample fleet:

        Invoke-HafniumAudit -Path ./samples/fleet/*, ./samples/logs/* |
            Export-HafniumReport -Path ./out/sample-report.html -Force
        ./samples/Save-ReportScreenshot.ps1 -ReportPath ./out/sample-report.html -OutFile ./docs/images/report.png

    Until the audit is wired to the sample folders, the report comes from the browser tests' sample fleet:
    dotnet test tests/HafniumTools.ReportTests -c Release --filter "FullyQualifiedName~SampleFleetScreenshot" writes
    out/report-sample/report.html (and its picture, report.png, with the same size).

    Runs in pwsh and Windows PowerShell 5.1; needs Chromium (Debian: apt-get install chromium), Chrome or Edge.

.PARAMETER ReportPath
    The HTML report to take the picture of.

.PARAMETER OutFile
    The PNG file to write (overwritten).

.PARAMETER Width
    The width of the page in pixels.

.PARAMETER Height
    The height of the picture in pixels: the top of the report, from the fleet overview down.

.PARAMETER ChromiumPath
    The browser to run; by default HAFNIUM_CHROMIUM, then Chromium, Chrome or Edge where they are usually installed.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string] $ReportPath,

    [Parameter(Mandatory = $true)]
    [string] $OutFile,

    [ValidateRange(320, 4096)]
    [int] $Width = 1280,

    [ValidateRange(240, 16384)]
    [int] $Height = 1600,

    [string] $ChromiumPath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function Find-Chromium {
    $candidates = @($ChromiumPath, $env:HAFNIUM_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome')
    foreach ($folder in @(${env:ProgramFiles}, ${env:ProgramFiles(x86)}, $env:LOCALAPPDATA)) {
        if ($folder) {
            $candidates += [System.IO.Path]::Combine($folder, 'Google', 'Chrome', 'Application', 'chrome.exe')
            $candidates += [System.IO.Path]::Combine($folder, 'Microsoft', 'Edge', 'Application', 'msedge.exe')
        }
    }
    foreach ($candidate in $candidates) {
        if ($candidate -and [System.IO.File]::Exists($candidate)) { return $candidate }
    }
    throw 'No Chromium, Chrome or Edge found: install one (Debian: apt-get install chromium) or pass -ChromiumPath.'
}

$report = (Resolve-Path -LiteralPath $ReportPath).ProviderPath
$png = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile)
$browser = Find-Chromium
$userData = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'ht-screenshot-' + [guid]::NewGuid().ToString('N'))
[void][System.IO.Directory]::CreateDirectory($userData)
try {
    if ([System.IO.File]::Exists($png)) { [System.IO.File]::Delete($png) }
    # Headless, no sandbox (root in CI), and nothing that reaches for the network on its own.
    $arguments = @(
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--no-default-browser-check',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions',
        '--disable-default-apps', '--mute-audio', '--hide-scrollbars',
        "--user-data-dir=$userData", "--window-size=$Width,$Height", "--screenshot=$png",
        ([System.Uri]::new($report)).AbsoluteUri
    )
    # Chromium writes harmless diagnostics to stderr; Windows PowerShell 5.1 would stop on them under 'Stop'.
    $ErrorActionPreference = 'Continue'
    $output = & $browser @arguments 2>&1
    $ErrorActionPreference = 'Stop'
    if (-not [System.IO.File]::Exists($png)) {
        throw "$browser wrote no screenshot (exit code $LASTEXITCODE): $($output -join [Environment]::NewLine)"
    }
    Get-Item -LiteralPath $png
}
finally {
    Remove-Item -LiteralPath $userData -Recurse -Force -ErrorAction SilentlyContinue
}
