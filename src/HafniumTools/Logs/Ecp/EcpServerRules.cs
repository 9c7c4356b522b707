using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using HafniumTools.Core;
using HafniumTools.Logs.EventLogs;
using HafniumTools.Model;

namespace HafniumTools.Logs.Ecp;

/// <summary>
/// CVE-2021-27065 in the ECP Server log: script or markup put in a virtual directory URL, and the reset that writes
/// the directory's settings (script included) to a file. A reset is recognised from the reset workflow's URL or from
/// its cmdlets alone (Remove- then New-*VirtualDirectory of one kind), its rows kept together as one finding whose
/// evidence is every line; it is tied to a script-laden Set earlier in the same log file, up to a day before it
/// (<see cref="EcpResetCorrelation"/>); without one it is routine administration and only kept as context. The result for a file depends on that file alone, whatever else the process has read. Rows need the field <c>EventData</c> (else the
/// raw line is used) and preferably <c>TimeStamp</c>/<c>ServerName</c> or the row's own timestamp and computer name.
/// </summary>
internal sealed class EcpServerRules : ILogRowRules, ILogLineHints, ILogSourceEnd
{
    // Both rules need a virtual directory command (Set-*VirtualDirectory) or workflow (schema=Reset*VirtualDirectory).
    private static readonly string[] Hints = ["VirtualDirectory"];

