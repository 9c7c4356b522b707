using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HafniumTools.Core;
using HafniumTools.Model;

namespace HafniumTools.Commands.Infrastructure;

/// <summary>
/// Base of the cmdlets that read evidence (logs, web folders, OAB and ECP folders): <c>-CoverageVariable</c>, which
/// receives one <see cref="ScanCoverage"/> per server and source, and the rule that a scan which read nothing says so
/// with a <c>NoEvidenceRead</c> error, so that "found nothing" and "looked at nothing" can never be confused, in a
/// console or in a runbook's exit code. Public only because PowerShell requires a cmdlet's base classes to be.
/// </summary>
public abstract class ScanCmdlet : HafniumCmdlet
{
    private readonly List<ScanCoverage> _coverage = [];

    /// <summary>
    /// The name of a variable (without <c>$</c>) that receives what the scan covered, one <c>ScanCoverage</c> per server
    /// and source (files, bytes, time span, unreadable and skipped files). Prefix the name with <c>+</c> to append.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CoverageVariable { get; set; }

    /// <summary>A sink for one engine run; call <see cref="Collect"/> with it when the run is over.</summary>
    private protected CmdletSink CreateSink(int activityId, string activity) => new(this, CreateProgress(activityId, activity));

    /// <summary>Takes the coverage of a finished engine run and closes its progress bar.</summary>
    private protected void Collect(CmdletSink sink)
    {
        sink.Complete();
        _coverage.AddRange(sink.Coverage);
    }

    /// <summary>
    /// Sets <c>-CoverageVariable</c>, tells the coverage in verbose text, and reports <c>NoEvidenceRead</c> when
    /// <paramref name="scanned"/> is true but not one file was read. Call once, at the end of EndProcessing.
    /// </summary>
    private protected void FinishScan(bool scanned, string whatWasLookedFor)
    {
        foreach (var item in _coverage)
        {
            WriteVerbose("Covered: " + item);
        }

        if (CoverageVariable is string name)
        {
            bool append = name.StartsWith("+", StringComparison.Ordinal);
            name = append ? name.Substring(1) : name;
            var value = new List<ScanCoverage>();
            if (append && SessionState.PSVariable.GetValue(name) is { } existing)
            {
                value.AddRange(LanguagePrimitives.GetEnumerable(existing)?.Cast<object>().Select(o => (o as PSObject)?.BaseObject ?? o).OfType<ScanCoverage>() ?? []);
            }

            value.AddRange(_coverage);
            SessionState.PSVariable.Set(name, value.ToArray());
        }

        if (scanned && !_coverage.Any(c => c.Files > c.UnreadableFiles + c.SkippedFiles || c.Lines > 0))
        {
            WriteProblem(ScanProblem.Error(
                ErrorIds.NoEvidenceRead,
                ProblemCategory.ObjectNotFound,
                "No evidence was read, so no " + whatWasLookedFor + " can be ruled out: " + (_coverage.Count == 0
                    ? "the paths held no file this command reads."
                    : "every file was unreadable or skipped (see -CoverageVariable and the errors above)."),
                null,
                recommendedAction: "Check -Path: give the Exchange install, its Logging folder or the triage copy of the server; run as a user who can read it."));
        }
    }
}
