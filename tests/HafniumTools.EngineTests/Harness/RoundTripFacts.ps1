<#
.SYNOPSIS
    Runs a HafniumTools command, sends its results through Start-Job, Export-Clixml/Import-Clixml and PSSerializer,
    and writes what users get from the live results and from each copy as comparable lines.

.DESCRIPTION
    Each line is "<copy><TAB><fact>", copy being live, job, clixml or serializer. The facts are what admins do with
    results: each object's type and every property as a string ("$($_.Severity)"); for every enum property of the live
    objects (Severity, Verdict, ProxyLogonStatus ...) and every value of its enum, Where-Object -eq and -ge; Sort-Object
    and Group-Object by it. Results of filters name objects by their place among the live objects, so a copy whose
    filters select other objects, or none, differs. The engine tests compare each copy's facts with the live ones, in
    the hosted engine and in real pwsh.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $Command,
    [Parameter(Mandatory = $true)] [string] $ModuleManifest,
    [Parameter(Mandatory = $true)] [string] $RepoRoot,
    [string] $Fixtures,
    [string] $EngineFixtures
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
if (-not (Get-Module HafniumTools)) { Import-Module $ModuleManifest }

$live = @(& ([scriptblock]::Create($Command)))

$job = Start-Job -ArgumentList $Command, $ModuleManifest, $RepoRoot, $Fixtures, $EngineFixtures -ScriptBlock {
    param($Command, $ModuleManifest, $RepoRoot, $Fixtures, $EngineFixtures)
    Import-Module $ModuleManifest
    & ([scriptblock]::Create($Command))
}
$fromJob = @($job | Receive-Job -Wait -AutoRemoveJob)

$clixml = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), [guid]::NewGuid().ToString('N') + '.clixml')
try {
    $live | Export-Clixml -LiteralPath $clixml
    $fromClixml = @(Import-Clixml -LiteralPath $clixml)
}
finally {
    [System.IO.File]::Delete($clixml)
}

$fromSerializer = @($live | ForEach-Object {
        [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($_))
    })

# The properties of each live type, and its enum properties with their enum types ("Type|Property" -> enum type:
# Kind is a BuildEntryKind on catalog entries and a LogKind on coverage).
$propertiesByType = @{}
$enumProperties = [ordered]@{}
foreach ($item in $live) {
    $typeName = $item.GetType().FullName
    $propertiesByType[$typeName] = @($item.PSObject.Properties | ForEach-Object { $_.Name })
    foreach ($property in $item.PSObject.Properties) {
        if ($property.Value -is [System.Enum]) { $enumProperties[$typeName + '|' + $property.Name] = $property.Value.GetType() }
    }
}

function Get-TypeName {
    param($Item)
    $Item.PSObject.TypeNames[0] -replace '^Deserialized\.', ''
}

# Text in ordinal order, the same in every culture (the hosted engine runs with invariant globalization).
function Get-Sorted {
    param([string[]] $Text)
    $copy = [string[]]@($Text)
    [System.Array]::Sort($copy, [System.StringComparer]::Ordinal)
    , $copy
}

# The job runs the command a second time: what only records that run (when it ran, how long it took) differs between
# runs by nature, so it is compared by presence and type, not value (Export-Clixml and JSON tests check the values).
$runClock = @('CheckedAt', 'ElapsedMilliseconds', 'AuditedAt')

# A property as "$($_.Name)" shows it, on one line; an object that lacks it says so (no strict-mode error for mixed streams).
function Get-Text {
    param($Item, [string] $Name)
    $property = $Item.PSObject.Properties[$Name]
    if ($null -eq $property) { '<missing>' }
    elseif ($Name -in $runClock -and $null -ne $property.Value) { '<run clock: ' + $property.Value.GetType().Name + '>' } else { "$($property.Value)".Replace("`r", '\r').Replace("`n", '\n') }
}

function Get-Fingerprint {
    param($Item)
    $typeName = Get-TypeName $Item
    $names = $propertiesByType[$typeName]
    if ($null -eq $names) { return "unknown type $($Item.PSObject.TypeNames[0])" }
    ($names | ForEach-Object { '{0}={1}' -f $_, (Get-Text $Item $_) }) -join '|'
}

$liveFingerprints = Get-Sorted @($live | ForEach-Object { Get-Fingerprint $_ })

function Get-Place {
    param([object[]] $Items)
    $places = foreach ($item in $Items) {
        [array]::IndexOf($liveFingerprints, (Get-Fingerprint $item))
    }
    (@($places) | Sort-Object) -join ','
}

function Get-Fact {
    param([object[]] $Items)
    foreach ($item in $Items) { 'type ' + $item.GetType().FullName + ' ' + ($item.PSObject.TypeNames -join ';') }
    foreach ($item in $Items) { 'object ' + (Get-Fingerprint $item) }
    foreach ($key in $enumProperties.Keys) {
        $typeName, $name = $key -split '\|'
        # Each type on its own: Where-Object Name ... on an object without it is an error under strict mode.
        $having = @($Items | Where-Object { (Get-TypeName $_) -eq $typeName })
        foreach ($value in [System.Enum]::GetNames($enumProperties[$key])) {
            'where {0} -eq {1}: {2}' -f $key, $value, (Get-Place @($having | Where-Object $name -EQ $value))
            'where {0} -ge {1}: {2}' -f $key, $value, (Get-Place @($having | Where-Object $name -GE $value))
        }
        'sort {0}: {1}' -f $key, ((@($having | Sort-Object $name) | ForEach-Object { Get-Text $_ $name }) -join ',')
        'group {0}: {1}' -f $key, ((Get-Sorted @($having | Group-Object $name | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count })) -join ',')
    }
}

$copies = [ordered]@{ live = $live; job = $fromJob; clixml = $fromClixml; serializer = $fromSerializer }
foreach ($copy in $copies.Keys) {
    foreach ($fact in (Get-Sorted @(Get-Fact $copies[$copy]))) { "$copy`t$fact" }
}
