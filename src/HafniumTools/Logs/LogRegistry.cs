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
    /// <summary>The rule sets, each bound to the <see cref="LogKind"/> whose rows it judges.</summary>
    public static IEnumerable<ILogRowRules> RuleSets() =>
    [
        new HttpProxyRules(),
        new IisRules(),
        new EcpServerRules(),
        new OabGeneratorRules(),
        new EventLogXmlRules(),
        new EventLogClixmlRules(),
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
        new ApplicationEventLogSource(),
        new ExchangeManagementEventLogSource(),
    ];
}
