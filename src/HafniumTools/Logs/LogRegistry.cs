using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Logs.Ecp;
using HafniumTools.Logs.EventLogs;
using HafniumTools.Logs.HttpProxy;
using HafniumTools.Logs.Iis;
using HafniumTools.Logs.Oab;
using HafniumTools.Logs.TestProxyLogon;
using HafniumTools.Logs.Waves;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>
/// Every log format, rule set and live source the module knows, in one place. To add one, write the class and add a
/// line to <see cref="RuleSets"/>, <see cref="Formats"/> or <see cref="LiveSources"/>: the hunt (and every cmdlet that
/// uses it) picks it up; nothing is discovered by reflection. <see cref="Module"/> is the module's own registry, which
/// a hunt uses unless a test brings its own (the constructor).
/// </summary>
internal sealed class LogRegistry
{
    private static readonly Lazy<LogRegistry> Registered = new(() => new LogRegistry(RuleSets(), Formats(), LiveSources()));
    private readonly Dictionary<LogKind, ILogRowRules[]> _rulesByKind;
    private readonly Dictionary<LogKind, LinePrefilter?> _prefilters;
    private readonly Dictionary<LogKind, LinePrefilter?[]> _gates;
    private readonly ConcurrentDictionary<string, LinePrefilter?> _httpProxyPrefilters = new(StringComparer.OrdinalIgnoreCase);

    public LogRegistry(IEnumerable<ILogRowRules> ruleSets, IEnumerable<ILogFileFormat> formats, IEnumerable<ILiveLogSource>? liveSources = null)
    {
        AllRuleSets = (ruleSets ?? throw new ArgumentNullException(nameof(ruleSets))).ToArray();
        AllFormats = (formats ?? throw new ArgumentNullException(nameof(formats))).ToArray();
        AllLiveSources = (liveSources ?? []).ToArray();
        _rulesByKind = AllRuleSets
            .SelectMany(r => r.Kinds.Select(k => (Kind: k, Rules: r)))
            .GroupBy(p => p.Kind, p => p.Rules)
            .ToDictionary(g => g.Key, g => g.ToArray());
        _prefilters = _rulesByKind.ToDictionary(p => p.Key, p => LinePrefilter.ForRuleSets(p.Value));
        // A kind with one rule set needs no gate: the kind's filter already is that set's.
        _gates = _rulesByKind.ToDictionary(p => p.Key, p => p.Value.Select(r => p.Value.Length > 1 ? Gate(r) : null).ToArray());
    }

    /// <summary>The module's own rule sets, formats and live sources, built once per process.</summary>
    public static LogRegistry Module => Registered.Value;

    public IReadOnlyList<ILogRowRules> AllRuleSets { get; }

    public IReadOnlyList<ILogFileFormat> AllFormats { get; }

    /// <summary>Logs read live from the local computer (see <see cref="ILiveLogSource"/>).</summary>
    public IReadOnlyList<ILiveLogSource> AllLiveSources { get; }

    /// <summary>The rule sets, each bound to the <see cref="LogKind"/>s whose rows it judges.</summary>
    public static IEnumerable<ILogRowRules> RuleSets() =>
    [
        new HttpProxyRules(),
        new IisRules(),
        new EcpServerRules(),
        new OabGeneratorRules(),
        new EventLogRules(),

        // ProxyShell, ProxyNotShell and OWASSRF (issue 13): the same logs, and the Remote PowerShell logs.
        new WaveIisRules(),
        new WaveHttpProxyRules(),
        new RemotePowerShellRules(),
        new ManagementEventRules(),

        // Test-ProxyLogon's plain lists of the OAB generator and ECP Server logs it flagged.
        new TestProxyLogonListRules(),
    ];

    /// <summary>
    /// The formats that are not Exchange's CSV/W3C text logs (those are recognised from their <c>#Fields</c> header by
    /// <see cref="LogFormatDetector"/>): the two event-log export forms, and the reports Test-ProxyLogon wrote (its
    /// CVE-2021-26855 and ResetVDir CSVs are HttpProxy rows, recognised from their header like any HttpProxy log; its
    /// other reports hold nothing a rule judges and are named by <see cref="TestProxyLogonReports"/>).
    /// </summary>
    public static IEnumerable<ILogFileFormat> Formats() =>
    [
        new EventLogXmlFormat(),
        new EventLogClixmlFormat(),
        new TestProxyLogonEventCsvFormat(),
        new TestProxyLogonDownloadPathsFormat(),
        new TestProxyLogonLogListFormat(LogKind.OabGenerator, @"\OABGeneratorLog\"),
        new TestProxyLogonLogListFormat(LogKind.EcpServer, @"\ECP\Server\"),
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

    /// <summary>The rule sets for one kind of log (empty when none).</summary>
    public IReadOnlyList<ILogRowRules> RulesFor(LogKind kind) =>
        _rulesByKind.TryGetValue(kind, out var sets) ? sets : Array.Empty<ILogRowRules>();

    /// <summary>
    /// For each of <see cref="RulesFor"/>: the substrings a line must hold for that rule set to be run on it (its own
    /// <see cref="ILogLineHints"/>), null where it runs on every line. A line that passed the kind's filter for one
    /// set's substring is not handed to the other sets, whose rules could not match it.
    /// </summary>
    public IReadOnlyList<LinePrefilter?> GatesFor(LogKind kind) =>
        _gates.TryGetValue(kind, out var gates) ? gates : Array.Empty<LinePrefilter?>();

    private static LinePrefilter? Gate(ILogRowRules rules) =>
        rules is ILogLineHints { RequiredSubstrings.Count: > 0 } hints ? LinePrefilter.Create([.. hints.RequiredSubstrings]) : null;

    /// <summary>
    /// The byte-level filter a line of this kind must pass before its fields are parsed; null (every line is
    /// evaluated) unless every rule set of the kind says which substrings it needs (<see cref="ILogLineHints"/>).
    /// </summary>
    public LinePrefilter? PrefilterFor(LogKind kind) => _prefilters.TryGetValue(kind, out var filter) ? filter : null;

    /// <summary>
    /// The filter for one file: for an HttpProxy log in a protocol's folder, without the substrings only other
    /// protocols' rows can hold (<see cref="IProtocolLineHints"/>); otherwise <see cref="PrefilterFor(LogKind)"/>.
    /// </summary>
    public LinePrefilter? PrefilterFor(LogKind kind, string path)
    {
        if (kind != LogKind.HttpProxy || LogLocation.HttpProxyProtocol(path) is not { } protocol || !_rulesByKind.TryGetValue(kind, out var sets))
        {
            return PrefilterFor(kind);
        }

        return _httpProxyPrefilters.GetOrAdd(protocol, p => LinePrefilter.ForRuleSets(sets, p));
    }

    /// <summary>Every rule of every rule set, for listing.</summary>
    public IEnumerable<DetectionRule> AllRules() => AllRuleSets.SelectMany(r => r.Rules);
}
