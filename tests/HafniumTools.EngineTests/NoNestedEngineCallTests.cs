using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests;

/// <summary>
/// A cmdlet calls the core, never another command through the engine: a nested PowerShell would run a user's
/// function of the same name instead, buffer the output and lose the progress. So the module's DLL refers to none of
/// the ways of invoking commands from inside a cmdlet.
/// </summary>
public class NoNestedEngineCallTests
{
    private static readonly HashSet<string> ForbiddenTypes =
    [
        "System.Management.Automation.PowerShell",
        "System.Management.Automation.Runspaces.Pipeline",
    ];

    private static readonly HashSet<string> ForbiddenMembers =
    [
        "System.Management.Automation.CommandInvocationIntrinsics.InvokeScript",
        "System.Management.Automation.CommandInvocationIntrinsics.NewScriptBlock",
    ];

    [Fact]
    public void No_cmdlet_runs_another_command_through_the_engine()
    {
        using var stream = File.OpenRead(TestPaths.ModuleAssembly);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();

        var types = metadata.TypeReferences.Select(h => FullName(metadata, metadata.GetTypeReference(h))).ToList();
        var members = metadata.MemberReferences
            .Select(h => metadata.GetMemberReference(h))
            .Where(m => m.Parent.Kind == HandleKind.TypeReference)
            .Select(m => FullName(metadata, metadata.GetTypeReference((TypeReferenceHandle)m.Parent)) + "." + metadata.GetString(m.Name))
            .ToList();

        Assert.Contains("System.Management.Automation.PSCmdlet", types); // the reading works: the cmdlets' base is there
        Assert.DoesNotContain(types, ForbiddenTypes.Contains);
        Assert.DoesNotContain(members, ForbiddenMembers.Contains);
    }

    private static string FullName(MetadataReader metadata, TypeReference type) =>
        metadata.GetString(type.Namespace) + "." + metadata.GetString(type.Name);
}
