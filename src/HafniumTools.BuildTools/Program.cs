using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HafniumTools.BuildTools.Help;

namespace HafniumTools.BuildTools;

/// <summary>
/// The build tool's commands:
/// <list type="bullet">
/// <item><c>stage --repo DIR --out DIR --assembly FILE</c>: merge format/type files into DIR, with the type data that rehydrates the output types of the DLL, and compile docs/ into the module's help (<c>&lt;parent of DIR&gt;/en-US</c>, or <c>--help-out</c>).</item>
/// <item><c>compile-help --docs DIR --out DIR</c>: compile markdown help into DIR only.</item>
/// <item><c>new-help --assembly FILE --cmdlet Verb-Noun [--docs DIR] [--force true]</c>: write a skeleton page from the cmdlet's metadata.</item>
/// <item><c>check --assembly FILE [--docs DIR]</c>: report pages and parameters that disagree with the built DLL.</item>
/// </list>
/// Problems are printed in the MSBuild canonical format (<c>file(line): error CODE: message</c>) and give exit code 1.
/// </summary>
public static class Program
{
    private const string Usage = """
        usage: HafniumTools.BuildTools <command> [--option value ...]
          stage        --repo DIR --out DIR --assembly FILE [--help-out DIR]
          compile-help --docs DIR --out DIR
          new-help     --assembly FILE --cmdlet Verb-Noun [--docs DIR] [--force true]
          check        --assembly FILE [--docs DIR]
        """;

    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        try
        {
            var options = ParseOptions(args);
            switch (args[0])
            {
                case "stage":
                    ModuleStager.Stage(Required(options, "repo"), Required(options, "out"), options.GetValueOrDefault("help-out"), Required(options, "assembly"));
                    return 0;
                case "compile-help":
                    HelpCompiler.CompileTo(Required(options, "docs"), Required(options, "out"), Required(options, "docs").TrimEnd('/', '\\'));
                    return 0;
                case "new-help":
                    return NewHelp(Required(options, "assembly"), Required(options, "cmdlet"), options.GetValueOrDefault("docs") ?? "docs", options.GetValueOrDefault("force") == "true");
                case "check":
                    return Check(Required(options, "assembly"), options.GetValueOrDefault("docs") ?? "docs");
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (HelpBuildException e)
        {
            foreach (var diagnostic in e.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic);
            }

            return 1;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error HT0001: {e.Message}");
            return 1;
        }
    }

    private static int NewHelp(string assembly, string cmdletName, string docsDir, bool force)
    {
        var cmdlet = CmdletMetadataReader.Read(Path.GetFullPath(assembly))
            .FirstOrDefault(c => string.Equals(c.Name, cmdletName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"'{assembly}' has no cmdlet {cmdletName}.");
        string target = Path.Combine(docsDir, cmdlet.Name + ".md");
        if (File.Exists(target) && !force)
        {
            throw new IOException($"{target} exists; pass --force true to overwrite it, or run 'check' to see what differs.");
        }

        Directory.CreateDirectory(docsDir);
        File.WriteAllText(target, HelpSkeletonWriter.Write(cmdlet));
        Console.WriteLine($"wrote {target}: replace every {{{{ ... }}}} placeholder, then run 'check'.");
        return 0;
    }

    private static int Check(string assembly, string docsDir)
    {
        var compiled = HelpCompiler.Compile(docsDir, docsDir.TrimEnd('/', '\\'));
        var diagnostics = HelpChecker.Check(compiled.Commands, CmdletMetadataReader.Read(Path.GetFullPath(assembly)), docsDir.TrimEnd('/', '\\'));
        foreach (var diagnostic in diagnostics)
        {
            Console.Error.WriteLine(diagnostic);
        }

        Console.WriteLine($"{compiled.Commands.Count} help page(s) checked; {diagnostics.Count} problem(s).");
        return diagnostics.Count == 0 ? 0 : 1;
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'; options are '--name value' pairs.");
            }

            options[args[i][2..]] = args[i + 1];
        }

        return options;
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"Missing --{name}.");
}
