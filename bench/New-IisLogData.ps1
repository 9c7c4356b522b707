<#
.SYNOPSIS
    Writes a W3C log of an Exchange front end's everyday traffic (mostly users' POSTs to EWS, MAPI and ActiveSync),
    for timing the IIS rule sets: `dotnet bench/LogHunt.Benchmark/bin/Release/net10.0/LogHunt.Benchmark.dll engine bench-data/iis 1`.
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/New-IisLogData.ps1 -SizeMB 200
#>
param(
    [int] $SizeMB = 200,
    [string] $Path = (Join-Path (Split-Path -Parent $PSScriptRoot) 'bench-data/iis')
)

$ErrorActionPreference = 'Stop'
$folder = Join-Path $Path 'EXCH01/inetpub/logs/LogFiles/W3SVC1'
$null = New-Item -ItemType Directory -Path $folder -Force
$file = Join-Path $folder 'u_ex210303.log'
$requests = @(
    @('POST', '/EWS/Exchange.asmx'), @('POST', '/mapi/emsmdb/'), @('POST', '/Microsoft-Server-ActiveSync/default.eas'), @('GET', '/owa/'),
    @('POST', '/owa/service.svc'), @('GET', '/ecp/default.aspx'), @('POST', '/autodiscover/autodiscover.xml'), @('POST', '/rpc/rpcproxy.dll')
)
$random = [Random]::new(3)
$writer = [IO.StreamWriter]::new($file, $false, [Text.UTF8Encoding]::new($false))
try {
    $writer.Write("#Software: Microsoft Internet Information Services 10.0`n#Version: 1.0`n#Date: 2021-03-03 00:00:01`n")
    $writer.Write("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken`n")
    $i = 0
    while ($writer.BaseStream.Length -lt $SizeMB * 1MB) {
        $method, $stem = $requests[$random.Next($requests.Count)]
        $writer.Write(('2021-03-03 {0:00}:{1:00}:{2:00} 10.0.0.5 {3} {4} &CorrelationID=<empty>;&cafeReqId={5:x8}-1111-2222-3333-444455556666; 443 user{6}@contoso.com 10.20.{7}.{8} Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.13628;+Pro) - 200 0 0 {9}' -f
                ([int][Math]::Floor($i / 3600) % 24), ([int][Math]::Floor($i / 60) % 60), ($i % 60), $method, $stem, $random.Next(), $random.Next(1, 5001), $random.Next(256), $random.Next(1, 255), $random.Next(1, 901)) + "`n")
        $i++
    }
}
finally {
    $writer.Dispose()
}
'{0}: {1:N0} rows, {2:N0} MiB' -f $file, $i, ((Get-Item -LiteralPath $file).Length / 1MB)
