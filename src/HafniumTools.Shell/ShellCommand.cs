using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text;

namespace HafniumTools.Shell;

/// <summary>The command line of the shell, modelled on pwsh's: -Command, -File, and a few host options.</summary>
public static class ShellCommand
{
    public const string Usage =
        "Usage: hafnium-shell [-Module <HafniumTools.psd1>] [-Width <columns>] [-NoProfile] [-NonInteractive]\n" +
        "                     (-Command <script> | -Command - | -File <script.ps1> [arguments] | <script.ps1> [arguments])\n" +
        "Runs PowerShell with the HafniumTools module imported and renders results as pwsh does.\n" +
        "Exit code: the script's 'exit' code; 1 after a terminating error; 2 for a bad command line; else 0.";

    public static int Run(string[] args)
    {
        Console.OutputEncoding = new UTF8Encoding(false);
        ShellOptions options;
        try
        {
            options = ShellOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (options.ShowHelp)
        {
            Console.Out.WriteLine(Usage);
            return 0;
        }

        ShellSession session;
        try
        {
            session = ShellSession.Open(ModuleLocator.Locate(options.ModulePath), Console.Out, Console.Error, options.Width ?? DefaultWidth(), UseColour());
        }
        catch (Exception e) when (e is FileNotFoundException or RuntimeException)
        {
            Console.Error.WriteLine("Could not load HafniumTools: " + e.Message);
            return 1;
        }

        using (session)
        {
            return options.File is not null
                ? session.Execute(ps => AddFileCommand(ps, options.File, options.FileArguments))
                : session.Execute(ps => ps.AddScript(options.Command == "-" ? Console.In.ReadToEnd() : options.Command ?? string.Empty));
        }
    }

    /// <summary>
    /// Adds a script file with pwsh-style arguments (<c>-Name value</c>, <c>-Name:value</c>, <c>-Switch</c>,
    /// positionals): parameter names stay tokens for PowerShell's own binder, every value is passed literally.
    /// </summary>
    public static void AddFileCommand(PowerShell ps, string file, IReadOnlyList<string> arguments)
    {
        string path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The script file '{file}' does not exist.", path);
        }

        // try/catch turns a failure to start the script (bad parameters) into a terminating error, as pwsh -File does.
        var script = new StringBuilder("try { & ").Append(Quote(path));
        foreach (string arg in arguments)
        {
            script.Append(' ').Append(ParameterToken.IsMatch(arg) ? arg : Quote(arg));
        }

        ps.AddScript(script.Append(" } catch { throw }").ToString());
    }

    private static readonly System.Text.RegularExpressions.Regex ParameterToken =
        new(@"^-[A-Za-z_][A-Za-z0-9_]*:?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static bool UseColour() =>
        !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    private static int DefaultWidth()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int columns) && columns >= 40)
        {
            return columns;
        }

        try
        {
            return !Console.IsOutputRedirected && Console.WindowWidth >= 40 ? Console.WindowWidth : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }
}

/// <summary>The parsed command line.</summary>
public sealed class ShellOptions
{
    public string? Command { get; private set; }

    public string? File { get; private set; }

    public List<string> FileArguments { get; } = [];

    public string? ModulePath { get; private set; }

    public int? Width { get; private set; }

    public bool ShowHelp { get; private set; }

    public static ShellOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ShellOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg.ToUpperInvariant())
            {
                case "-COMMAND" or "-C" or "--COMMAND":
                    options.Command = string.Join(" ", Rest(args, i + 1, arg));
                    return options;
                case "-FILE" or "-F" or "--FILE":
                    options.File = Value(args, ++i, arg);
                    options.FileArguments.AddRange(Rest(args, i + 1, null));
                    return options;
                case "-MODULE" or "--MODULE":
                    options.ModulePath = Value(args, ++i, arg);
                    break;
                case "-WIDTH" or "--WIDTH":
                    options.Width = int.TryParse(Value(args, ++i, arg), NumberStyles.Integer, CultureInfo.InvariantCulture, out int width) && width >= 40
                        ? width
                        : throw new ArgumentException("-Width takes a number of columns, 40 or more.");
                    break;
                case "-NOPROFILE" or "-NONINTERACTIVE" or "-NOLOGO":
                    break;
                case "-HELP" or "-?" or "/?" or "--HELP" or "-H":
                    options.ShowHelp = true;
                    return options;
                default:
                    if (arg.StartsWith('-'))
                    {
                        throw new ArgumentException($"Unknown option '{arg}'.");
                    }

                    options.File = arg;
                    options.FileArguments.AddRange(Rest(args, i + 1, null));
                    return options;
            }
        }

        options.ShowHelp = true;
        return options;
    }

    private static string Value(IReadOnlyList<string> args, int index, string option) =>
        index < args.Count ? args[index] : throw new ArgumentException($"{option} needs a value.");

    private static List<string> Rest(IReadOnlyList<string> args, int start, string? requiredBy)
    {
        var rest = new List<string>();
        for (int i = start; i < args.Count; i++)
        {
            rest.Add(args[i]);
        }

        return rest.Count == 0 && requiredBy is not null ? throw new ArgumentException($"{requiredBy} needs a value.") : rest;
    }
}
