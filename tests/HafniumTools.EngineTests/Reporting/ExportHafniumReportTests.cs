using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using HafniumTools.EngineTests.Harness;
using Xunit;

namespace HafniumTools.EngineTests.Reporting;

/// <summary>Export-HafniumReport as a user runs it: live and deserialized audits in, files out, PowerShell's file conventions.</summary>
public sealed class ExportHafniumReportTests : IDisposable
{
    /// <summary>
    /// Three audits built in the session from real findings of the sample web folders: a compromised server with a
    /// hostile user agent, a timeline step and coverage, a probed one and a clean one.
    /// </summary>
    private const string Audits = """
        $shells = @(Find-HafniumWebShell -Path ([System.IO.Path]::Combine($RepoRoot, 'samples', 'webroot', 'webshells')))
        $shells[0].GetType().GetProperty('UserAgent').SetValue($shells[0], '<script>alert(1)</script>')
        $step = [HafniumTools.Model.TimelineEvent]@{ Stage = 'ShellPlanted'; Verdict = 'Compromise'; Severity = 'Critical'; Description = 'China Chopper <b>'; Count = 1; Evidence = $shells[0].Evidence }
        $read = [HafniumTools.Model.ScanCoverage]::new('EX01.contoso.com', 'FileSystem', 'WebFolders')
        function New-Audit($Name, $Status, $Patch, $Findings) {
            [HafniumTools.Model.ServerAudit]@{
                Timeline = @(if ($Findings) { $step }); Coverage = @(if ($Findings) { $read })
                ComputerName = $Name; Status = $Status; PatchStatus = $Patch; Summary = "${Status}: $Name"
                Findings = [HafniumTools.Model.Finding[]]@($Findings); AuditedAt = [datetime]::SpecifyKind([datetime]'2021-03-10T09:00:00', 'Utc')
                RecommendedActions = @('Rebuild the server from known-good media.'); Build = [version]'15.1.2106.2'
            }
        }
        $audits = @(
            (New-Audit 'EX02.contoso.com' 'Clean' 'Patched' @()),
            (New-Audit 'EX01.contoso.com' 'Compromised' 'Vulnerable' $shells),
            (New-Audit 'EX03.contoso.com' 'Probed' 'Indeterminate' @())
        )
        """;

    /// <summary>The three audits' servers as the report must list them: Compromised, Probed, Clean.</summary>
    private static readonly string[] WorstFirst = ["EX01.contoso.com", "EX03.contoso.com", "EX02.contoso.com"];

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ht-export-");

    public void Dispose() => _folder.Delete(true);

