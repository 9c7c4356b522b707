using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using HafniumTools.Core;
using HafniumTools.Logs.Ecp;
using HafniumTools.Model;

namespace HafniumTools.Logs.EventLogs;

/// <summary>
/// CVE-2021-26857: Application log errors of <c>MSExchange Unified Messaging</c> naming
/// <c>System.InvalidCastException</c> (or any Exchange error naming the TextFormattingRunProperties gadget).
/// CVE-2021-27065: <c>MSExchange Management</c> events 1/6 (provider <c>MSExchange CmdletLogs</c>) for a
/// Set-*VirtualDirectory whose URL parameter carries script. CVE-2021-26855: <c>MSExchange Control Panel</c> request
/// errors whose URL has the forged shape. Works on any row exposing the event fields
/// (<see cref="EventRecordRow"/> or another reader's row with the same field names).
/// </summary>
internal static class EventLogEvaluator
{
    private const string UnifiedMessagingProvider = "MSExchange Unified Messaging";
    private const string ControlPanelProvider = "MSExchange Control Panel";
    private const string CmdletLogsProvider = "MSExchange CmdletLogs";
    private const string ManagementLog = "MSExchange Management";

    // The forged URL leaks into ECP errors: "…/ecp/about.aspx?a=]:444/ecp/y.js(https://localhost/ecp/y.js)".
    private static readonly string[] ForgedUrlMarkers = ["]:444/", "(https://localhost/", "(http://localhost/"];

    public static void Evaluate(ILogRow row, ICollection<Finding> findings)
    {
        if (row is null || findings is null)
        {
            return;
        }

        string? provider = row["ProviderName"];
        if (string.IsNullOrEmpty(provider))
        {
            return;
        }

        if (IsCmdletLog(row, provider!))
        {
            EvaluateCmdlet(row, findings);
            return;
        }

        if (provider!.StartsWith("MSExchange", StringComparison.OrdinalIgnoreCase) && IsError(row))
        {
            EvaluateExchangeError(row, provider, findings);
        }
    }

