using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests;

/// <summary>
/// Output that exports and shows cleanly, for every output case of tests/cmdlet-cases.psd1: Export-Csv writes every
/// property as meaningful text (no type names such as System.String[], lists as one comma-separated line, times with
/// their +00:00 zone), ConvertTo-Json gives every property back, and the default table view fits 120 columns with
/// all its columns and the end of the Evidence visible.
/// </summary>
public partial class ExportContractTests
{
    private static readonly Lazy<XDocument> Formats = new(() => XDocument.Load(Path.Combine(TestPaths.RepoRoot, "bin", "HafniumTools.Format.ps1xml")));

    [Theory]
    [MemberData(nameof(ModuleContractTests.OutputCases), MemberType = typeof(ModuleContractTests))]
    public void Export_Csv_writes_every_property_as_meaningful_text(string cmdlet, string command)
    {
        using var ps = new PowerShellSession();
        var problems = new List<string>();
        foreach (var group in Output(ps, command, cmdlet))
        {
            string file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".csv");
            ps.SetVariable("Items", group.ToArray());
            ps.SetVariable("CsvFile", file);
            var rows = ps.Run("try { $Items | Export-Csv -LiteralPath $CsvFile -NoTypeInformation; Import-Csv -LiteralPath $CsvFile } finally { [System.IO.File]::Delete($CsvFile) }");
            Assert.True(rows.Errors.Count == 0 && rows.Exception is null, cmdlet + ": " + rows.ErrorSummary);
            Assert.Equal(group.Count(), rows.Output.Count);
            foreach (var (item, row) in group.Zip(rows.Output))
            {
                foreach (var property in Properties(item.BaseObject))
                {
                    string cell = row.Text(property.Name);
                    object? value = property.GetValue(item.BaseObject);
                    if (TypeName().IsMatch(cell))
                    {
                        problems.Add($"{property.DeclaringType!.Name}.{property.Name}: a type name, '{cell}'");
                    }
                    else if (value is DateTime)
                    {
                        problems.Add($"{property.DeclaringType!.Name}.{property.Name}: '{cell}' has no time zone");
                    }
                    else if (value is DateTimeOffset time && !(cell.EndsWith("+00:00", StringComparison.Ordinal) && DateTimeOffset.Parse(cell, CultureInfo.InvariantCulture) == time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond))))
                    {
                        problems.Add($"{property.DeclaringType!.Name}.{property.Name}: '{cell}' is not {time:O} at +00:00");
                    }
                    else if (value is not DateTimeOffset && cell != CsvText(value))
                    {
                        problems.Add($"{property.DeclaringType!.Name}.{property.Name}: '{cell}' instead of '{CsvText(value)}'");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, cmdlet + ":" + Environment.NewLine + string.Join(Environment.NewLine, problems.Distinct().Take(20)));
    }

    [Theory]
    [MemberData(nameof(ModuleContractTests.OutputCases), MemberType = typeof(ModuleContractTests))]
    public void ConvertTo_Json_gives_every_property_back(string cmdlet, string command)
    {
        using var ps = new PowerShellSession();
        var items = Output(ps, command, cmdlet).SelectMany(g => g).ToArray();
        ps.SetVariable("Items", items);
        var json = ps.Run("ConvertTo-Json -InputObject $Items -Depth 4");
        Assert.True(json.Errors.Count == 0 && json.Exception is null, cmdlet + ": " + json.ErrorSummary);

        using var document = JsonDocument.Parse(string.Concat(json.Objects));
        var elements = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(items.Length, elements.Count);
        var problems = new List<string>();
        foreach (var (item, element) in items.Zip(elements))
        {
            foreach (var property in Properties(item.BaseObject))
            {
                object? value = property.GetValue(item.BaseObject);
                if (!element.TryGetProperty(property.Name, out var written) || !SameAsJson(value, written))
                {
                    problems.Add($"{property.DeclaringType!.Name}.{property.Name}: {(written.ValueKind == JsonValueKind.Undefined ? "missing" : written.GetRawText())} for '{value}'");
                }
            }
        }

        Assert.True(problems.Count == 0, cmdlet + ":" + Environment.NewLine + string.Join(Environment.NewLine, problems.Distinct().Take(20)));
    }

