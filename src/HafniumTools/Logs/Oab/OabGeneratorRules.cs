using System.Collections.Generic;
using HafniumTools.Logs.EventLogs;
using HafniumTools.Model;

namespace HafniumTools.Logs.Oab;

/// <summary>CVE-2021-26858 in the OAB generator log: a failed download whose temporary file is outside ClientAccess\OAB.</summary>
public sealed class OabGeneratorRules : ILogRowRules
{
    public LogKind Kind => LogKind.OabGenerator;

    public IReadOnlyList<DetectionRule> Rules => OabRuleCatalog.All;

    public void Evaluate(ILogRow row, ICollection<Finding> findings)
    {
        if (row is null || findings is null)
        {
            return;
        }

        string? line = row["Message"] ?? row.RawText;
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
