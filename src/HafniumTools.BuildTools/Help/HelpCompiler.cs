using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace HafniumTools.BuildTools.Help;

/// <summary>The result of compiling docs/: the cmdlet pages and about topics, ready to write.</summary>
public sealed record CompiledHelp(IReadOnlyList<CommandHelp> Commands, XDocument Maml, IReadOnlyDictionary<string, string> AboutTopics);

/// <summary>
/// Compiles docs/ into the module's help: every <c>Verb-Noun.md</c> into one MAML file, every <c>about_*.md</c> into
/// <c>about_*.help.txt</c>. Other markdown (README.md, benchmarks.md) is not help and is skipped. Any problem in any page fails the
/// whole compilation, listing every problem with its file and line.
/// </summary>
public static class HelpCompiler
{
    public const string ModuleHelpFile = "HafniumTools.dll-Help.xml";

    /// <summary>Reads and checks every page under <paramref name="docsDir"/>; <paramref name="displayDir"/> prefixes file names in messages.</summary>
    public static CompiledHelp Compile(string docsDir, string displayDir = "docs")
    {
        if (!Directory.Exists(docsDir))
        {
            throw new HelpBuildException([new HelpDiagnostic(displayDir, 0, HelpDiagnostic.MalformedHelp, $"The help folder '{docsDir}' does not exist.")]);
        }

        var diagnostics = new List<HelpDiagnostic>();
        var commands = new List<CommandHelp>();
        var abouts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in Directory.GetFiles(docsDir, "*.md").OrderBy(p => p, StringComparer.Ordinal))
        {
            string stem = Path.GetFileNameWithoutExtension(path);
            string display = displayDir + "/" + Path.GetFileName(path);
            if (!IsAboutTopic(stem) && !IsCommandPage(stem))
            {
                continue;
            }

            string text = File.ReadAllText(path);
            IReadOnlyList<(int Line, string Message)> errors;
            if (IsAboutTopic(stem))
            {
                string? about = AboutTopicWriter.Compile(text, stem, out errors);
                if (about is not null)
                {
                    abouts[stem + ".help.txt"] = about;
                }
            }
            else
            {
                var help = CommandPageParser.Parse(text, stem, ModuleHelpFile, out errors);
                if (help is not null)
                {
                    commands.Add(help);
                }
            }

            diagnostics.AddRange(errors.Select(e => new HelpDiagnostic(display, e.Line, HelpDiagnostic.MalformedHelp, e.Message)));
        }

        if (diagnostics.Count > 0)
        {
            throw new HelpBuildException(diagnostics);
        }

        return new CompiledHelp(commands, MamlWriter.Write(commands), abouts);
    }

    /// <summary>An about topic: <c>about_Name.md</c>.</summary>
    public static bool IsAboutTopic(string fileStem) => fileStem.StartsWith("about_", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A cmdlet page: <c>Verb-Noun.md</c> with an approved PowerShell verb (the same list Import-Module warns about).
    /// Other markdown in docs/ (README.md, benchmarks.md, release-notes.md) is documentation, not help, and is left alone.
    /// </summary>
    public static bool IsCommandPage(string fileStem)
    {
        int dash = fileStem.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && dash < fileStem.Length - 1 && ApprovedVerbs.Value.Contains(fileStem[..dash]);
    }

    private static readonly Lazy<HashSet<string>> ApprovedVerbs = new(() =>
        new[] { typeof(VerbsCommon), typeof(VerbsCommunications), typeof(VerbsData), typeof(VerbsDiagnostic), typeof(VerbsLifecycle), typeof(VerbsOther), typeof(VerbsSecurity) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase));

    /// <summary>Compiles <paramref name="docsDir"/> and writes the MAML file and the about topics into <paramref name="helpDir"/>.</summary>
    public static CompiledHelp CompileTo(string docsDir, string helpDir, string displayDir = "docs")
    {
        var compiled = Compile(docsDir, displayDir);
        Directory.CreateDirectory(helpDir);
        GeneratedFile.Write(Path.Combine(helpDir, ModuleHelpFile), GeneratedFile.XmlBytes(compiled.Maml));
        foreach (var (name, text) in compiled.AboutTopics)
        {
            GeneratedFile.Write(Path.Combine(helpDir, name), new UTF8Encoding(false).GetBytes(text));
        }

        // A page removed from docs/ must not leave its topic behind in the staged module.
        foreach (string stale in Directory.GetFiles(helpDir, "about_*.help.txt"))
        {
            if (!compiled.AboutTopics.ContainsKey(Path.GetFileName(stale)))
            {
                File.Delete(stale);
            }
        }

        return compiled;
    }
}
