using System.Collections.Generic;

namespace HafniumTools.BuildTools.Help;

/// <summary>One cmdlet's help as read from its docs/Verb-Noun.md page.</summary>
public sealed record CommandHelp(
    string Name,
    string Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<SyntaxSet> Syntax,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<RelatedLink> Links,
    string OnlineVersion)
{
    /// <summary>Line of the <c># Name</c> title, for messages about the page as a whole.</summary>
    public int TitleLine { get; init; }

    /// <summary>Line of <c>## PARAMETERS</c>, for messages about parameters the page lacks.</summary>
    public int ParametersLine { get; init; }

    public string Verb => Name.Split('-')[0];

    public string Noun => Name.Contains('-', System.StringComparison.Ordinal) ? Name[(Name.IndexOf('-', System.StringComparison.Ordinal) + 1)..] : string.Empty;
}

/// <summary>A parameter set from the SYNTAX section: its name, the syntax line and the parameters in line order.</summary>
public sealed record SyntaxSet(string Name, bool IsDefault, string Line, IReadOnlyList<string> ParameterNames, int SourceLine)
{
    public const string AllSets = "__AllParameterSets";
}

public sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);

/// <summary>A parameter: its description and one usage per ```yaml block (platyPS writes one per distinct attribute set).</summary>
public sealed record ParameterHelp(string Name, IReadOnlyList<string> Description, IReadOnlyList<ParameterUsage> Usages, int SourceLine)
{
    /// <summary>The usage that applies in <paramref name="setName"/>, or null when the parameter is not in that set.</summary>
    public ParameterUsage? UsageIn(string setName)
    {
        foreach (var usage in Usages)
        {
            if (usage.AppliesTo(setName))
            {
                return usage;
            }
        }

        return null;
    }
}

/// <summary>The attributes from one ```yaml block of a parameter.</summary>
public sealed record ParameterUsage(
    string Type,
    IReadOnlyList<string> Sets,
    IReadOnlyList<string> Aliases,
    bool Required,
    int? Position,
    string DefaultValue,
    bool ByValue,
    bool ByPropertyName,
    bool Wildcards,
    IReadOnlyList<string> AcceptedValues,
    int SourceLine)
{
    /// <summary>True when the yaml says <c>Parameter Sets: (All)</c>.</summary>
    public bool InAllSets => Sets.Count == 0;

    public bool IsSwitch => Type is "SwitchParameter" or "System.Management.Automation.SwitchParameter";

    public bool AppliesTo(string setName) =>
        InAllSets || setName == SyntaxSet.AllSets || Contains(Sets, setName);

    /// <summary>The text platyPS writes for <c>Accept pipeline input</c>, which Get-Help shows as is.</summary>
    public string PipelineInput => PipelineText(ByValue, ByPropertyName);

    public static string PipelineText(bool byValue, bool byPropertyName) => (byValue, byPropertyName) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    private static bool Contains(IReadOnlyList<string> sets, string name)
    {
        foreach (string s in sets)
        {
            if (string.Equals(s, name, System.StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

public sealed record TypeHelp(string Name, IReadOnlyList<string> Description);

public sealed record RelatedLink(string Text, string Uri);
