using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
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
/// uses it) picks it up; nothing is discovered by reflection. <see cref="Module"/> is the module's own registry, for
/// listing rules; each hunt builds its own with <see cref="ForHunt"/> (unless a test brings one, the constructor),
/// because the rule sets that follow a sequence of rows (a reset after a Set carrying script) keep state per file,
/// which two hunts of the same file at the same time (runspaces, thread jobs) must not share.
/// </summary>
internal sealed class LogRegistry
{
    private static readonly Lazy<LogRegistry> Registered = new(ForHunt);
    private readonly RuleSetRegistration[] _registrations;
    // By kind, built on first use. An array, not a dictionary keyed by the enum: built while a hunt starts, where that
    // would be more generic code to compile and an equality comparer made by reflection.
    private readonly KindRules?[] _byKind = new KindRules?[Enum.GetValues(typeof(LogKind)).Length];
    private readonly ConcurrentDictionary<string, DetectionRule> _rulesInUse = new(StringComparer.Ordinal);

    /// <summary>A registry of rule sets already built (tests bring their own).</summary>
    public LogRegistry(IEnumerable<ILogRowRules> ruleSets, IEnumerable<ILogFileFormat> formats, IEnumerable<ILiveLogSource>? liveSources = null)
        : this((ruleSets ?? throw new ArgumentNullException(nameof(ruleSets))).Select(r => new RuleSetRegistration(r.Kinds, () => r)), formats, liveSources)
    {
    }

    /// <summary>
    /// A registry whose rule sets are built the first time a log of one of their kinds is read, so a hunt of HttpProxy
    /// logs does not build (nor compile) the rules of IIS, event and Remote PowerShell logs.
    /// </summary>
    public LogRegistry(IEnumerable<RuleSetRegistration> ruleSets, IEnumerable<ILogFileFormat> formats, IEnumerable<ILiveLogSource>? liveSources = null)
    {
        _registrations = (ruleSets ?? throw new ArgumentNullException(nameof(ruleSets))).ToArray();
        AllFormats = (formats ?? throw new ArgumentNullException(nameof(formats))).ToArray();
        AllLiveSources = (liveSources ?? []).ToArray();
    }

    /// <summary>The module's own rule sets, formats and live sources, registered once per process: for listing.</summary>
    public static LogRegistry Module => Registered.Value;

    /// <summary>The module's own rule sets, formats and live sources, for one hunt: its rule sets and their state are its own.</summary>
    public static LogRegistry ForHunt() => new(Registrations(), Formats(), LiveSources());

    /// <summary>Every rule set (all are built: for listing and tests; a hunt asks <see cref="RulesFor"/>).</summary>
    public IReadOnlyList<ILogRowRules> AllRuleSets => _registrations.Select(r => r.RuleSet).ToArray();

    public IReadOnlyList<ILogFileFormat> AllFormats { get; }

    /// <summary>Logs read live from the local computer (see <see cref="ILiveLogSource"/>).</summary>
    public IReadOnlyList<ILiveLogSource> AllLiveSources { get; }

    /// <summary>The module's rule sets, each with the <see cref="LogKind"/>s whose rows it judges.</summary>
    public static IEnumerable<RuleSetRegistration> Registrations() =>
    [
        new([LogKind.HttpProxy], () => new HttpProxyRules()),
        new([LogKind.IisW3c], () => new IisRules()),
        new([LogKind.EcpServer], () => new EcpServerRules()),
        new([LogKind.OabGenerator], () => new OabGeneratorRules()),
        new([LogKind.EventLogXml, LogKind.EventLogClixml], () => new EventLogRules()),

        // ProxyShell, ProxyNotShell and OWASSRF (issue 13): the same logs, and the Remote PowerShell logs.
        new([LogKind.IisW3c], () => new WaveIisRules()),
        new([LogKind.HttpProxy], () => new WaveHttpProxyRules()),
        new([LogKind.RpsHttp, LogKind.RpsCmdlet], () => new RemotePowerShellRules()),
        new([LogKind.EventLogXml, LogKind.EventLogClixml], () => new ManagementEventRules()),

        // Test-ProxyLogon's plain lists of the OAB generator and ECP Server logs it flagged.
        new([LogKind.OabGenerator, LogKind.EcpServer], () => new TestProxyLogonListRules()),
    ];

    /// <summary>The module's rule sets, built.</summary>
    public static IEnumerable<ILogRowRules> RuleSets() => Registrations().Select(r => r.RuleSet);

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

    /// <summary>The rule sets for one kind of log (empty when none), built on first use.</summary>
    public IReadOnlyList<ILogRowRules> RulesFor(LogKind kind) => For(kind).Sets;

