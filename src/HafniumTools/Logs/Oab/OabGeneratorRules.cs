using System.Collections.Generic;
using HafniumTools.Logs.EventLogs;
using HafniumTools.Model;

namespace HafniumTools.Logs.Oab;

/// <summary>CVE-2021-26858 in the OAB generator log: a failed download whose temporary file is outside ClientAccess\OAB.</summary>
internal sealed class OabGeneratorRules : ILogRowRules, ILogLineHints
{
    private static readonly string[] Hints = [OabTemporaryFile.Phrase];

    public IReadOnlyList<LogKind> Kinds { get; } = [LogKind.OabGenerator];

    public IReadOnlyList<DetectionRule> Rules => OabRuleCatalog.All;

    /// <summary>Lines without the message never match: the engine skips parsing them.</summary>
    public IReadOnlyList<string> RequiredSubstrings => Hints;

    public void Evaluate(ILogRow row, ICollection<Finding> findings)
    {
        if (row is null || findings is null)
        {
            return;
        }

        string? line = row["Message"];
        if (string.IsNullOrEmpty(line))
        {
            line = row.RawText;
        }

        string? path = OabTemporaryFile.ExtractPath(line);
        if (path is null || path.Length == 0 || OabTemporaryFile.IsInsideOabFolder(path))
        {
            return;
        }

        bool script = OabTemporaryFile.HasScriptExtension(path);
        var rule = script ? OabRuleCatalog.ScriptFileWrittenOutsideOab : OabRuleCatalog.FileWrittenOutsideOab;
        findings.Add(new Finding(rule, row.ComputerName)
        {
            Path = row.Path,
            LineNumber = row.LineNumber,
            Timestamp = row.Timestamp ?? UtcTimestamp.ParseLeading(line),
            Operation = "OAB download",
            RawText = row.RawText,
            Detail = "Temporary file written outside ClientAccess\\OAB: " + path
                + (script ? " (an extension IIS executes: check the file and the folder for a web shell)." : " (check what the file is and whether it is still there)."),
        });
    }
}