    private static readonly Regex ResetSchema = new(
        @"schema=(?<schema>Reset\w*VirtualDirectory)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(500));

    private readonly EcpResetCorrelation _correlation = new();

    public IReadOnlyList<LogKind> Kinds { get; } = [LogKind.EcpServer];

    public IReadOnlyList<DetectionRule> Rules => EcpRuleCatalog.All;

    /// <summary>Lines without these never match: the engine skips parsing them.</summary>
    public IReadOnlyList<string> RequiredSubstrings => Hints;

    public void Evaluate(ILogRow row, ICollection<Finding> findings)
    {
        if (row is null || findings is null)
        {
            return;
        }

        string? eventData = row["EventData"];
        if (string.IsNullOrEmpty(eventData))
        {
            eventData = EventDataFromRawLine(row.RawText);
        }

        // Both rules need a virtual directory command or workflow: most rows leave here without being parsed.
        if (string.IsNullOrEmpty(eventData) || eventData!.IndexOf(Hints[0], StringComparison.OrdinalIgnoreCase) < 0)
        {
            return;
        }

        var bag = EcpEventData.Parse(eventData);
        if (bag.Truncated && EventDataFromRawLine(row.RawText) is string fromLine && fromLine.Length > eventData.Length)
        {
            // The field ended inside a quoted entry: the reader may have split the row at a comma it should have kept.
            bag = EcpEventData.Parse(fromLine);
        }

        var context = new RowContext(row, bag);
        var command = EcpCommand.Parse(bag["CMD"]);
        if (command is not null && VirtualDirectorySettings.IsSetCommand(command.Name))
        {
            EvaluateSet(context, command, findings);
        }

        string? resetSchema = ResetWorkflow(bag["URL"]);
        if (resetSchema is not null || Ecp.ResetWorkflow.IsRemoveOrNew(command?.Name))
        {
            var step = context.ToEvent(command?.Name ?? resetSchema!, context.RequestUrl);
            foreach (var reset in _correlation.AddStep(context.Scope, step, resetSchema))
            {
                findings.Add(Judged(reset));
            }
        }
    }

    /// <summary>The resets still open when a log ends are judged then.</summary>
    public void SourceEnded(string path, ICollection<Finding> findings)
    {
        if (path is null || findings is null)
        {
            return;
        }

        foreach (var reset in _correlation.End(path))
        {
            findings.Add(Judged(reset));
        }
    }

    private void EvaluateSet(RowContext context, EcpCommand command, ICollection<Finding> findings)
    {
        var scriptUrls = new List<(EcpCommandParameter Parameter, string Indicator)>();
        var scriptOthers = new List<(EcpCommandParameter Parameter, string Indicator)>();
        var malformed = new List<EcpCommandParameter>();
        foreach (var parameter in command.Parameters)
        {
            if (UrlInspection.CarriesScriptOrMarkup(parameter.Value, out string? indicator))
            {
                (parameter.IsUrlParameter ? scriptUrls : scriptOthers).Add((parameter, indicator ?? string.Empty));
            }
            else if (parameter.IsUrlParameter && VirtualDirectorySettings.HasValue(parameter.Value) && !VirtualDirectorySettings.IsPlainUrl(parameter.Value))
            {
                malformed.Add(parameter);
            }
        }

        // A command the parser could not split (a cut or oddly quoted line) still counts when its URL part carries script.
        if (scriptUrls.Count == 0 && command.Parameters.Count == 0)
        {
            int urlAt = command.Text.IndexOf("Url=", StringComparison.OrdinalIgnoreCase);
            if (urlAt > 0 && UrlInspection.CarriesScriptOrMarkup(command.Text.Substring(urlAt), out string? indicator))
            {
                scriptUrls.Add((new EcpCommandParameter("Url", command.Text.Substring(urlAt + 4), false), indicator ?? string.Empty));
            }
        }

        if (scriptUrls.Count > 0)
        {
            bool failed = VirtualDirectorySettings.HasValue(context.Exception);
            var first = scriptUrls[0].Parameter;
            findings.Add(context.CreateFinding(
                failed ? EcpRuleCatalog.FailedScriptInVirtualDirectoryUrl : EcpRuleCatalog.ScriptInVirtualDirectoryUrl,
                command.Name,
                first.Value,
                Describe(scriptUrls) + context.DescribeRequest()));
            if (!failed)
            {
                // Resets closed before this Set (rows out of time order) are explained by it.
                foreach (var reset in _correlation.AddScriptSet(context.Scope, context.ToEvent(command.Name, first.Value)))
                {
                    findings.Add(Judged(reset));
                }
            }

            return;
        }

        if (scriptOthers.Count > 0)
        {
            findings.Add(context.CreateFinding(
                EcpRuleCatalog.ScriptInVirtualDirectoryParameter,
                command.Name,
                null,
                Describe(scriptOthers) + context.DescribeRequest()));
        }

        if (malformed.Count > 0)
        {
            var text = new StringBuilder();
            foreach (var parameter in malformed)
            {
                text.Append("Parameter ").Append(parameter.Name).Append(" is not a plain http(s) URL: '").Append(parameter.Value).Append("'. ");
            }

            findings.Add(context.CreateFinding(
                EcpRuleCatalog.MalformedVirtualDirectoryUrl, command.Name, malformed[0].Value, text + context.DescribeRequest()));
        }
    }

    // One finding for one reset: the web-shell write when a Set carrying script came before it, else context.
    private static Finding Judged(ResetWorkflow reset)
    {
        reset.Reported = true;
        var first = reset.First;
        string lines = reset.Events.Count == 1 ? "line " + reset.Lines : "lines " + reset.Lines;
        string request = first.Url is null ? string.Empty : " ECP request: " + first.Url + ".";
        string user = " User SID: " + (first.Sid ?? "(not logged)") + ".";
        if (reset.Cause is not { } set)
        {
            return reset.ToFinding(EcpRuleCatalog.VirtualDirectoryReset, first.Url, reset.Operation + " (" + lines + ") with no script set in a URL before it in this log file." + user + request);
        }

        string where = string.Equals(set.Path, first.Path, StringComparison.OrdinalIgnoreCase)
            ? "line " + set.LineNumber.ToString(CultureInfo.InvariantCulture)
            : set.Path + ":" + set.LineNumber.ToString(CultureInfo.InvariantCulture);
        string detail = string.Format(
            CultureInfo.InvariantCulture,
            "{0} ({1}) ran after {2} set script in a URL at {3}{4} (value '{5}'); the reset wrote that value into a file whose path the caller chose: look for a new .aspx in the web folders.{6}{7}",
            reset.Operation,
            lines,
            set.Operation,
            where,
            set.Timestamp is DateTime t ? " (" + t.ToString("u", CultureInfo.InvariantCulture) + ")" : string.Empty,
            set.Url,
            user,
            request);
        return reset.ToFinding(EcpRuleCatalog.ResetAfterScriptUrl, set.Url, detail);
    }

    // The DDI reset workflows (ResetOABVirtualDirectory, ...) when they change something, not when the dialog reads.
    internal static string? ResetWorkflow(string? requestUrl)
    {
        if (string.IsNullOrEmpty(requestUrl))
        {
            return null;
        }

        Match match;
        try
        {
            match = ResetSchema.Match(requestUrl);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }

        bool readOnly = requestUrl!.IndexOf("/GetObject", StringComparison.OrdinalIgnoreCase) >= 0
            || requestUrl.IndexOf("/GetList", StringComparison.OrdinalIgnoreCase) >= 0;
        return match.Success && !readOnly ? match.Groups["schema"].Value : null;
    }

    private static string Describe(List<(EcpCommandParameter Parameter, string Indicator)> hits) =>
        string.Concat(hits.Select(h => "Parameter " + h.Parameter.Name + " carries '" + h.Indicator + "': '" + h.Parameter.Value + "'. "));

    // When the reader could not split the row, EventData is the part of the raw line from the first S: entry.
    private static string? EventDataFromRawLine(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        int at = raw!.IndexOf("S:", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        while (at > 0 && (raw[at - 1] == '\'' || raw[at - 1] == '"'))
        {
            at--;
        }

        return raw.Substring(at);
    }

    private sealed class RowContext
    {
        private readonly ILogRow _row;

        public RowContext(ILogRow row, EcpEventData bag)
        {
            _row = row;
            Path = row.Path ?? string.Empty;
            LineNumber = row.LineNumber;
            Timestamp = row.Timestamp ?? UtcTimestamp.Parse(row["TimeStamp"]);
            ComputerName = row.ComputerName ?? row["ServerName"];
            Sid = NullIfEmpty(bag["SID"]);
            RequestUrl = NullIfEmpty(bag["URL"]);
            Exception = NullIfEmpty(bag["EX"]);
        }

        public string Path { get; }

        public long LineNumber { get; }

        public DateTime? Timestamp { get; }

        public string? ComputerName { get; }

        public string? Sid { get; }

        public string? RequestUrl { get; }

        public string? Exception { get; }

        /// <summary>Resets and Sets correlate within one log file.</summary>
        public string Scope => Path;

        public EcpEvent ToEvent(string operation, string? url) =>
            new(Path, LineNumber, Timestamp, Sid, operation, url, _row.RawText, ComputerName);

        public string DescribeRequest()
        {
            var text = new StringBuilder();
            text.Append("User SID: ").Append(Sid ?? "(not logged)").Append('.');
            if (RequestUrl is not null)
            {
                text.Append(" ECP request: ").Append(RequestUrl).Append('.');
            }

            if (VirtualDirectorySettings.HasValue(Exception))
            {
                text.Append(" ECP exception: ").Append(Exception).Append('.');
            }

            return text.ToString();
        }

        public Finding CreateFinding(DetectionRule rule, string operation, string? url, string detail) =>
            new(rule, ComputerName)
            {
                Path = Path,
                LineNumber = LineNumber,
                Timestamp = Timestamp,
                Operation = operation,
                Url = url,
                RawText = _row.RawText,
                Detail = detail,
            };

        private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