    /// <summary>
    /// For each of <see cref="RulesFor"/>: the substrings a line must hold for that rule set to be run on it (its own
    /// <see cref="ILogLineHints"/>), null where it runs on every line. A line that passed the kind's filter for one
    /// set's substring is not handed to the other sets, whose rules could not match it.
    /// </summary>
    public IReadOnlyList<LinePrefilter?> GatesFor(LogKind kind) => For(kind).Gates;

    /// <summary>
    /// The byte-level filter a line of this kind must pass before its fields are parsed; null (every line is
    /// evaluated) unless every rule set of the kind says which substrings it needs (<see cref="ILogLineHints"/>).
    /// </summary>
    public LinePrefilter? PrefilterFor(LogKind kind) => For(kind).Prefilter;

    /// <summary>
    /// The filter for one file: for an HttpProxy log in a protocol's folder, without the substrings only other
    /// protocols' rows can hold (<see cref="IProtocolLineHints"/>); otherwise <see cref="PrefilterFor(LogKind)"/>.
    /// </summary>
    public LinePrefilter? PrefilterFor(LogKind kind, string path)
    {
        var rules = For(kind);
        if (kind != LogKind.HttpProxy || LogLocation.HttpProxyProtocol(path) is not { } protocol || rules.Sets.Length == 0)
        {
            return rules.Prefilter;
        }

        return rules.ByProtocol.GetOrAdd(protocol, p => LinePrefilter.ForRuleSets(rules.Sets, p));
    }

    /// <summary>
    /// The rule with this id of a rule set already built, or null. Every finding of a hunt comes from such a set, so
    /// for a finding's <see cref="Finding.RuleId"/> this is its rule.
    /// </summary>
    public DetectionRule? RuleInUse(string ruleId) => _rulesInUse.TryGetValue(ruleId, out var rule) ? rule : null;

    /// <summary>Every rule of every rule set, for listing (builds every set).</summary>
    public IEnumerable<DetectionRule> AllRules() => AllRuleSets.SelectMany(r => r.Rules);

    private KindRules For(LogKind kind)
    {
        int index = (int)kind;
        if ((uint)index >= (uint)_byKind.Length)
        {
            return Build(kind);
        }

        if (Volatile.Read(ref _byKind[index]) is { } rules)
        {
            return rules;
        }

        var built = Build(kind);
        return Interlocked.CompareExchange(ref _byKind[index], built, null) ?? built;
    }

    private KindRules Build(LogKind kind)
    {
        var sets = _registrations.Where(r => r.Judges(kind)).Select(r => r.RuleSet).ToArray();
        foreach (var rule in sets.SelectMany(r => r.Rules))
        {
            _rulesInUse.TryAdd(rule.Id, rule);
        }

        // A kind with one rule set needs no gate: the kind's filter already is that set's.
        return new KindRules(sets, LinePrefilter.ForRuleSets(sets), sets.Select(r => sets.Length > 1 ? Gate(r) : null).ToArray());
    }

    private static LinePrefilter? Gate(ILogRowRules rules) =>
        rules is ILogLineHints { RequiredSubstrings.Count: > 0 } hints ? LinePrefilter.Create([.. hints.RequiredSubstrings]) : null;

    private sealed class KindRules(ILogRowRules[] sets, LinePrefilter? prefilter, LinePrefilter?[] gates)
    {
        public ILogRowRules[] Sets { get; } = sets;

        public LinePrefilter? Prefilter { get; } = prefilter;

        public LinePrefilter?[] Gates { get; } = gates;

        public ConcurrentDictionary<string, LinePrefilter?> ByProtocol { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>
/// One rule set of a <see cref="LogRegistry"/>: the kinds of log it judges (the same as its
/// <see cref="ILogRowRules.Kinds"/>, which <c>LogRegistryTests</c> checks) and how to build it, once, when a log of one
/// of them is first read.
/// </summary>
internal sealed class RuleSetRegistration
{
    private readonly Lazy<ILogRowRules> _ruleSet;

    public RuleSetRegistration(IReadOnlyList<LogKind> kinds, Func<ILogRowRules> create)
    {
        Kinds = kinds ?? throw new ArgumentNullException(nameof(kinds));
        if (create is null)
        {
            throw new ArgumentNullException(nameof(create));
        }

        _ruleSet = new Lazy<ILogRowRules>(create);
    }

    public IReadOnlyList<LogKind> Kinds { get; }

    /// <summary>Whether the set judges logs of <paramref name="kind"/>.</summary>
    /// <remarks>
    /// A loop, not <c>Contains</c>: that would build the enum's default equality comparer by reflection and compile
    /// generic code for it at the start of every hunt.
    /// </remarks>
    public bool Judges(LogKind kind)
    {
        for (int i = 0; i < Kinds.Count; i++)
        {
            if (Kinds[i] == kind)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The rule set, built on first use (thread-safe).</summary>
    public ILogRowRules RuleSet => _ruleSet.Value;
}
