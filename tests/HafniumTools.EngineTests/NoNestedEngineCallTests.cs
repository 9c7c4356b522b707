using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests;

/// <summary>
/// A cmdlet calls the core, never another command through the engine: a nested PowerShell would run a user's
/// function of the same name instead, buffer the output and lose the progress. So the module's DLL refers to none of
/// the ways of invoking commands from inside a cmdlet. The one exception is the fleet fan-out of Invoke-HafniumAudit
/// (RemoteAuditRunner): PowerShell remoting is the engine's own (Invoke-Command over WinRM or SSH sessions), so it is
/// driven through the caller's session, with module-qualified command names so no user function can stand in.
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

        var callers = CallersOfForbiddenMembers(pe, metadata);
        Assert.All(callers, c => Assert.Equal(RemotingRunner, c));
        Assert.Contains(RemotingRunner, callers); // the scan works: the runner's use of Invoke-Command is seen
    }

    [Fact]
    public void The_remoting_runner_names_every_command_with_its_module()
    {
        string file = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "HafniumTools", "Commands", "Infrastructure", "RemoteAuditRunner.cs"));

        // The scripts are the verbatim strings of the file.
        var scripts = System.Text.RegularExpressions.Regex.Matches(file, "@\"((?:[^\"]|\"\")*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        string source = string.Join("\n", scripts);
        var commands = System.Text.RegularExpressions.Regex.Matches(source, @"(?<![\\\w.-])(?:Invoke-Command|New-PSSession|Remove-PSSession|Receive-Job|Get-Module|Import-Module|Sort-Object|Select-Object|ForEach-Object|Invoke-HafniumAudit)\b");
        Assert.Empty(commands.Select(m => m.Value));
        Assert.Contains(@"Microsoft.PowerShell.Core\Invoke-Command", source, System.StringComparison.Ordinal);
    }

    private const string RemotingRunner = "HafniumTools.Commands.Infrastructure.RemoteAuditRunner";

    /// <summary>The types (closures counted as the type they are in) whose methods call a forbidden member.</summary>
    private static HashSet<string> CallersOfForbiddenMembers(PEReader pe, MetadataReader metadata)
    {
        var callers = new HashSet<string>();
        foreach (var typeHandle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(typeHandle);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = metadata.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }

                byte[] il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes() ?? [];
                for (int i = 0; i + 4 < il.Length; i++)
                {
                    // call, callvirt, newobj, ldftn with a MemberRef token (table 0x0A)
                    if ((il[i] == 0x28 || il[i] == 0x6F || il[i] == 0x73) && il[i + 4] == 0x0A)
                    {
                        int row = il[i + 1] | (il[i + 2] << 8) | (il[i + 3] << 16);
                        if (row == 0 || row > metadata.GetTableRowCount(TableIndex.MemberRef))
                        {
                            continue;
                        }

                        var member = metadata.GetMemberReference(MetadataTokens.MemberReferenceHandle(row));
                        if (member.Parent.Kind == HandleKind.TypeReference
                            && ForbiddenMembers.Contains(FullName(metadata, metadata.GetTypeReference((TypeReferenceHandle)member.Parent)) + "." + metadata.GetString(member.Name)))
                        {
                            callers.Add(Outermost(metadata, type));
                        }
                    }
                }
            }
        }

        return callers;
    }

    private static string Outermost(MetadataReader metadata, TypeDefinition type)
    {
        while (type.GetDeclaringType() is { IsNil: false } outer)
        {
            type = metadata.GetTypeDefinition(outer);
        }

        return metadata.GetString(type.Namespace) + "." + metadata.GetString(type.Name);
    }

    private static string FullName(MetadataReader metadata, TypeReference type) =>
        metadata.GetString(type.Namespace) + "." + metadata.GetString(type.Name);
}