    [Theory]
    [MemberData(nameof(ModuleContractTests.OutputCases), MemberType = typeof(ModuleContractTests))]
    public void The_table_view_fits_120_columns_with_every_column_and_the_evidence(string cmdlet, string command)
    {
        using var ps = new PowerShellSession();
        foreach (var group in Output(ps, command, cmdlet))
        {
            string type = group.Key.FullName!;
            string table = ps.Render(group.Cast<object>().ToArray());
            var lines = table.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            var labels = TableLabels(type);

            Assert.True(labels.Count > 0, type + " has no table view");
            Assert.All(lines, l => Assert.True(l.Length <= PowerShellSession.RenderWidth, $"{type}: line longer than {PowerShellSession.RenderWidth}: {l}"));
            string header = lines.First(l => l.Trim().Length > 0);
            Assert.All(labels, label => Assert.True(header.Contains(label, StringComparison.Ordinal), $"{type}: column '{label}' is not shown at {PowerShellSession.RenderWidth} columns: {header}"));
            // The evidence of a finding is one line (path:line or URL); a list of requests (ExposureResult) is not.
            foreach (var item in group.Where(i => i.Properties["Evidence"]?.Value is string))
            {
                string evidence = item.Text("Evidence");
                string end = evidence.Length <= 20 ? evidence : evidence[^20..];
                Assert.True(table.Contains(end, StringComparison.Ordinal), $"{type}: the evidence '{evidence}' is not visible in{Environment.NewLine}{table}");
            }
        }
    }

    /// <summary>The command's objects, by type, in the order written.</summary>
    private static List<IGrouping<Type, PSObject>> Output(PowerShellSession ps, string command, string cmdlet)
    {
        var r = ps.Run(command);
        Assert.True(r.Errors.Count == 0 && r.Exception is null, cmdlet + ": " + r.ErrorSummary);
        Assert.NotEmpty(r.Output);
        return r.Output.GroupBy(o => o.BaseObject.GetType()).ToList();
    }

    private static PropertyInfo[] Properties(object item) =>
        item.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();

    /// <summary>What Export-Csv must write for a value: its text, a list's items joined by ", ", an enum's name.</summary>
    private static string CsvText(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        IEnumerable<string> list => string.Join(", ", list),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static bool SameAsJson(object? value, JsonElement json) => value switch
    {
        null => json.ValueKind == JsonValueKind.Null,
        string s => json.ValueKind == JsonValueKind.String && json.GetString() == s,
        bool b => json.ValueKind == (b ? JsonValueKind.True : JsonValueKind.False),
        Enum e => json.ValueKind == JsonValueKind.Number && json.GetInt64() == Convert.ToInt64(e, CultureInfo.InvariantCulture),
        DateTimeOffset t => json.ValueKind == JsonValueKind.String && json.GetString()!.EndsWith("+00:00", StringComparison.Ordinal) && DateTimeOffset.Parse(json.GetString()!, CultureInfo.InvariantCulture) == t,
        IEnumerable<string> list => json.ValueKind == JsonValueKind.Array && json.EnumerateArray().Select(i => i.GetString()).SequenceEqual(list),
        Uri u => json.ValueKind == JsonValueKind.String && json.GetString() == u.OriginalString,

        // Nested results (a ResultList): an array of objects, one per item, each with the item's own properties.
        System.Collections.IEnumerable items and not string => json.ValueKind == JsonValueKind.Array
            && json.EnumerateArray().Count() == items.Cast<object>().Count()
            && items.Cast<object>().Zip(json.EnumerateArray()).All(p => p.Second.ValueKind == JsonValueKind.Object
                && Properties(p.First).All(q => p.Second.TryGetProperty(q.Name, out _))),
        Version v => json.ValueKind == JsonValueKind.Object && json.GetProperty("Major").GetInt32() == v.Major && json.GetProperty("Minor").GetInt32() == v.Minor
            && json.GetProperty("Build").GetInt32() == v.Build && json.GetProperty("Revision").GetInt32() == v.Revision,
        IConvertible c when json.ValueKind == JsonValueKind.Number => json.GetDecimal() == c.ToDecimal(CultureInfo.InvariantCulture),
        _ => false,
    };

    /// <summary>The column labels of the table view that selects <paramref name="type"/> in the staged format file.</summary>
    private static List<string> TableLabels(string type)
    {
        var sets = Formats.Value.Descendants("SelectionSet").ToDictionary(
            s => (string)s.Element("Name")!, s => s.Descendants("TypeName").Select(t => t.Value).ToList());
        var view = Formats.Value.Descendants("View").FirstOrDefault(v => v.Element("TableControl") is not null
            && v.Element("ViewSelectedBy")!.Elements().Any(e => e.Value == type || (e.Name == "SelectionSetName" && sets.TryGetValue(e.Value, out var names) && names.Contains(type))));
        return view is null ? [] : view.Descendants("TableColumnHeader").Select(h => (string)h.Element("Label")!).ToList();
    }

    [GeneratedRegex(@"^(System|HafniumTools)\.[\w.`]+(\[\])?$")]
    private static partial Regex TypeName();
}
