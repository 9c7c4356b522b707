using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace HafniumTools.EngineTests.Harness;

/// <summary>
/// A command that must emit objects of its cmdlet's declared output types. <paramref name="ModuleObjects"/> is false
/// for a cmdlet whose only output is a framework object (Export-HafniumReport -PassThru writes a FileInfo): such a
/// case is checked against [OutputType] but not by the serialization, rendering and export contracts, which are the
/// contracts of the module's own result types.
/// </summary>
public sealed record OutputCase(string Cmdlet, string Command, bool ModuleObjects = true);

/// <summary>A command with bad input and the error record it must produce.</summary>
public sealed record ErrorCase(string Cmdlet, string Command, string ErrorId, string Category, string? TargetObject);

/// <summary>
/// The per-cmdlet cases in tests/cmdlet-cases.psd1 that the generic contract tests run, so every cmdlet added
/// to the module is checked for output types, serialization, rendering and error records.
/// </summary>
public sealed class CmdletCases
{
    private CmdletCases(Dictionary<string, List<OutputCase>> outputs, Dictionary<string, List<ErrorCase>> errors)
    {
        Outputs = outputs;
        Errors = errors;
    }

    public IReadOnlyDictionary<string, List<OutputCase>> Outputs { get; }

    public IReadOnlyDictionary<string, List<ErrorCase>> Errors { get; }

    public IEnumerable<string> Cmdlets => Outputs.Keys.Union(Errors.Keys, StringComparer.OrdinalIgnoreCase);

    public static CmdletCases Load(string path)
    {
        var ast = Parser.ParseFile(path, out _, out ParseError[] parseErrors);
        if (parseErrors.Length > 0)
        {
            throw new InvalidDataException($"{path}: {parseErrors[0].Extent.StartLineNumber}: {parseErrors[0].Message}");
        }

        var table = ast.Find(a => a is HashtableAst, false) as HashtableAst
            ?? throw new InvalidDataException(path + ": expected a hashtable.");
        var root = (Hashtable)table.SafeGetValue();
        var outputs = new Dictionary<string, List<OutputCase>>(StringComparer.OrdinalIgnoreCase);
        var errors = new Dictionary<string, List<ErrorCase>>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in root)
        {
            string cmdlet = (string)entry.Key;
            var cases = entry.Value as Hashtable ?? throw new InvalidDataException($"{path}: '{cmdlet}' must map to a hashtable.");
            outputs[cmdlet] = Items(cases["Output"]).Select(c => new OutputCase(cmdlet, Text(c, cmdlet, "Output")))
                .Concat(Items(cases["FrameworkOutput"]).Select(c => new OutputCase(cmdlet, Text(c, cmdlet, "FrameworkOutput"), ModuleObjects: false)))
                .ToList();
            errors[cmdlet] = Items(cases["Errors"]).Select(c => ToErrorCase(cmdlet, c, path)).ToList();
        }

        return new CmdletCases(outputs, errors);
    }

    private static ErrorCase ToErrorCase(string cmdlet, object item, string path)
    {
        var h = item as Hashtable ?? throw new InvalidDataException($"{path}: each error case of '{cmdlet}' must be a hashtable.");
        return new ErrorCase(
            cmdlet,
            Text(h["Command"], cmdlet, "Command"),
            Text(h["ErrorId"], cmdlet, "ErrorId"),
            Text(h["Category"], cmdlet, "Category"),
            h["TargetObject"] is null ? null : Convert.ToString(h["TargetObject"], CultureInfo.InvariantCulture));
    }

    private static IEnumerable<object> Items(object? value) => value switch
    {
        null => [],
        object[] array => array,
        _ => [value],
    };

    private static string Text(object? value, string cmdlet, string key) =>
        value is string s && s.Length > 0 ? s : throw new InvalidDataException($"cmdlet-cases.psd1: '{cmdlet}' has an empty {key}.");
}