    [Fact]
    public void Live_audits_become_one_report_worst_first_with_every_finding_escaped()
    {
        string html = File(_folder, "fleet.html");
        var r = PowerShellSession.Invoke(Audits + $"\n$audits | Export-HafniumReport -Path '{html}' -Title 'Contoso' -PassThru");

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        var file = Assert.Single(r.OfType<FileInfo>());
        Assert.Equal(html, file.FullName);
        string text = System.IO.File.ReadAllText(html);
        Assert.Equal(WorstFirst, FleetOrder(text));
        Assert.Contains("<title>Contoso</title>", text, StringComparison.Ordinal);
        Assert.Contains("HT-WS-001", text, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Audits_deserialized_from_clixml_report_exactly_like_the_live_ones()
    {
        string live = File(_folder, "live.html");
        string copy = File(_folder, "copy.html");
        string clixml = File(_folder, "audits.clixml");
        var r = PowerShellSession.Invoke(Audits + $"""

            $audits | Export-HafniumReport -Path '{live}'
            $audits | Export-Clixml -Path '{clixml}' -Depth 5
            $back = Import-Clixml -Path '{clixml}'
            $back[0].PSObject.TypeNames[0]
            $back | Export-HafniumReport -Path '{copy}'
            """);

        Assert.True(r.Errors.Count == 0 && r.Exception is null && r.Warnings.Count == 0, r.ErrorSummary + string.Join(" | ", r.Warnings));
        Assert.Equal("HafniumTools.Model.ServerAudit", r.Output.Single().ToString()); // rebuilt: the module's type again
        Assert.Equal(WithoutWriteTime(System.IO.File.ReadAllText(live)), WithoutWriteTime(System.IO.File.ReadAllText(copy)));
    }

    [Fact]
    public void Audits_from_a_job_report_like_the_live_ones_and_flattened_ones_keep_their_verdict_with_a_warning()
    {
        string live = File(_folder, "live.html");
        string html = File(_folder, "job.html");
        string flat = File(_folder, "csv.html");
        string csv = File(_folder, "audits.csv");
        var r = PowerShellSession.Invoke(Audits + $$"""

            $audits | Export-HafniumReport -Path '{{live}}'
            $received = @($audits | Start-Job -ScriptBlock { $input | ForEach-Object { $_ } } | Receive-Job -Wait -AutoRemoveJob)
            $received | Export-HafniumReport -Path '{{html}}'
            $audits | Export-Csv -LiteralPath '{{csv}}'
            Import-Csv -LiteralPath '{{csv}}' | Export-HafniumReport -Path '{{flat}}'
            """);

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);

        // A job at PowerShell's default depth: the audits are rebuilt whole, so the report is the live one.
        Assert.Equal(WithoutWriteTime(System.IO.File.ReadAllText(live)), WithoutWriteTime(System.IO.File.ReadAllText(html)));

        // Through CSV the nested lists are text: the verdicts stay and a warning names what was lost.
        string text = System.IO.File.ReadAllText(flat);
        Assert.Equal(WorstFirst, FleetOrder(text));
        Assert.Contains("badge status-compromised\">Compromised<", text, StringComparison.Ordinal);
        Assert.Contains("badge patch-indeterminate\">Patch: Indeterminate<", text, StringComparison.Ordinal);
        Assert.Contains("Rebuild the server from known-good media.", text, StringComparison.Ordinal);
        var warning = Assert.Single(r.Warnings, w => w.Message.StartsWith("EX01.contoso.com:", StringComparison.Ordinal));
        Assert.Contains("arrived as text", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_companion_reads_back_into_the_same_report_and_the_csv_one_is_formula_safe()
    {
        string html = File(_folder, "a.html");
        string again = File(_folder, "b.html");
        string json = File(_folder, "a.json");
        string csv = File(_folder, "a.csv");
        var r = PowerShellSession.Invoke(Audits + $"""

            $audits[1].Findings[0].GetType().GetProperty('Detail').SetValue($audits[1].Findings[0], '=HYPERLINK("http://x","y")')
            $audits | Export-HafniumReport -Path '{html}' -JsonPath '{json}' -CsvPath '{csv}' -PassThru | ForEach-Object Name
            (Get-Content -Raw '{json}' | ConvertFrom-Json).Servers | Export-HafniumReport -Path '{again}'
            (Import-Csv '{csv}' | Where-Object Detail -like '*HYPERLINK*').Detail
            """);

        Assert.True(r.Errors.Count == 0 && r.Exception is null && r.Warnings.Count == 0, r.ErrorSummary);
        Assert.Equal(["a.html", "a.csv", "a.json", "'=HYPERLINK(\"http://x\",\"y\")"], r.Output.Select(o => o.ToString()));
        Assert.Equal(WithoutWriteTime(System.IO.File.ReadAllText(html)), WithoutWriteTime(System.IO.File.ReadAllText(again)));
    }

    [Fact]
    public void An_existing_file_is_kept_unless_Force_and_nothing_is_written_before_the_refusal()
    {
        string html = File(_folder, "exists.html");
        string json = File(_folder, "new.json");
        System.IO.File.WriteAllText(html, "keep me");

        var refused = PowerShellSession.Invoke(Audits + $"\n$audits | Export-HafniumReport -Path '{html}' -JsonPath '{json}'");
        string kept = System.IO.File.ReadAllText(html);
        bool jsonWritten = System.IO.File.Exists(json);
        var forced = PowerShellSession.Invoke(Audits + $"\n$audits | Export-HafniumReport -Path '{html}' -Force");

        // A statement-terminating error: the command stops, the script goes on.
        var error = Assert.Single(refused.Errors);
        Assert.StartsWith("ReportFileExists,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal("ResourceExists", error.CategoryInfo.Category.ToString());
        Assert.Equal(html, error.TargetObject);
        Assert.Equal("keep me", kept);
        Assert.False(jsonWritten);
        Assert.True(forced.Errors.Count == 0 && forced.Exception is null, forced.ErrorSummary);
        Assert.StartsWith("<!DOCTYPE html>", System.IO.File.ReadAllText(html), StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIf_writes_nothing_and_LiteralPath_takes_brackets_as_written()
    {
        string whatIf = File(_folder, "whatif.html");
        string literal = File(_folder, "EX01 [case 7].html");

        var r = PowerShellSession.Invoke(Audits + $"""

            $audits | Export-HafniumReport -Path '{whatIf}' -WhatIf
            $audits | Export-HafniumReport -LiteralPath '{literal}' -PassThru
            """);

        Assert.True(r.Errors.Count == 0 && r.Exception is null, r.ErrorSummary);
        Assert.False(System.IO.File.Exists(whatIf));
        Assert.Equal(literal, Assert.Single(r.OfType<FileInfo>()).FullName);
    }

    [Fact]
    public void A_folder_that_does_not_exist_stops_the_command_before_it_reads_input()
    {
        string html = Path.Combine(_folder.FullName, "no-such-folder", "r.html");

        var r = PowerShellSession.Invoke($"[HafniumTools.Model.ServerAudit]@{{ ComputerName = 'EX01' }} | Export-HafniumReport -Path '{html}'");

        var error = Assert.Single(r.Errors);
        Assert.Empty(r.Warnings);
        Assert.StartsWith("OutputFolderNotFound,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal("ObjectNotFound", error.CategoryInfo.Category.ToString());
    }

    private static string File(DirectoryInfo folder, string name) => Path.Combine(folder.FullName, name);

    private static string[] FleetOrder(string html) =>
        Regex.Matches(html, "<th scope=\"row\" class=\"wrap\"><a href=\"#server-\\d+\">([^<]*)</a>").Select(m => m.Groups[1].Value).ToArray();

    /// <summary>The page without the time it was written, the one thing two writes of the same audits differ in.</summary>
    private static string WithoutWriteTime(string html) => Regex.Replace(html, "Written [0-9-]+ [0-9:]+ UTC", "Written (time) UTC");
}
