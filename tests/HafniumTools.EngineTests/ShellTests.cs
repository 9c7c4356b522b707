using System;
using System.IO;
using HafniumTools.EngineTests.Harness;
using HafniumTools.Shell;
using Xunit;

namespace HafniumTools.EngineTests;

/// <summary>The console host: -Command and -File as pwsh takes them, rendering, exit codes.</summary>
public class ShellTests
{
    [Fact]
    public void Command_renders_through_the_default_formatter_in_plain_text()
    {
        var (code, output, _) = Run("[pscustomobject]@{ Name = 'EX01'; Build = '15.1.2176.9' }");

        Assert.Equal(0, code);
        Assert.Contains("Name Build", output, StringComparison.Ordinal);
        Assert.Contains("EX01 15.1.2176.9", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_terminating_error_exits_with_1_and_goes_to_the_error_writer()
    {
        var (code, output, error) = Run("'before'; throw 'it broke'; 'after'");

        Assert.Equal(1, code);
        Assert.Contains("before", output, StringComparison.Ordinal);
        Assert.DoesNotContain("after", output, StringComparison.Ordinal);
        Assert.Contains("it broke", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_terminating_error_is_shown_and_the_script_goes_on()
    {
        var (code, output, error) = Run("Import-Module ./no-such-module.psd1; 'after'");

        Assert.Equal(0, code);
        Assert.Contains("after", output, StringComparison.Ordinal);
        Assert.Contains("no-such-module", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Exit_sets_the_exit_code()
    {
        Assert.Equal(7, Run("exit 7").Code);
    }

    [Fact]
    public void File_takes_named_switch_and_positional_arguments_and_its_exit_code()
    {
        string script = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".ps1");
        File.WriteAllText(script, "param($Name, [switch]$Loud, $Rest)\n\"$Name|$Loud|$Rest\"\nexit 3\n");
        try
        {
            var writer = new StringWriter();
            using var session = ShellSession.Open(TestPaths.Manifest, writer, new StringWriter(), 120);
            int code = session.Execute(ps => ShellCommand.AddFileCommand(ps, script, ["-Name", "EX01", "-Loud", "tail"]));

            Assert.Equal(3, code);
            Assert.Contains("EX01|True|tail", writer.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public void The_module_is_imported_from_the_root_manifest()
    {
        var (code, output, _) = Run("(Get-Module HafniumTools).ModuleBase");

        Assert.Equal(0, code);
        Assert.Equal(TestPaths.RepoRoot, output.Trim());
    }

    [Theory]
    [InlineData(new[] { "-Command", "1+1" }, "1+1", null)]
    [InlineData(new[] { "-c", "Get-Module", "HafniumTools" }, "Get-Module HafniumTools", null)]
    [InlineData(new[] { "-NoProfile", "-File", "x.ps1", "-A", "1" }, null, "x.ps1")]
    [InlineData(new[] { "x.ps1" }, null, "x.ps1")]
    public void Options_parse_as_pwsh_takes_them(string[] args, string? command, string? file)
    {
        var options = ShellOptions.Parse(args);

        Assert.Equal(command, options.Command);
        Assert.Equal(file, options.File);
    }

    [Fact]
    public void Unknown_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ShellOptions.Parse(["-Bogus"]));
        Assert.Throws<ArgumentException>(() => ShellOptions.Parse(["-Command"]));
        Assert.Throws<ArgumentException>(() => ShellOptions.Parse(["-Width", "5", "-Command", "1"]));
    }

    [Fact]
    public void Random_and_mutated_command_lines_parse_or_are_refused_with_an_argument_error()
    {
        var random = new Random(20210302);
        string[] pieces = ["-Command", "-c", "-File", "-f", "-Module", "-Width", "-NoProfile", "-Help", "-?", "-", "--", "x.ps1", "1+1", "120", "39", "", " ", "-Bogus", "-Width:80", "'quoted'", "\u0000"];
        for (int i = 0; i < 2000; i++)
        {
            var args = new string[random.Next(0, 6)];
            for (int j = 0; j < args.Length; j++)
            {
                args[j] = pieces[random.Next(pieces.Length)];
            }

            try
            {
                var options = ShellOptions.Parse(args);
                Assert.True(options.ShowHelp || options.Command is not null || options.File is not null, string.Join(" ", args));
            }
            catch (ArgumentException)
            {
                // A refused command line is the other acceptable outcome (exit code 2 with the usage).
            }
        }
    }

    private static (int Code, string Output, string Error) Run(string command)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var session = ShellSession.Open(TestPaths.Manifest, output, error, 120);
        int code = session.Execute(ps => ps.AddScript(command));
        return (code, output.ToString(), error.ToString());
    }
}
