using System;
using System.Globalization;
using System.IO;
using System.Management.Automation.Host;

namespace HafniumTools.Shell;

/// <summary>
/// The PowerShell host of the shell: no console assumptions (runbooks have none), output to a writer, and the
/// exit code a script asks for with <c>exit N</c>.
/// </summary>
public sealed class ShellHost : PSHost
{
    private readonly ShellHostUserInterface _ui;

    public ShellHost(TextWriter output, TextWriter error, int width)
    {
        _ui = new ShellHostUserInterface(output, error, width);
    }

    public override string Name => "HafniumTools.Shell";

    public override Version Version { get; } = typeof(ShellHost).Assembly.GetName().Version ?? new Version(0, 1);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

    /// <summary>The code passed to <c>exit</c>, if the script called it.</summary>
    public int? ExitCode { get; private set; }

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;

    public override void EnterNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported by this host.");

    public override void ExitNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported by this host.");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }
}
