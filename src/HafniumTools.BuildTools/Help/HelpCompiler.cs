using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml.Linq;

namespace HafniumTools.BuildTools.Help;

/// <summary>The result of compiling docs/: the cmdlet pages and about topics, ready to write.</summary>
public sealed record CompiledHelp(IReadOnlyList<CommandHelp> Commands, XDocument Maml, IReadOnlyDictionary<string, string> AboutTopics);

/// <summary>
/// Compiles docs/ into the module's help: every <c>Verb-Noun.md</c> into one MAML file, every <c>about_*.md</c> into
/// <c>about_*.help.txt</c>. <c>README.md</c> describes the folder and is not help. Any problem in any page fails the
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
            if (stem.Equals("README", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string text = File.ReadAllText(path);
            IReadOnlyList<(int Line, string Message)> errors;
            if (stem.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
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