    private static void EvaluateExchangeError(ILogRow row, string provider, ICollection<Finding> findings)
    {
        string text = SearchText(row);
        if (string.Equals(provider, ControlPanelProvider, StringComparison.OrdinalIgnoreCase))
        {
            EvaluateControlPanelError(row, text, findings);
            return;
        }

        bool unifiedMessaging = string.Equals(provider, UnifiedMessagingProvider, StringComparison.OrdinalIgnoreCase);
        if (unifiedMessaging && text.IndexOf("System.InvalidCastException", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            findings.Add(Create(row, EventLogRuleCatalog.UnifiedMessagingInvalidCast, null, null,
                "Unified Messaging error " + Describe(row) + " names System.InvalidCastException: " + Excerpt(text, "System.InvalidCastException")));
            return;
        }

        if (text.IndexOf("TextFormattingRunProperties", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            findings.Add(Create(row, EventLogRuleCatalog.UnifiedMessagingGadget, null, null,
                provider + " error " + Describe(row) + " names the TextFormattingRunProperties gadget: " + Excerpt(text, "TextFormattingRunProperties")));
        }
    }

    private static void EvaluateControlPanelError(ILogRow row, string text, ICollection<Finding> findings)
    {
        foreach (string marker in ForgedUrlMarkers)
        {
            int at = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                continue;
            }

            findings.Add(Create(row, EventLogRuleCatalog.ServerSideRequestForgeryInControlPanelError, null, RequestUrl(text, at),
                "Control Panel error " + Describe(row) + ": " + Excerpt(text, marker)));
            return;
        }
    }

    // The quoted URL of "Request for URL '…' failed" around position at, or null.
    private static string? RequestUrl(string text, int at)
    {
        int start = text.LastIndexOf('\'', at);
        int end = text.IndexOf('\'', at);
        return start >= 0 && end > start ? text.Substring(start + 1, end - start - 1) : null;
    }

    private static void EvaluateCmdlet(ILogRow row, ICollection<Finding> findings)
    {
        string? eventId = row["EventId"]?.Trim();
        bool succeeded = eventId == "1";
        bool failed = eventId == "6";
        if (!succeeded && !failed)
        {
            return;
        }

        var entry = CmdletLogEntry.FromRow(row);
        if (entry is null
            || !VirtualDirectorySettings.IsSetCommand(entry.Cmdlet))
        {
            return;
        }

        var scripted = new StringBuilder();
        string? firstScriptUrl = null;
        string? firstOddUrl = null;
        foreach (var parameter in entry.Parameters)
        {
            if (!VirtualDirectorySettings.IsUrlParameter(parameter.Key))
            {
                continue;
            }

            if (UrlInspection.CarriesScriptOrMarkup(parameter.Value, out string? indicator))
            {
                firstScriptUrl ??= parameter.Value;
                scripted.Append("Parameter -").Append(parameter.Key).Append(" carries '").Append(indicator).Append("': '").Append(parameter.Value).Append("'. ");
            }
            else if (firstOddUrl is null && VirtualDirectorySettings.HasValue(parameter.Value) && !VirtualDirectorySettings.IsPlainUrl(parameter.Value))
            {
                firstOddUrl = parameter.Value;
            }
        }

        string user = row["Data2"] is string caller && caller.Length > 0 ? " Caller: " + caller + "." : string.Empty;
        if (firstScriptUrl is not null)
        {
            findings.Add(Create(row,
                succeeded ? EventLogRuleCatalog.ScriptInVirtualDirectoryUrl : EventLogRuleCatalog.FailedScriptInVirtualDirectoryUrl,
                entry.Cmdlet, firstScriptUrl, scripted + Describe(row) + user));
        }
        else if (firstOddUrl is not null && succeeded)
        {
            findings.Add(Create(row, EventLogRuleCatalog.MalformedVirtualDirectoryUrl, entry.Cmdlet, firstOddUrl,
                "URL parameter is not a plain http(s) URL: '" + firstOddUrl + "'. " + Describe(row) + user));
        }
    }

    /// <summary>The cmdlet of a succeeded MSExchange Management cmdlet event (event 1), or null for any other row.</summary>
    internal static CmdletLogEntry? SucceededCmdlet(ILogRow row)
    {
        string? provider = row["ProviderName"];
        return !string.IsNullOrEmpty(provider) && IsCmdletLog(row, provider!) && row["EventId"]?.Trim() == "1" ? CmdletLogEntry.FromRow(row) : null;
    }

    /// <summary>The first URL parameter of a cmdlet that carries script or markup, or null.</summary>
    internal static string? ScriptUrl(CmdletLogEntry entry)
    {
        foreach (var parameter in entry.Parameters)
        {
            if (VirtualDirectorySettings.IsUrlParameter(parameter.Key) && UrlInspection.CarriesScriptOrMarkup(parameter.Value, out _))
            {
                return parameter.Value;
            }
        }

        return null;
    }

    private static bool IsCmdletLog(ILogRow row, string provider) =>
        string.Equals(provider, CmdletLogsProvider, StringComparison.OrdinalIgnoreCase)
        || string.Equals(row["LogName"], ManagementLog, StringComparison.OrdinalIgnoreCase);

    // Level 2 is Error (1 Critical); rendered exports may only say "Error". No level at all is given the benefit.
    private static bool IsError(ILogRow row)
    {
        string? level = row["Level"]?.Trim();
        string? display = row["LevelDisplayName"]?.Trim();
        if (string.IsNullOrEmpty(level) && string.IsNullOrEmpty(display))
        {
            return true;
        }

        return level is "1" or "2"
            || string.Equals(display, "Error", StringComparison.OrdinalIgnoreCase)
            || string.Equals(display, "Critical", StringComparison.OrdinalIgnoreCase);
    }

    private static string SearchText(ILogRow row)
    {
        string? message = row["Message"];
        string? data = row["Data"];
        return string.IsNullOrEmpty(message) ? data ?? string.Empty : string.IsNullOrEmpty(data) ? message! : message + "\n" + data;
    }

    private static string Describe(ILogRow row) =>
        string.Format(
            CultureInfo.InvariantCulture,
            "(log {0}, provider {1}, event {2}, record {3})",
            row["LogName"] ?? "?",
            row["ProviderName"] ?? "?",
            row["EventId"] ?? "?",
            row["RecordId"] ?? "?");

    private static string Excerpt(string text, string around)
    {
        int at = text.IndexOf(around, StringComparison.OrdinalIgnoreCase);
        int start = Math.Max(0, at - 200);
        int length = Math.Min(text.Length - start, 600);
        return text.Substring(start, length).Replace("\r", " ").Replace("\n", " ").Trim();
    }

    private static Finding Create(ILogRow row, DetectionRule rule, string? operation, string? url, string detail) =>
        new(rule, row.ComputerName ?? row["MachineName"])
        {
            Path = row.Path,
            LineNumber = row.LineNumber,
            Timestamp = row.Timestamp ?? UtcTimestamp.Parse(row["TimeCreated"]),
            Operation = operation,
            Url = url,
            RawText = row.RawText,
            Detail = detail,
        };
}
