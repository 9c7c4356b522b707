using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text.RegularExpressions;

namespace HafniumTools.Shell;

/// <summary>
/// Writes what the formatter renders to a text writer, as pwsh would to its console, without colours or
/// escape sequences. Never prompts: a script that needs input fails clearly instead of hanging a runbook.
/// </summary>
public sealed class ShellHostUserInterface(TextWriter output, TextWriter error, int width) : PSHostUserInterface
{
    // Control sequences the formatter adds ($PSStyle); a host must strip them itself for plain-text output.
    private static readonly Regex AnsiSequence = new(@"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)", RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private readonly ShellRawUserInterface _raw = new(width);

    /// <summary>When true (the default), ANSI escape sequences are removed from everything written.</summary>
    public bool PlainText { get; set; } = true;

    public override PSHostRawUserInterface RawUI => _raw;

    public override bool SupportsVirtualTerminal => false;

    public override void Write(string value) => output.Write(Clean(value));

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => output.Write(Clean(value));

    public override void WriteLine(string value) => output.WriteLine(Clean(value));

    public override void WriteErrorLine(string value) => error.WriteLine(Clean(value));

    public override void WriteDebugLine(string message) => error.WriteLine("DEBUG: " + message);

    public override void WriteVerboseLine(string message) => error.WriteLine("VERBOSE: " + message);

    public override void WriteWarningLine(string message) => error.WriteLine("WARNING: " + message);

    public override void WriteInformation(InformationRecord record)
    {
    }

    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
    }

    public override string ReadLine() => throw NoInput();

    public override SecureString ReadLineAsSecureString() => throw NoInput();

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw NoInput();

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw NoInput();

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw NoInput();

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw NoInput();

    private string Clean(string value) =>
        PlainText && value is not null && value.Contains('\x1b', StringComparison.Ordinal) ? AnsiSequence.Replace(value, string.Empty) : value ?? string.Empty;

    private static PSInvalidOperationException NoInput() =>
        new("This host is non-interactive: pass every value as a parameter (for example -Confirm:$false or -Credential).");
}
