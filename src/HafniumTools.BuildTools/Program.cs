using System;
using System.Collections.Generic;
using System.IO;

namespace HafniumTools.BuildTools;

/// <summary>Entry point: <c>stage --repo DIR --out DIR --assembly FILE</c>.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            var options = ParseOptions(args);
            if (args.Length == 0 || args[0] != "stage")
            {
                Console.Error.WriteLine("usage: HafniumTools.BuildTools stage --repo DIR --out DIR --assembly FILE");
                return 2;
            }

            ModuleStager.Stage(Required(options, "repo"), Required(options, "out"));
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error HT0001: {e.Message}");
            return 1;
        }
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            options[args[i][2..]] = args[i + 1];
        }

        return options;
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"Missing --{name}.");
}
