using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace HafniumTools.BuildTools.Help;

/// <summary>
/// Writes a new cmdlet page in the platyPS layout from the cmdlet's metadata: the SYNTAX lines and every
/// parameter's yaml are real; the prose is <c>{{ ... }}</c> placeholders, which the compiler refuses until replaced.
/// </summary>
public static class HelpSkeletonWriter
{
    public const string CommonParametersSentence =
        "This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, "
        + "-InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable, -ProgressAction, -Verbose, "
        + "-WarningAction, and -WarningVariable. For more information, see "
        + "[about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).";

    public static string Write(CmdletMetadata cmdlet, string moduleName = "HafniumTools", string helpFile = HelpCompiler.ModuleHelpFile)
    {
        var md = new StringBuilder();
        md.Append("---\n")
          .Append("external help file: ").Append(helpFile).Append('\n')
          .Append("Module Name: ").Append(moduleName).Append('\n')
          .Append("online version:\n")
          .Append("schema: 2.0.0\n")
          .Append("---\n\n")
          .Append("# ").Append(cmdlet.Name).Append("\n\n")
          .Append("## SYNOPSIS\n{{ One sentence: what ").Append(cmdlet.Name).Append(" does. }}\n\n")
          .Append("## SYNTAX\n\n");
        bool several = cmdlet.SetNames.Count > 1;
        foreach (string set in cmdlet.SetNames)
        {
            md.Append("### ").Append(set).Append(several && set == cmdlet.DefaultSet ? " (Default)" : string.Empty).Append('\n')
              .Append("```\n").Append(SyntaxLine(cmdlet, set)).Append("\n```\n\n");
        }

        md.Append("## DESCRIPTION\n{{ What it reads, what it writes, what it never does. }}\n\n")
          .Append("## EXAMPLES\n\n")
          .Append("### Example 1: {{ title }}\n```powershell\n").Append(cmdlet.Name).Append("\n```\n\n")
          .Append("{{ What the example does and what comes out. }}\n\n")
          .Append("## PARAMETERS\n\n");
        foreach (var parameter in cmdlet.Parameters)
        {
            md.Append("### -").Append(parameter.Name).Append('\n')
              .Append("{{ What -").Append(parameter.Name).Append(" does and which values make sense. }}\n\n");
            foreach (var (sets, binding) in Groups(cmdlet, parameter))
            {
                md.Append("```yaml\n")
                  .Append("Type: ").Append(parameter.TypeName).Append('\n')
                  .Append("Parameter Sets: ").Append(sets).Append('\n')
                  .Append("Aliases:").Append(parameter.Aliases.Count > 0 ? " " + string.Join(", ", parameter.Aliases) : string.Empty).Append('\n');
                if (parameter.AcceptedValues.Count > 0)
                {
                    md.Append("Accepted values: ").Append(string.Join(", ", parameter.AcceptedValues)).Append('\n');
                }

                md.Append('\n')
                  .Append("Required: ").Append(binding.Mandatory ? "True" : "False").Append('\n')
                  .Append("Position: ").Append(binding.Position?.ToString(CultureInfo.InvariantCulture) ?? "Named").Append('\n')
                  .Append("Default value: ").Append(parameter.IsSwitch ? "False" : "None").Append('\n')
                  .Append("Accept pipeline input: ").Append(ParameterUsage.PipelineText(binding.ByValue, binding.ByPropertyName)).Append('\n')
                  .Append("Accept wildcard characters: ").Append(parameter.Wildcards ? "True" : "False").Append('\n')
                  .Append("```\n\n");
            }
        }

        md.Append("### CommonParameters\n").Append(CommonParametersSentence).Append("\n\n")
          .Append("## INPUTS\n\n### {{ Input type, or None }}\n{{ What the pipeline may carry. }}\n\n")
          .Append("## OUTPUTS\n\n### {{ Output type }}\n{{ What each object is. }}\n\n")
          .Append("## NOTES\n\n")
          .Append("## RELATED LINKS\n\n[about_").Append(moduleName).Append("](about_").Append(moduleName).Append(".md)\n");
        return md.ToString();
    }

    /// <summary>The syntax line as Get-Command shows it: positional parameters first, then mandatory, then optional.</summary>
    public static string SyntaxLine(CmdletMetadata cmdlet, string set)
    {
        var members = cmdlet.Parameters
            .Select((p, index) => (Parameter: p, Binding: p.In(set), Index: index))
            .Where(x => x.Binding is not null)
            .OrderBy(x => x.Binding!.Position is null ? 1 : 0)
            .ThenBy(x => x.Binding!.Position ?? 0)
            .ThenBy(x => x.Binding!.Mandatory ? 0 : 1)
            .ThenBy(x => x.Index);
        var line = new StringBuilder(cmdlet.Name);
        foreach (var (parameter, binding, _) in members)
        {
            string name = binding!.Position is null ? $"-{parameter.Name}" : $"[-{parameter.Name}]";
            string element = parameter.IsSwitch ? $"-{parameter.Name}" : $"{name} <{parameter.TypeName}>";
            line.Append(' ').Append(binding.Mandatory ? element : $"[{element}]");
        }

        return line.Append(" [<CommonParameters>]").ToString();
    }

    /// <summary>One yaml block per distinct binding; <c>(All)</c> when one binding covers every set.</summary>
    private static IEnumerable<(string Sets, ParameterSetBinding Binding)> Groups(CmdletMetadata cmdlet, ParameterMetadataInfo parameter)
    {
        var bySet = cmdlet.SetNames.Select(s => (Set: s, Binding: parameter.In(s))).Where(x => x.Binding is not null).ToList();
        var groups = bySet.GroupBy(x => (x.Binding!.Mandatory, x.Binding.Position, x.Binding.ByValue, x.Binding.ByPropertyName)).ToList();
        if (groups.Count == 1 && bySet.Count == cmdlet.SetNames.Count)
        {
            yield return ("(All)", bySet[0].Binding!);
            yield break;
        }

        foreach (var group in groups)
        {
            yield return (string.Join(", ", group.Select(g => g.Set)), group.First().Binding!);
        }
    }
}
