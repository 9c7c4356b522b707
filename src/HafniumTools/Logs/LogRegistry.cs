using System.Collections.Generic;
using HafniumTools.Logs.Ecp;
using HafniumTools.Logs.EventLogs;
using HafniumTools.Logs.HttpProxy;
using HafniumTools.Logs.Iis;
using HafniumTools.Logs.Oab;

namespace HafniumTools.Logs;

/// <summary>
/// Every log format, rule set and live source the module knows, in one place. To add one, write the class and add a
/// line here: the hunt (and every cmdlet that uses it) picks it up; nothing is discovered by reflection.
/// </summary>
internal static class LogRegistry
{
    /// <summary>The rule sets, each bound to the <see cref="LogKind"/>s whose rows it judges.</summary>
    public static IEnumerable<ILogRowRules> RuleSets() =>
    [
        new HttpProxyRules(),
        new IisRules(),
        new EcpServerRules(),
        new OabGeneratorRules(),
        new EventLogRules(),
    ];

    /// <summary>
    /// The formats that are not Exchange's CSV/W3C text logs (those are recognised from their <c>#Fields</c> header by
    /// <see cref="LogFormatDetector"/>): the two event-log export forms.
    /// </summary>
    public static IEnumerable<ILogFileFormat> Formats() =>
    [
        new EventLogXmlFormat(),
        new EventLogClixmlFormat(),
    ];

    /// <summary>Logs read live from the local server when it is scanned without -Path.</summary>
    public static IEnumerable<ILiveLogSource> LiveSources() =>
    [
        // Unified Messaging errors and Watson reports (CVE-2021-26857), Control Panel request errors (CVE-2021-26855).
        new LiveEventLogSource(
            "Application",
            "(Provider[@Name='MSExchange Unified Messaging'] or Provider[@Name='MSExchange Common'] or Provider[@Name='MSExchange Control Panel']) and (Level=1 or Level=2)",
            "Exchange errors: Unified Messaging and Watson reports (CVE-2021-26857), Control Panel requests (CVE-2021-26855)",
            presentOnEveryWindowsComputer: true),

        // The cmdlet log: Set-*VirtualDirectory with script in a URL (CVE-2021-27065); only where Exchange is installed.
        new LiveEventLogSource(
            "MSExchange Management",
            "Provider[@Name='MSExchange CmdletLogs'] and (EventID=1 or EventID=6)",
            "Exchange cmdlet log (CVE-2021-27065)",
            presentOnEveryWindowsComputer: false),
    ];
}
