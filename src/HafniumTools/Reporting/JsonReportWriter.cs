using System;
using System.IO;
using HafniumTools.Model;

namespace HafniumTools.Reporting;

/// <summary>
/// Writes a <see cref="FleetReport"/> as JSON for runbooks and other tools: the worst status, the count per status
/// and every server with its verdict, timeline, coverage and findings. Server properties carry the names of
/// <see cref="ServerAudit"/>'s, so <c>(Get-Content report.json | ConvertFrom-Json).Servers | Export-HafniumReport</c>
/// writes the report again. Enums are written by name.
/// </summary>
internal static class JsonReportWriter
{
    public static void Write(FleetReport report, TextWriter writer)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        var json = new JsonWriter(writer);
        json.StartObject()
            .Property("Title", report.Title)
            .Property("GeneratedAt", report.GeneratedAt)
            .Property("Generator", FleetReport.Generator)
            .Property("WorstStatus", report.WorstStatus?.ToString());
        json.Name("StatusCounts").StartObject();
        foreach (var (status, count) in report.StatusCounts)
        {
            json.Property(status.ToString(), count);
        }

        json.EndObject().Name("Servers").StartArray();
        foreach (var server in report.Servers)
        {
            Server(json, server);
        }

        json.EndArray().EndObject();
        writer.Write('\n');
    }

    private static void Server(JsonWriter json, ServerReport server)
    {
        json.StartObject()
            .Property(nameof(ServerAudit.ComputerName), server.ComputerName)
            .Property(nameof(ServerAudit.Status), server.Status.ToString())
            .Property(nameof(ServerAudit.Summary), server.Summary)
            .Property(nameof(ServerAudit.DecidingRuleIds), server.DecidingRuleIds)
            .Property(nameof(ServerAudit.PatchStatus), server.PatchStatus.ToString())
            .Property(nameof(ServerAudit.Build), Nullable(server.Build))
            .Property(nameof(ServerAudit.OpenCves), server.OpenCves)
            .Property(nameof(ServerAudit.FirstHostileActivity), server.FirstHostileActivity)
            .Property(nameof(ServerAudit.LastHostileActivity), server.LastHostileActivity)
            .Property(nameof(ServerAudit.AttackerAddresses), server.AttackerAddresses)
            .Property(nameof(ServerAudit.PlantedFiles), server.PlantedFiles)
            .Property(nameof(ServerAudit.CoverageGaps), server.CoverageGaps)
            .Property(nameof(ServerAudit.Errors), server.Errors)
            .Property(nameof(ServerAudit.RecommendedActions), server.RecommendedActions)
            .Property(nameof(ServerAudit.AuditedAt), server.AuditedAt)
            .Property(nameof(ServerAudit.Origin), server.Origin);

        json.Name(nameof(ServerAudit.Campaigns)).StartArray();
        foreach (var campaign in server.Campaigns)
        {
            json.StartObject()
                .Property(nameof(CampaignStatus.Campaign), campaign.Campaign)
                .Property(nameof(CampaignStatus.Status), campaign.Status.ToString())
                .Property(nameof(CampaignStatus.PatchStatus), campaign.PatchStatus.ToString())
                .Property(nameof(CampaignStatus.MissingCves), campaign.MissingCves)
                .Property(nameof(CampaignStatus.DecidingRuleIds), campaign.DecidingRuleIds)
                .Property(nameof(CampaignStatus.Findings), campaign.Findings)
                .EndObject();
        }

        json.EndArray().Name(nameof(ServerAudit.Timeline)).StartArray();
        foreach (var step in server.Timeline)
        {
            json.StartObject()
                .Property(nameof(TimelineEvent.Time), step.Time)
                .Property(nameof(TimelineEvent.LastTime), step.LastTime)
                .Property(nameof(TimelineEvent.Stage), step.Stage.ToString())
                .Property(nameof(TimelineEvent.Verdict), step.Verdict.ToString())
                .Property(nameof(TimelineEvent.Severity), step.Severity.ToString())
                .Property(nameof(TimelineEvent.Description), step.Description)
                .Property(nameof(TimelineEvent.RuleIds), step.RuleIds)
                .Property(nameof(TimelineEvent.ClientIp), Nullable(step.ClientIp))
                .Property(nameof(TimelineEvent.Count), step.Count)
                .Property(nameof(TimelineEvent.Evidence), step.Evidence)
                .EndObject();
        }

        json.EndArray().Name(nameof(ServerAudit.Coverage)).StartArray();
        foreach (var source in server.Coverage)
        {
            json.StartObject()
                .Property(nameof(ScanCoverage.Source), source.Source)
                .Property(nameof(ScanCoverage.Category), source.Category)
                .Property(nameof(ScanCoverage.FirstTimestamp), source.FirstTimestamp)
                .Property(nameof(ScanCoverage.LastTimestamp), source.LastTimestamp)
                .Property(nameof(ScanCoverage.Files), source.Files)
                .Property(nameof(ScanCoverage.Bytes), source.Bytes)
                .Property(nameof(ScanCoverage.Lines), source.Lines)
                .Property(nameof(ScanCoverage.UnreadableFiles), source.UnreadableFiles)
                .Property(nameof(ScanCoverage.UnreadablePaths), source.UnreadablePaths)
                .Property(nameof(ScanCoverage.SkippedFiles), source.SkippedFiles)
                .Property(nameof(ScanCoverage.SkippedPaths), source.SkippedPaths)
                .EndObject();
        }

        json.EndArray().Name(nameof(ServerAudit.Findings)).StartArray();
        foreach (var f in server.Findings)
        {
            json.StartObject()
                .Property(nameof(Finding.Timestamp), f.Time)
                .Property(nameof(Finding.Severity), f.Severity.ToString())
                .Property(nameof(Finding.Verdict), f.Verdict.ToString())
                .Property(nameof(Finding.Stage), f.Stage.ToString())
                .Property(nameof(Finding.Category), f.Category)
                .Property(nameof(Finding.RuleId), f.RuleId)
                .Property(nameof(Finding.Cve), f.Cve)
                .Property(nameof(Finding.Campaign), Nullable(f.Campaign))
                .Property(nameof(Finding.Title), f.Title)
                .Property(nameof(Finding.Rationale), f.Rationale)
                .Property(nameof(Finding.Evidence), f.Evidence)
                .Property(nameof(Finding.ClientIp), Nullable(f.ClientIp))
                .Property(nameof(Finding.UserAgent), Nullable(f.UserAgent))
                .Property(nameof(Finding.Url), Nullable(f.Url))
                .Property(nameof(Finding.AnchorMailbox), Nullable(f.AnchorMailbox))
                .Property(nameof(Finding.HttpStatus), Nullable(f.HttpStatus))
                .Property(nameof(Finding.Operation), Nullable(f.Operation))
                .Property(nameof(Finding.Path), Nullable(f.Path))
                .Property(nameof(Finding.FileSha256), Nullable(f.FileSha256))
                .Property(nameof(Finding.FileSize), f.FileSize)
                .Property(nameof(Finding.Detail), Nullable(f.Detail))
                .Property(nameof(Finding.RawText), Nullable(f.RawText))
                .EndObject();
        }

        json.EndArray().EndObject();
    }

    private static string? Nullable(string text) => text.Length == 0 ? null : text;
}
