<#
.SYNOPSIS
    Peak memory of a hunt whose every row is a finding, through Find-HafniumLogIndicator and through the anomaly
    cmdlets' -LogPath, each in its own pwsh process (issue 14: findings are streamed, never all held).
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/LogPathMemory.ps1 -SizeMB 250
#>
param(
    [int] $SizeMB = 250,
    [string] $Data = (Join-Path (Split-Path -Parent $PSScriptRoot) 'bench-data/logpath')
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
$folder = Join-Path $Data 'EXCH01/Logging/HttpProxy/Ecp'
$log = Join-Path $folder 'HttpProxy_2021030303-1.LOG'
if (-not (Test-Path -LiteralPath $log) -or (Get-Item -LiteralPath $log).Length -lt $SizeMB * 1MB) {
    # The sample's CVE-2021-26855 SSRF row (a SetObject on the OAB virtual directory), with a new time, request id
    # and client address on every row: every row is a finding.
    $sample = Get-Content -LiteralPath (Join-Path $root 'samples/logs/EXCH01/Logging/HttpProxy/Ecp/HttpProxy_2021030303-1.LOG')
    $template = ($sample | Where-Object { $_ -like '*ServerInfo~*SetObject?schema=OABVirtualDirectory*' } | Select-Object -First 1).Split(',')
    $null = New-Item -ItemType Directory -Path $folder -Force
    $writer = [IO.StreamWriter]::new($log, $false, [Text.UTF8Encoding]::new($false))
    try {
        $sample | Select-Object -First 5 | ForEach-Object { $writer.WriteLine($_) }
        $time = [datetime]'2021-03-03T03:00:00Z'
        $random = [Random]::new(14)
        while ($writer.BaseStream.Length -lt $SizeMB * 1MB) {
            $time = $time.AddMilliseconds(37)
            $template[0] = $time.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
            $template[1] = [guid]::NewGuid().ToString()
            $template[17] = '86.105.{0}.{1}' -f $random.Next(256), $random.Next(1, 255)
            $writer.WriteLine($template -join ',')
        }
    }
    finally {
        $writer.Dispose()
    }
}

$server = Join-Path $Data 'EXCH01'
$runs = [ordered]@{
    'Find-HafniumLogIndicator -Path'  = "Find-HafniumLogIndicator -Path '$server'"
    'Find-HafniumOabAnomaly -LogPath' = "Find-HafniumOabAnomaly -LogPath '$server'"
    'Find-HafniumEcpAnomaly -LogPath' = "Find-HafniumEcpAnomaly -LogPath '$server'"
}
'{0:N0} MiB of HttpProxy rows, each one a finding' -f ((Get-Item -LiteralPath $log).Length / 1MB)
foreach ($name in $runs.Keys) {
    $script = "Import-Module '$root/HafniumTools.psd1'; `$w = [Diagnostics.Stopwatch]::StartNew(); `$n = ($($runs[$name]) | Measure-Object).Count; " +
        "'{0} findings, {1:N1} s, peak working set {2:N0} MB' -f `$n, `$w.Elapsed.TotalSeconds, ((Get-Process -Id `$PID).PeakWorkingSet64 / 1MB)"
    "{0,-34} {1}" -f $name, (dotnet pwsh -NoProfile -Command $script)
}
