using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Language;

namespace HafniumTools.EngineTests.Harness;

/// <summary>
/// Finds what Windows PowerShell 5.1 cannot run in a script parsed by PowerShell 7: operators and blocks added in 6
/// and 7 (ternary, <c>??</c>, <c>??=</c>, <c>&amp;&amp;</c>/<c>||</c>, <c>?.</c>, <c>clean</c>, background <c>&amp;</c>),
/// cmdlets and parameters that exist only in 7, and the automatic variables 5.1 does not define (an error under
/// strict mode). Exchange Management Shell is Windows PowerShell 5.1, so the module's scripts must not use them; a
/// file that states <c>#Requires -PSEdition Core</c> is exempt.
/// </summary>
public static class WindowsPowerShellSyntax
{
    private static readonly Dictionary<string, string[]> Ps7OnlyParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ForEach-Object"] = ["Parallel", "ThrottleLimit", "AsJob", "TimeoutSeconds", "UseNewRunspace"],
        ["ConvertFrom-Json"] = ["AsHashtable", "Depth", "NoEnumerate", "DateKind"],
        ["ConvertTo-Json"] = ["AsArray", "EnumsAsStrings", "EscapeHandling"],
        ["Get-Content"] = ["AsByteStream"],
        ["Set-Content"] = ["AsByteStream"],
        ["Add-Content"] = ["AsByteStream"],
        ["Join-Path"] = ["AdditionalChildPath"],
        ["Select-Object"] = ["SkipIndex"],
        ["Sort-Object"] = ["Top", "Bottom", "Stable"],
        ["Import-Csv"] = ["UseQuotes"],
        ["Export-Csv"] = ["UseQuotes", "QuoteFields"],
        ["ConvertTo-Csv"] = ["UseQuotes", "QuoteFields"],
        ["Invoke-RestMethod"] = ["SkipCertificateCheck", "Authentication", "StatusCodeVariable"],
        ["Invoke-WebRequest"] = ["SkipCertificateCheck", "Authentication"],
        ["Test-Connection"] = ["TargetName", "TcpPort"],
        ["Split-Path"] = ["LeafBase", "Extension"],
        ["Get-ChildItem"] = ["FollowSymlink"],
    };

    /// <summary>Full names of 5.1 parameters that are also prefixes of a 7-only one (<c>Split-Path -Leaf</c> vs <c>-LeafBase</c>).</summary>
    private static readonly HashSet<string> Ps51ParametersThatArePrefixes = new(StringComparer.OrdinalIgnoreCase) { "Leaf" };

    private static readonly HashSet<string> Ps7OnlyCommands = new(StringComparer.OrdinalIgnoreCase)
    {
        "Test-Json", "Get-Error", "ConvertFrom-Markdown", "Show-Markdown", "Get-Uptime", "Remove-Alias", "Remove-Service",
        "Join-String", "ConvertTo-CliXml", "ConvertFrom-CliXml", "Get-PSSubsystem", "Get-ExperimentalFeature",
    };

    private static readonly HashSet<string> Ps7OnlyVariables = new(StringComparer.OrdinalIgnoreCase)
    {
        "IsLinux", "IsMacOS", "IsWindows", "IsCoreCLR", "PSStyle",
    };

    /// <summary>Each construct 5.1 cannot run, as <c>line:column what</c>; empty when the script is 5.1-compatible.</summary>
    public static IReadOnlyList<string> Problems(ScriptBlockAst script)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (script.ScriptRequirements?.RequiredPSEditions?.Any(e => e.Equals("Core", StringComparison.OrdinalIgnoreCase)) == true)
        {
            return [];
        }

        var problems = new List<string>();
        void Add(Ast at, string what) => problems.Add($"{at.Extent.StartLineNumber}:{at.Extent.StartColumnNumber} {what}");
        foreach (var ast in script.FindAll(_ => true, searchNestedScriptBlocks: true))
        {
            switch (ast)
            {
                case TernaryExpressionAst:
                    Add(ast, "ternary operator ?: (PowerShell 7)");
                    break;
                case BinaryExpressionAst { Operator: TokenKind.QuestionQuestion }:
                    Add(ast, "null-coalescing operator ?? (PowerShell 7)");
                    break;
                case AssignmentStatementAst { Operator: TokenKind.QuestionQuestionEquals }:
                    Add(ast, "null-coalescing assignment ??= (PowerShell 7)");
                    break;
                case PipelineChainAst chain:
                    Add(ast, (chain.Operator == TokenKind.AndAnd ? "&&" : "||") + " pipeline chain (PowerShell 7)");
                    break;
                case MemberExpressionAst { NullConditional: true }:
                    Add(ast, "null-conditional member access ?. (PowerShell 7)");
                    break;
                case IndexExpressionAst { NullConditional: true }:
                    Add(ast, "null-conditional index ?[] (PowerShell 7)");
                    break;
                case ScriptBlockAst { CleanBlock: not null }:
                    Add(ast, "clean block (PowerShell 7.3)");
                    break;
                case PipelineAst { Background: true }:
                    Add(ast, "background operator & (PowerShell 6)");
                    break;
                case VariableExpressionAst variable when Ps7OnlyVariables.Contains(variable.VariablePath.UserPath):
                    Add(ast, "$" + variable.VariablePath.UserPath + " does not exist in Windows PowerShell 5.1");
                    break;
                case CommandAst command:
                    CheckCommand(command, Add);
                    break;
            }
        }

        return problems;
    }

    private static void CheckCommand(CommandAst command, Action<Ast, string> add)
    {
        string? name = command.GetCommandName();
        if (name is null)
        {
            return;
        }

        name = name switch
        {
            "%" or "foreach" => "ForEach-Object",
            "select" => "Select-Object",
            "sort" => "Sort-Object",
            "gc" or "cat" or "type" => "Get-Content",
            "gci" or "ls" or "dir" => "Get-ChildItem",
            "iwr" => "Invoke-WebRequest",
            "irm" => "Invoke-RestMethod",
            _ => name,
        };
        if (Ps7OnlyCommands.Contains(name))
        {
            add(command, name + " does not exist in Windows PowerShell 5.1");
            return;
        }

        if (!Ps7OnlyParameters.TryGetValue(name, out var parameters))
        {
            return;
        }

        foreach (var parameter in command.CommandElements.OfType<CommandParameterAst>())
        {
            // PowerShell takes any unambiguous prefix of a parameter name; a 5.1 parameter's own full name is not one.
            if (Ps51ParametersThatArePrefixes.Contains(parameter.ParameterName))
            {
                continue;
            }

            string? match = parameters.FirstOrDefault(p => parameter.ParameterName.Length >= 2 && p.StartsWith(parameter.ParameterName, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                add(parameter, name + " -" + match + " (PowerShell 7)");
            }
        }

        if (name.Equals("Join-Path", StringComparison.OrdinalIgnoreCase) && command.CommandElements.Skip(1).Count(e => e is not CommandParameterAst) > 2)
        {
            add(command, "Join-Path with more than one child path (PowerShell 7)");
        }
    }
}
