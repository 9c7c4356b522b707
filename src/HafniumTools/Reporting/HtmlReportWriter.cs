using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using HafniumTools.Builds;
using HafniumTools.Model;

namespace HafniumTools.Reporting;

/// <summary>
/// Writes a <see cref="FleetReport"/> as one self-contained HTML page: a fleet overview, then a card per server with
/// the summary, facts, recommended actions, attack timeline, evidence coverage and gaps, errors and a findings table
/// the reader can sort and filter. It loads nothing from anywhere (inline style sheet and script, allowed by hash in a
/// Content-Security-Policy that refuses every other source), and every evidence string is written as text through
/// <see cref="HtmlBuilder"/>: never markup, control characters made visible, long values cut with the whole a click away.
/// </summary>
internal static class HtmlReportWriter
{
    /// <summary>Characters of a table cell shown before the rest is folded away.</summary>
    private const int CellLimit = 160;

    /// <summary>Characters of a summary shown in the fleet table before the rest is folded away.</summary>
    private const int SummaryLimit = 320;

    private const string NoValue = "\u2014";

    public static void Write(FleetReport report, TextWriter writer)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        (writer ?? throw new ArgumentNullException(nameof(writer))).Write(Document(report));
    }

    public static string Document(FleetReport report)
    {
        var html = new HtmlBuilder().Trusted("<!DOCTYPE html>\n");
        html.Open("html", ("lang", "en")).Open("head")
            .Open("meta", ("charset", "utf-8"))
            .Open("meta", ("http-equiv", "Content-Security-Policy"), ("content", ReportAssets.ContentSecurityPolicy))
            .Open("meta", ("name", "referrer"), ("content", "no-referrer"))
            .Open("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"))
            .Open("meta", ("name", "generator"), ("content", FleetReport.Generator))
            .Element("title", report.Title)
            .Open("style").Trusted(ReportAssets.StyleSheet).Close("style")
            .Close("head")
            .Open("body");
        PageHeader(html, report);
        html.Open("main");
        Overview(html, report);
        for (int i = 0; i < report.Servers.Count; i++)
        {
            ServerCard(html, report.Servers[i], ServerId(i));
        }

        html.Close("main")
            .Open("footer")
            .Element("p", "Every name, address, user agent, URL, path and log line in this report comes from the evidence and may have been written by an attacker: it is shown as text, never run or followed. Times are UTC.")
            .Close("footer")
            .Open("script").Trusted(ReportAssets.Script).Close("script")
            .Close("body").Close("html");
        return html.ToString();
    }

    private static string ServerId(int index) => "server-" + index.ToString(CultureInfo.InvariantCulture);

    private static void PageHeader(HtmlBuilder html, FleetReport report)
    {
        html.Open("header", ("class", "page-header"))
            .Element("p", "HafniumTools \u00b7 Exchange ProxyLogon (CVE-2021-26855, CVE-2021-26857, CVE-2021-26858, CVE-2021-27065)", ("class", "eyebrow"))
            .Element("h1", report.Title)
            .Element("p", string.Format(CultureInfo.InvariantCulture, "Written {0} UTC by {1} \u00b7 {2}", Time(report.GeneratedAt), FleetReport.Generator, Count(report.Servers.Count, "server")), ("class", "meta"))
            .Close("header");
    }

    private static void Overview(HtmlBuilder html, FleetReport report)
    {
        html.Open("section", ("class", "panel"), ("id", "fleet"), ("aria-labelledby", "fleet-title"))
            .Element("h2", "Fleet overview", ("id", "fleet-title"))
            .Element("p", Headline(report), ("class", "headline"));

        html.Open("ul", ("class", "status-counts"), ("aria-label", "Servers per status"));
        foreach (var (status, count) in report.StatusCounts)
        {
            html.Open("li", ("class", StatusClass(status) + (count == 0 ? " none" : string.Empty)))
                .Element("span", count.ToString(CultureInfo.InvariantCulture), ("class", "n"))
                .Text(status.ToString())
                .Close("li");
        }

        html.Close("ul");
        if (report.Servers.Count == 0)
        {
            html.Close("section");
            return;
        }

        TableStart(html, "fleet-table", "Servers, worst status first", 1, descending: true,
            ("Server", false), ("Status", true), ("Patch", true), ("Build", false), ("Open CVEs", true), ("Hostile activity (UTC)", false), ("Findings", true), ("Summary", false));
        for (int i = 0; i < report.Servers.Count; i++)
        {
            var server = report.Servers[i];
            html.Open("tr").Open("th", ("scope", "row"), ("class", "wrap"))
                .Element("a", ServerName(server), ("href", "#" + ServerId(i)))
                .Close("th");
            StatusCell(html, server.Status);
            PatchCell(html, server.PatchStatus);
            html.Element("td", Or(server.Build), ("class", "mono"));
            // Without a build nothing is known about open CVEs: a dash, not a reassuring 0 (sorted below every count).
            bool buildKnown = server.Build.Length > 0;
            html.Open("td", ("class", "num"), ("data-sort", buildKnown ? Number(server.OpenCves.Count) : "-1")).Text(buildKnown ? Number(server.OpenCves.Count) : "\u2014");
            if (server.ProxyLogonCves.Count > 0)
            {
                html.Element("div", Number(server.ProxyLogonCves.Count) + " ProxyLogon", ("class", "rules"), ("title", string.Join(", ", server.ProxyLogonCves)));
            }

            html.Close("td")
                .Open("td", ("class", "when"), ("data-sort", SortableTime(server.FirstHostileActivity)))
                .Element("div", Minute(server.FirstHostileActivity));
            if (server.LastHostileActivity is DateTime last && Minute(last) != Minute(server.FirstHostileActivity))
            {
                html.Element("div", "to " + Minute(last));
            }

            html.Close("td")
                .Element("td", Number(server.Findings.Count), ("class", "num"))
                .Open("td", ("class", "summary-cell")).Capped(server.Summary, SummaryLimit).Close("td")
                .Close("tr");
        }

        TableEnd(html);
        html.Close("section");
    }

    /// <summary>One sentence over the fleet: the worst status and what needs doing.</summary>
    private static string Headline(FleetReport report)
    {
        if (report.WorstStatus is not AuditStatus worst)
        {
            return "No server audits were given to this report.";
        }

        int attacked = report.Servers.Count(s => s.Status >= AuditStatus.Attempted);
        int unpatched = report.Servers.Count(s => s.PatchStatus is ProxyLogonStatus.Vulnerable or ProxyLogonStatus.Indeterminate);
        int unknown = report.Servers.Count(s => s.Status == AuditStatus.Unknown);
        return string.Format(
            CultureInfo.InvariantCulture,
            "Worst status: {0}. {1} of {2} show hostile activity beyond probes; {3} not proven patched; {4} could not be audited.",
            worst,
            attacked,
            Count(report.Servers.Count, "server"),
            unpatched,
            unknown);
    }

    private static void ServerCard(HtmlBuilder html, ServerReport server, string id)
    {
        html.Open("section", ("class", "server edge-" + Lower(server.Status)), ("id", id), ("aria-labelledby", id + "-title"))
            .Open("div", ("class", "server-header"))
            .Element("h2", ServerName(server), ("id", id + "-title"))
            .Element("span", server.Status.ToString(), ("class", "badge " + StatusClass(server.Status)))
            .Element("span", "Patch: " + Words(server.PatchStatus.ToString()), ("class", "badge " + PatchClass(server.PatchStatus)))
            .Close("div")
            .Element("p", server.Summary, ("class", "summary"));

        Facts(html, server);
        Campaigns(html, server, id);
        TextList(html, "ol", "actions", "Recommended actions", server.RecommendedActions, null);
        Timeline(html, server, id);
        Coverage(html, server, id);
        TextList(html, "ul", "errors", "Errors met during the audit", server.Errors, null);
        Findings(html, server, id);
        html.Close("section");
    }

    private static void Facts(HtmlBuilder html, ServerReport server)
    {
        html.Open("dl", ("class", "facts"));
        Fact(html, "Build", server.Build.Length == 0 ? "unknown" : server.Build + (server.BuildName.Length == 0 ? string.Empty : " \u2014 " + server.BuildName));
        Fact(html, "ProxyLogon CVEs open", server.Build.Length == 0 ? "unknown without the build" : server.ProxyLogonCves.Count == 0 ? "none" : string.Join(", ", server.ProxyLogonCves));
        html.Element("dt", "All open CVEs").Open("dd").Capped(server.Build.Length == 0 ? "unknown without the build" : server.OpenCves.Count == 0 ? "none catalogued" : Number(server.OpenCves.Count) + ": " + string.Join(", ", server.OpenCves), CellLimit).Close("dd");
        Fact(html, "Hostile activity", server.FirstHostileActivity is null ? "none in the evidence" : Time(server.FirstHostileActivity) + " to " + Time(server.LastHostileActivity) + " UTC");
        Fact(html, "Attacker addresses", server.AttackerAddresses.Count == 0 ? "none" : string.Join(", ", server.AttackerAddresses));
        html.Element("dt", "Planted files").Open("dd");
        Lines(html, server.PlantedFiles, "none");
        html.Close("dd");
        Fact(html, "Deciding rules", server.DecidingRuleIds.Count == 0 ? "none" : string.Join(", ", server.DecidingRuleIds));
        Fact(html, "Audited", (server.AuditedAt is null ? "unknown time" : Time(server.AuditedAt) + " UTC") + (server.Origin.Length == 0 ? string.Empty : " \u00b7 " + server.Origin));
        html.Close("dl");
    }

    /// <summary>The server's verdict per campaign: a small table, one row per campaign.</summary>
    private static void Campaigns(HtmlBuilder html, ServerReport server, string id)
    {
        if (server.Campaigns.Count == 0)
        {
            return; // an audit from before campaigns, or one read back from a flattened file
        }

        html.Element("h3", "By campaign");
        TableStart(html, id + "-campaigns", "The server's status and open CVEs for each campaign", -1, descending: false,
            ("Campaign", false), ("Status", true), ("Patch", true), ("Open CVEs", false), ("Findings", true), ("Deciding rules", false));
        foreach (var campaign in server.Campaigns)
        {
            html.Open("tr", ("data-campaign", campaign.Campaign)).Element("th", campaign.Campaign, ("scope", "row"));
            StatusCell(html, campaign.Status);
            html.Open("td", ("data-sort", Number((int)campaign.PatchStatus)))
                .Element("span", Words(campaign.PatchStatus.ToString()), ("class", "badge patch-" + Lower(campaign.PatchStatus)))
                .Close("td")
                .Element("td", campaign.PatchStatus == CampaignPatchStatus.Unknown ? "unknown" : campaign.MissingCves.Count == 0 ? "none" : string.Join(", ", campaign.MissingCves), ("class", "mono"))
                .Element("td", Number(campaign.Findings), ("class", "num"))
                .Element("td", campaign.DecidingRuleIds.Count == 0 ? NoValue : string.Join(", ", campaign.DecidingRuleIds), ("class", "mono"))
                .Close("tr");
        }

        TableEnd(html);
    }

    private static void Fact(HtmlBuilder html, string term, string value) => html.Element("dt", term).Element("dd", value);

    /// <summary>Each text on a line of its own, or <paramref name="none"/>.</summary>
    private static void Lines(HtmlBuilder html, IReadOnlyList<string> texts, string none)
    {
        if (texts.Count == 0)
        {
            html.Text(none);
            return;
        }

        foreach (string text in texts)
        {
            html.Element("div", text, ("class", "mono"));
        }
    }

    /// <summary>A heading and a list of texts, or the heading and <paramref name="empty"/> (nothing at all when that is null).</summary>
    private static void TextList(HtmlBuilder html, string listTag, string listClass, string heading, IReadOnlyList<string> items, string? empty)
    {
        if (items.Count == 0 && empty is null)
        {
            return;
        }

        html.Element("h3", heading);
        if (items.Count == 0)
        {
            html.Element("p", empty, ("class", "empty"));
            return;
        }

        html.Open(listTag, ("class", listClass));
        foreach (string item in items)
        {
            html.Open("li").Capped(item, CellLimit * 4).Close("li");
        }

        html.Close(listTag);
    }

    private static void Timeline(HtmlBuilder html, ServerReport server, string id)
    {
        html.Element("h3", "Attack timeline");
        if (server.Timeline.Count == 0)
        {
            html.Element("p", "No attack steps in the evidence.", ("class", "empty"));
            return;
        }

        TableStart(html, id + "-timeline", "Attack steps, oldest first", 0, descending: false,
            ("When (UTC)", false), ("Stage", false), ("Verdict", true), ("What happened", false), ("Client", false), ("Findings", true), ("Rules", false), ("Evidence", false));
        foreach (var step in server.Timeline)
        {
            html.Open("tr").Open("td", ("class", "when"), ("data-sort", SortableTime(step.Time)))
                .Element("div", Time(step.Time));
            if (step.LastTime is DateTime last && last != step.Time)
            {
                html.Element("div", "to " + Time(last));
            }

            html.Close("td").Element("td", StageName(step.Stage));
            VerdictCell(html, step.Verdict);
            html.Open("td", ("class", "wrap")).Capped(step.Description, CellLimit).Close("td")
                .Element("td", Or(step.ClientIp), ("class", "mono"))
                .Element("td", Number(step.Count), ("class", "num"))
                .Element("td", string.Join(", ", step.RuleIds), ("class", "mono"))
                .Open("td", ("class", "evidence mono")).Capped(step.Evidence, CellLimit).Close("td")
                .Close("tr");
        }

        TableEnd(html);
    }

    private static void Coverage(HtmlBuilder html, ServerReport server, string id)
    {
        html.Element("h3", "Evidence coverage");
        if (server.Coverage.Count == 0)
        {
            html.Element("p", "No evidence was read for this server.", ("class", "empty"));
        }
        else
        {
            TableStart(html, id + "-coverage", "What each source of evidence covered", 0, descending: false,
                ("Source", false), ("Kind", false), ("First record (UTC)", false), ("Last record (UTC)", false), ("Files", true), ("Read", true), ("Records", true), ("Unreadable", true), ("Skipped", true));
            foreach (var source in server.Coverage)
            {
                html.Open("tr").Element("td", source.Source, ("class", "wrap"))
                    .Element("td", source.Category);
                TimeCell(html, source.FirstTimestamp);
                TimeCell(html, source.LastTimestamp);
                html.Element("td", Number(source.Files), ("class", "num"))
                    .Element("td", Bytes(source.Bytes), ("class", "num"), ("data-sort", Number(source.Bytes)))
                    .Element("td", Number(source.Lines), ("class", "num"));
                PathsCell(html, source.UnreadableFiles, source.UnreadablePaths);
                PathsCell(html, source.SkippedFiles, source.SkippedPaths);
                html.Close("tr");
            }

            TableEnd(html);
        }

        TextList(html, "ul", "gaps", "Coverage gaps", server.CoverageGaps, "None: every expected source was read.");
    }

    /// <summary>A count of files with the paths behind it a click away.</summary>
    private static void PathsCell(HtmlBuilder html, long count, IReadOnlyList<string> paths)
    {
        html.Open("td", ("class", "num"), ("data-sort", Number(count)));
        if (paths.Count == 0)
        {
            html.Text(Number(count)).Close("td");
            return;
        }

        html.Open("details", ("class", "extra")).Element("summary", Number(count));
        Lines(html, paths, string.Empty);
        html.Close("details").Close("td");
    }

    private static void Findings(HtmlBuilder html, ServerReport server, string id)
    {
        html.Element("h3", string.Format(CultureInfo.InvariantCulture, "Findings ({0})", server.Findings.Count));
        if (server.Findings.Count == 0)
        {
            html.Element("p", "No findings.", ("class", "empty"));
            return;
        }

        string tableId = id + "-findings";
        FilterBar(html, tableId);
        TableStart(html, tableId, "Findings; sort by a column with its header button, narrow them with the filters above", 0, descending: false,
            ("When (UTC)", false), ("Severity", true), ("Verdict", true), ("Stage", false), ("Rule", false), ("Finding", false), ("Client", false), ("Evidence", false));
        foreach (var finding in server.Findings)
        {
            html.Open("tr", ("data-severity", Number((int)finding.Severity)), ("data-verdict", finding.Verdict.ToString()));
            TimeCell(html, finding.Time);
            html.Open("td", ("data-sort", Number((int)finding.Severity)))
                .Element("span", finding.Severity.ToString(), ("class", "sev sev-" + Lower(finding.Severity)))
                .Close("td");
            VerdictCell(html, finding.Verdict);
            html.Element("td", StageName(finding.Stage))
                .Open("td", ("class", "mono")).Capped(finding.RuleId, CellLimit);
            if (finding.Cve.Count > 0)
            {
                html.Element("div", string.Join(", ", finding.Cve), ("class", "rules"));
            }

            html.Close("td")
                .Open("td", ("class", "wrap")).Capped(finding.Title, CellLimit).Close("td")
                .Element("td", Or(finding.ClientIp), ("class", "mono"))
                .Open("td", ("class", "evidence")).Open("span", ("class", "mono")).Capped(finding.Evidence, CellLimit).Close("span");
            FindingDetails(html, finding);
            html.Close("td").Close("tr");
        }

        TableEnd(html);
    }

    private static void FilterBar(HtmlBuilder html, string tableId)
    {
        html.Open("div", ("class", "filters"), ("data-filter-for", tableId), ("role", "search"), ("aria-label", "Filter the findings"), ("hidden", string.Empty))
            .Open("label").Text("Search").Open("input", ("type", "search"), ("placeholder", "rule, address, user agent, path\u2026"), ("aria-controls", tableId)).Close("label")
            .Open("label").Text("Severity").Open("select", ("data-filter", "severity"), ("aria-controls", tableId))
            .Element("option", "Any severity", ("value", string.Empty));
        foreach (var severity in Enum.GetValues(typeof(Severity)).Cast<Severity>().Where(s => s > Severity.Informational).OrderByDescending(s => s))
        {
            html.Element("option", severity == Severity.Critical ? "Critical" : severity + " and above", ("value", Number((int)severity)));
        }

        html.Close("select").Close("label")
            .Open("label").Text("Verdict").Open("select", ("data-filter", "verdict"), ("aria-controls", tableId))
            .Element("option", "Any verdict", ("value", string.Empty));
        foreach (var verdict in Enum.GetValues(typeof(Verdict)).Cast<Verdict>())
        {
            html.Element("option", verdict.ToString(), ("value", verdict.ToString()));
        }

        html.Close("select").Close("label")
            .Element("output", string.Empty, ("aria-live", "polite"))
            .Close("div");
    }

    /// <summary>The rest of a finding's evidence, folded under its evidence line.</summary>
    private static void FindingDetails(HtmlBuilder html, FindingRow finding)
    {
        var facts = new List<(string Term, string Value)>
        {
            ("URL", finding.Url),
            ("User agent", finding.UserAgent),
            ("Anchor mailbox", finding.AnchorMailbox),
            ("HTTP status", finding.HttpStatus),
            ("Operation", finding.Operation),
            ("File", finding.Evidence.StartsWith(finding.Path, StringComparison.Ordinal) ? string.Empty : finding.Path),
            ("Size", finding.FileSize is long size ? Bytes(size) : string.Empty),
            ("SHA-256", finding.FileSha256),
            ("Why it matters", finding.Rationale),
            ("Detail", finding.Detail),
        };
        facts.RemoveAll(f => string.IsNullOrEmpty(f.Value));
        if (facts.Count == 0 && finding.RawText.Length == 0)
        {
            return;
        }

        html.Open("details", ("class", "extra")).Element("summary", "Details").Open("dl");
        foreach (var (term, value) in facts)
        {
            html.Element("dt", term).Open("dd").Capped(value, CellLimit * 4).Close("dd");
        }

        if (finding.RawText.Length > 0)
        {
            html.Element("dt", "Raw text").Open("dd").Open("pre").Lines(finding.RawText).Close("pre").Close("dd");
        }

        html.Close("dl").Close("details");
    }

    /// <summary>Opens a sortable table; <paramref name="sortedBy"/> names the column the rows arrive sorted by.</summary>
    private static void TableStart(HtmlBuilder html, string id, string caption, int sortedBy, bool descending, params (string Label, bool Numeric)[] columns)
    {
        html.Open("div", ("class", "table-wrap"))
            .Open("table", ("class", "data"), ("id", id), ("data-sortable", string.Empty))
            .Element("caption", caption, ("class", "visually-hidden"))
            .Open("thead").Open("tr");
        for (int i = 0; i < columns.Length; i++)
        {
            var (label, numeric) = columns[i];
            html.Open("th", ("scope", "col"), ("class", numeric ? "num" : null), ("data-type", numeric ? "number" : "text"), ("aria-sort", i == sortedBy ? (descending ? "descending" : "ascending") : null))
                .Element("button", label, ("type", "button"))
                .Close("th");
        }

        html.Close("tr").Close("thead").Open("tbody");
    }

    private static void TableEnd(HtmlBuilder html) => html.Close("tbody").Close("table").Close("div");

    private static void StatusCell(HtmlBuilder html, AuditStatus status) =>
        html.Open("td", ("data-sort", Number((int)status)))
            .Element("span", status.ToString(), ("class", "badge " + StatusClass(status)))
            .Close("td");

    private static void PatchCell(HtmlBuilder html, ProxyLogonStatus status) =>
        html.Open("td", ("data-sort", Number(FleetReport.PatchRank(status))))
            .Element("span", Words(status.ToString()), ("class", "badge " + PatchClass(status)))
            .Close("td");

    /// <summary>A verdict, ranked so that a descending sort puts Compromise first.</summary>
    private static void VerdictCell(HtmlBuilder html, Verdict verdict) =>
        html.Element("td", verdict.ToString(), ("data-sort", Number((int)Verdict.Context - (int)verdict)));

    private static void TimeCell(HtmlBuilder html, DateTime? time) =>
        html.Open("td", ("class", "when"), ("data-sort", SortableTime(time)))
            .Element("time", Time(time), ("datetime", time is DateTime t ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : null))
            .Close("td");

    /// <summary>A key that sorts times in order as text, with no time after every time.</summary>
    private static string SortableTime(DateTime? time) =>
        time is DateTime t ? t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) : "~";

    private static string Time(DateTime? time) =>
        time is DateTime t ? t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : NoValue;

    private static string Minute(DateTime? time) =>
        time is DateTime t ? t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : NoValue;

    private static string StatusClass(AuditStatus status) => "status-" + Lower(status);

    private static string PatchClass(ProxyLogonStatus status) => "patch-" + Lower(status);

    private static string Lower(Enum value) => value.ToString().ToLowerInvariant();

    private static string ServerName(ServerReport server) => server.ComputerName.Length == 0 ? "(unnamed server)" : server.ComputerName;

    private static string Or(string text) => text.Length == 0 ? NoValue : text;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Count(int count, string noun) => Number(count) + " " + noun + (count == 1 ? string.Empty : "s");

    private static string StageName(AttackStage stage) => stage == AttackStage.None ? NoValue : Words(stage.ToString());

    /// <summary><c>ShellAnswered</c> as <c>Shell answered</c>.</summary>
    private static string Words(string name)
    {
        var words = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            words.Append(i > 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1]) ? " " + char.ToLowerInvariant(name[i]) : name[i].ToString());
        }

        return words.ToString();
    }

    private static string Bytes(long bytes)
    {
        string[] units = ["bytes", "KB", "MB", "GB", "TB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? Number(bytes) + " bytes" : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
