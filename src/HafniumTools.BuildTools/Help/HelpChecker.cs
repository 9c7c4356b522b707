using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace HafniumTools.BuildTools.Help;

/// <summary>
/// Compares the compiled pages with the cmdlets in the built DLL: every cmdlet has a page, every page a cmdlet, and
/// each page's parameter sets and parameters (name, type, sets, Required, Position, pipeline input, aliases,
/// wildcards, accepted values) say what the engine will really do.
/// </summary>
public static class HelpChecker
{
    public static IReadOnlyList<HelpDiagnostic> Check(IReadOnlyList<CommandHelp> pages, IReadOnlyList<CmdletMetadata> cmdlets, string displayDir = "docs")
    {
        var diagnostics = new List<HelpDiagnostic>();
        foreach (var cmdlet in cmdlets)
        {
            var page = pages.FirstOrDefault(p => string.Equals(p.Name, cmdlet.Name, StringComparison.OrdinalIgnoreCase));
            string file = $"{displayDir}/{cmdlet.Name}.md";
            if (page is null)
            {
                diagnostics.Add(new HelpDiagnostic(file, 0, HelpDiagnostic.HelpOutOfDate,
                    $"Cmdlet {cmdlet.Name} has no help page; write one with 'new-help --cmdlet {cmdlet.Name}'."));
                continue;
            }

            CheckPage(page, cmdlet, (line, message) => diagnostics.Add(new HelpDiagnostic(file, line, HelpDiagnostic.HelpOutOfDate, message)));
        }

        foreach (var page in pages.Where(p => !cmdlets.Any(c => string.Equals(c.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
        {
            diagnostics.Add(new HelpDiagnostic($"{displayDir}/{page.Name}.md", page.TitleLine, HelpDiagnostic.HelpOutOfDate,
                $"The module has no cmdlet {page.Name}; remove the page or fix its name."));
        }

        return diagnostics;
    }

    private static void CheckPage(CommandHelp page, CmdletMetadata cmdlet, Action<int, string> error)
    {
        foreach (var set in cmdlet.SetNames.Where(s => !page.Syntax.Any(p => Same(p.Name, s))))
        {
            error(page.TitleLine, $"Parameter set '{set}' of {cmdlet.Name} has no '### {set}' under '## SYNTAX'.");
        }

        foreach (var set in page.Syntax.Where(p => !cmdlet.SetNames.Any(s => Same(p.Name, s))))
        {
            error(set.SourceLine, $"{cmdlet.Name} has no parameter set '{set.Name}' (its sets: {string.Join(", ", cmdlet.SetNames)}).");
        }

        var marked = page.Syntax.FirstOrDefault(s => s.IsDefault);
        if (marked is not null && !Same(marked.Name, cmdlet.DefaultSet))
        {
            error(marked.SourceLine, $"'{marked.Name}' is marked (Default), but the default parameter set of {cmdlet.Name} is '{cmdlet.DefaultSet}'.");
        }

        foreach (var parameter in cmdlet.Parameters.Where(p => !page.Parameters.Any(d => Same(d.Name, p.Name))))
        {
            error(page.ParametersLine, $"Parameter -{parameter.Name} of {cmdlet.Name} is not described; add '### -{parameter.Name}'.");
        }

        foreach (var documented in page.Parameters)
        {
            var actual = cmdlet.Parameters.FirstOrDefault(p => Same(p.Name, documented.Name));
            if (actual is null)
            {
                error(documented.SourceLine, $"{cmdlet.Name} has no parameter -{documented.Name}; remove its description.");
                continue;
            }

            CheckParameter(documented, actual, cmdlet, error);
        }
    }

    private static void CheckParameter(ParameterHelp documented, ParameterMetadataInfo actual, CmdletMetadata cmdlet, Action<int, string> error)
    {
        string name = "-" + actual.Name;
        foreach (var usage in documented.Usages)
        {
            int line = usage.SourceLine;
            if (!Same(usage.Type, actual.TypeName) && !usage.Type.EndsWith("." + actual.TypeName, StringComparison.OrdinalIgnoreCase))
            {
                error(line, $"{name} is documented as '{usage.Type}', but its type is '{actual.TypeName}'.");
            }

            if (!SameSet(usage.Aliases, actual.Aliases))
            {
                error(line, $"{name} lists aliases '{Join(usage.Aliases)}', but it has '{Join(actual.Aliases)}'.");
            }

            // [SupportsWildcards] is advisory: a cmdlet may expand wildcards without declaring it, so only a page that
            // hides a declared capability is wrong.
            if (actual.Wildcards && !usage.Wildcards)
            {
                error(line, $"{name} says 'Accept wildcard characters: False', but the parameter has [SupportsWildcards].");
            }

            if (usage.AcceptedValues.Count > 0 && !SameSet(usage.AcceptedValues, actual.AcceptedValues))
            {
                error(line, $"{name} lists accepted values '{Join(usage.AcceptedValues)}', but it accepts '{Join(actual.AcceptedValues)}'.");
            }

            foreach (string set in usage.Sets.Where(s => actual.In(s) is null))
            {
                error(line, $"{name} is documented in parameter set '{set}', but it is not in that set.");
            }
        }

        foreach (string set in cmdlet.SetNames)
        {
            var binding = actual.In(set);
            var usage = documented.UsageIn(set);
            if (binding is null)
            {
                continue;
            }

            if (usage is null)
            {
                error(documented.SourceLine, $"{name} is in parameter set '{set}', but no yaml block covers that set.");
                continue;
            }

            string where = cmdlet.SetNames.Count > 1 ? $" in set '{set}'" : string.Empty;
            if (usage.Required != binding.Mandatory)
            {
                error(usage.SourceLine, $"{name} says 'Required: {usage.Required}'{where}, but it is {(binding.Mandatory ? "mandatory" : "optional")}.");
            }

            if (usage.Position != binding.Position)
            {
                error(usage.SourceLine, $"{name} says 'Position: {Position(usage.Position)}'{where}, but it is {Position(binding.Position)}.");
            }

            if (usage.ByValue != binding.ByValue || usage.ByPropertyName != binding.ByPropertyName)
            {
                error(usage.SourceLine, $"{name} says 'Accept pipeline input: {usage.PipelineInput}'{where}, but it is '{ParameterUsage.PipelineText(binding.ByValue, binding.ByPropertyName)}'.");
            }
        }
    }

    private static string Position(int? position) => position?.ToString(CultureInfo.InvariantCulture) ?? "Named";

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == b.Count && a.All(x => b.Any(y => Same(x, y)));

    private static string Join(IReadOnlyList<string> values) => values.Count == 0 ? "None" : string.Join(", ", values);
}
