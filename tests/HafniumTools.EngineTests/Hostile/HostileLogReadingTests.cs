using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests.Hostile;

/// <summary>
/// Logs rewritten to be read as nothing, through the built module as an incident responder runs it: every finding
/// still comes out, and what could not be read in full is named in a warning and in the coverage.
/// </summary>
public sealed class HostileLogReadingTests : IDisposable
{
    private static readonly string OwaLog = Path.Combine(TestPaths.Fixtures, "Logs", "triage", "EXCH01", "Logging", "HttpProxy", "Owa", "HttpProxy_2021030304-1.LOG");
    private static readonly string EventXml = Path.Combine(TestPaths.Fixtures, "Logs", "EventLogs", "Application-wevtutil.xml");
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "ht-hostile-logs-" + Guid.NewGuid().ToString("N"));

    public HostileLogReadingTests() => Directory.CreateDirectory(_temp);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not a test failure.
        }
    }

    private static string[] RuleIds(PsResult r) =>
        r.Output.Select(o => (string)o.Properties["RuleId"].Value).OrderBy(id => id, StringComparer.Ordinal).ToArray();

    [Fact]
    public void A_cr_only_utf16_log_with_a_huge_line_outside_any_log_folder_gives_every_finding_and_names_the_skipped_line()
    {
        var lines = File.ReadAllText(OwaLog).Replace("\r\n", "\n").TrimEnd('\n').Split('\n').ToList();
        lines.Insert(10, "2021-03-03T05:00:00.000Z," + new string('B', (1024 * 1024) + 10));
        string path = Path.Combine(_temp, "copy.txt");
        File.WriteAllBytes(path, Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(string.Join("\r", lines) + "\r")).ToArray());
        using var ps = new PowerShellSession();
        ps.SetVariable("path", path);
        ps.SetVariable("reference", OwaLog);

        var reference = ps.Run("Find-HafniumLogIndicator -LiteralPath $reference");
        var r = ps.Run("Find-HafniumLogIndicator -LiteralPath $path -CoverageVariable cov");

        Assert.True(r.Errors.Count == 0, r.ErrorSummary);
        Assert.Equal(9, reference.Output.Count);
        Assert.Equal(RuleIds(reference), RuleIds(r));
        var warning = Assert.Single(r.Warnings);
        Assert.StartsWith("'" + path + "', line 11: longer than 1,048,576 bytes", warning.Message, StringComparison.Ordinal);
        var coverage = PSObject.AsPSObject(Assert.Single((object[])ps.GetVariable("cov")!));
        Assert.Equal(14L, coverage.Properties["Lines"].Value);
        Assert.StartsWith(path + " (read in part: line 11", coverage.Properties["SkippedPaths"].Value.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_event_export_with_a_document_type_and_a_long_prolog_is_read()
    {
        string path = Path.Combine(_temp, "events.xml");
        File.WriteAllText(path, "<?xml version=\"1.0\"?>\n<!-- " + new string('x', 40000) + " -->\n<!DOCTYPE Events [ <!ELEMENT Events ANY> ]>\n<Events>" + File.ReadAllText(EventXml) + "</Events>");
        using var ps = new PowerShellSession();
        ps.SetVariable("path", path);
        ps.SetVariable("reference", EventXml);

        var reference = ps.Run("Find-HafniumLogIndicator -LiteralPath $reference");
        var r = ps.Run("Find-HafniumLogIndicator -LiteralPath $path");

        Assert.True(r.Errors.Count == 0, r.ErrorSummary);
        Assert.NotEmpty(reference.Output);
        Assert.Equal(RuleIds(reference), RuleIds(r));
    }

    [Fact]
    public void A_deeply_nested_event_export_is_a_short_error_naming_the_file_and_the_depth()
    {
        string path = Path.Combine(_temp, "deep.xml");
        File.WriteAllText(path, File.ReadAllText(EventXml) + "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><EventData>" + string.Concat(Enumerable.Repeat("<a>", 100000)));
        using var ps = new PowerShellSession();
        ps.SetVariable("path", path);

        var r = ps.Run("Find-HafniumLogIndicator -LiteralPath $path");

        Assert.NotEmpty(r.Output); // the events before the deep one
        var error = r.Errors.Single(e => e.FullyQualifiedErrorId.StartsWith("LogFileInvalid,", StringComparison.Ordinal));
        Assert.Contains(path, error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("more than 256 levels deep", error.Exception.Message, StringComparison.Ordinal);
        Assert.True(error.ToString().Length < 2000);
        Assert.True((error.Exception.InnerException?.Message.Length ?? 0) < 2000);
    }
}
