using System;
using System.Management.Automation;

namespace HafniumTools.BuildTools.Tests;

// Cmdlets whose metadata the fixtures describe; the tests read them as the build tool reads the module DLL.

[Cmdlet(VerbsCommon.Find, "ContosoLogIndicator", DefaultParameterSetName = "Path")]
[OutputType(typeof(string))]
public sealed class FindContosoLogIndicatorCommand : PSCmdlet
{
    [Parameter(ParameterSetName = "Path", Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[]? LiteralPath { get; set; }

    [Parameter]
    [ValidateSet("CVE-2021-26855", "CVE-2021-26857", "CVE-2021-26858", "CVE-2021-27065")]
    public string[]? Cve { get; set; }

    [Parameter]
    public DateTime? Since { get; set; }

    [Parameter]
    public int ThrottleLimit { get; set; }

    [Parameter]
    public SwitchParameter IncludeProbes { get; set; }
}

public enum SampleMode
{
    Fast,
    Thorough,
}

[Cmdlet(VerbsDiagnostic.Test, "ContosoThing", SupportsShouldProcess = true)]
[OutputType(typeof(ContosoReport), typeof(string))]
public sealed class TestContosoThingCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public string? Name { get; set; }

    [Parameter]
    public SampleMode Mode { get; set; }

    [Parameter(Mandatory = true)]
    public SwitchParameter Force { get; set; }
}
