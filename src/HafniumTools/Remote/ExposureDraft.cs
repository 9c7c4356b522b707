using System;
using System.Collections.Generic;
using System.Linq;
using HafniumTools.Model;

namespace HafniumTools.Remote;

/// <summary>
/// What the checks of one target have found so far; <see cref="ToResult"/> combines it into the result: the most
/// precise build any method saw (a full build before a CU, then by method rank), judged by the catalog, and notes
/// where methods disagree.
/// </summary>
internal sealed class ExposureDraft
{
    private readonly List<BuildSighting> _sightings = [];
    private readonly List<string> _notes = [];
    private readonly List<Finding> _findings = [];

    public ExposureDraft(ExposureTarget target, ExposureOptions options, DateTime startedUtc)
    {
        Target = target;
        Options = options;
        StartedUtc = startedUtc;
    }

    public ExposureTarget Target { get; }

    public ExposureOptions Options { get; }

    public DateTime StartedUtc { get; }

    public bool IsExchange => ExchangeEvidence.Length > 0;

    public string ExchangeEvidence { get; private set; } = string.Empty;

    public string FrontEndServer { get; private set; } = string.Empty;

    public SsrfStatus SsrfStatus { get; private set; }

    public string SsrfEvidence { get; private set; } = string.Empty;

    public string EwsAuthentication { get; set; } = string.Empty;

    public int WebShellPathsProbed { get; set; }

    /// <summary>The failure of the first request, when the target never answered.</summary>
    public ProbeException? Unreachable { get; set; }

    /// <summary>True once the total timeout cut the checks short; later checks are skipped.</summary>
    public bool CutShort { get; set; }

    /// <summary>The best build so far (see the class summary), or null.</summary>
    public BuildSighting? BestBuild
    {
        get
        {
            // The most precise, then the best ranked; of equals, the first seen.
            BuildSighting? best = null;
            foreach (var sighting in _sightings)
            {
                if (best is null || sighting.Precision > best.Precision || (sighting.Precision == best.Precision && sighting.Rank > best.Rank))
                {
                    best = sighting;
                }
            }

            return best;
        }
    }

    public void Note(string text) => _notes.Add(text);

    public void AddFindings(IEnumerable<Finding> findings) => _findings.AddRange(findings);

    public void AddBuild(BuildSighting sighting) => _sightings.Add(sighting);

    public void SetSsrf(SsrfStatus status, string evidence)
    {
        SsrfStatus = status;
        SsrfEvidence = evidence;
    }

    /// <summary>
    /// Reads what any answer shows: the Exchange marker (first one kept as evidence), X-FEServer, X-OWA-Version, and
    /// the OWA asset-path build of a page.
    /// </summary>
    public void Observe(string path, ProbeResponse response)
    {
        string url = Target.Url(path);
        if (ExchangeEvidence.Length == 0 && ExchangeFingerprint.Marker(response) is string marker)
        {
            ExchangeEvidence = "GET " + url + " -> " + response.StatusText + ": " + marker;
        }

        if (FrontEndServer.Length == 0 && response.Header("X-FEServer") is string frontEnd)
        {
            FrontEndServer = ExchangeFingerprint.Clip(frontEnd);
        }

        if (ExchangeFingerprint.OwaVersionHeader(response) is string header && !_sightings.Any(s => s.Method == BuildMethod.OwaVersionHeader)
            && BuildCatalogAdapter.TryParseBuild(header, out var fromHeader))
        {
            AddBuild(new BuildSighting(fromHeader!, BuildMethod.OwaVersionHeader, Precision(fromHeader!), "GET " + url + " -> " + response.StatusText + ": header X-OWA-Version: " + ExchangeFingerprint.Clip(header)));
        }

        if (response.StatusCode == 200 && !_sightings.Any(s => s.Method == BuildMethod.OwaAssetPath)
            && ExchangeFingerprint.AssetBuild(response) is string asset && BuildCatalogAdapter.TryParseBuild(asset, out var fromAsset))
        {
            // 2013 and later name the CU in the path (three parts); 2010 and 2007 the full build.
            AddBuild(new BuildSighting(fromAsset!, BuildMethod.OwaAssetPath, Precision(fromAsset!), "GET " + url + " -> " + response.StatusText + ": OWA asset path /owa/" + (fromAsset!.Major >= 15 ? "auth/" : string.Empty) + asset + "/"));
        }
    }

    /// <summary>Marks the target as Exchange with this evidence, unless it already is.</summary>
    public void MarkExchange(string evidence)
    {
        if (ExchangeEvidence.Length == 0)
        {
            ExchangeEvidence = evidence;
        }
    }

    public ExposureResult ToResult(HttpProbeSession session, BuildCatalogAdapter catalog, TimeSpan elapsed)
    {
        var tls = session.Tls;
        var best = BestBuild;
        NoteDisagreements(best);
        var verdict = best is null ? null : catalog.Judge(best.Build, best.Precision == BuildPrecision.Full, Target.ComputerName);
        return new ExposureResult
        {
            ComputerName = Target.ComputerName,
            Target = Target.Input,
            Uri = Target.BaseUri,
            Port = Target.Port,
            IPAddress = session.Address?.ToString() ?? string.Empty,
            Reachability = Unreachable?.Reachability ?? Reachability.Reachable,
            Error = Unreachable?.Message ?? string.Empty,
            TlsProtocol = tls?.Protocol ?? string.Empty,
            CertificateSubject = tls?.Subject ?? string.Empty,
            CertificateIssuer = tls?.Issuer ?? string.Empty,
            CertificateExpires = tls?.Expires,
            CertificateThumbprint = tls?.Thumbprint ?? string.Empty,
            CertificateValidated = tls?.Validated,
            CertificateErrors = tls?.Errors ?? string.Empty,
            CertificateCheckSkipped = Options.SkipCertificateCheck,
            IsExchange = IsExchange,
            ExchangeEvidence = ExchangeEvidence,
            Product = verdict?.Product ?? string.Empty,
            ProductName = verdict?.ProductName ?? string.Empty,
            Build = best?.Build,
            BuildPrecision = best?.Precision ?? BuildPrecision.None,
            BuildMethod = best?.Method ?? BuildMethod.None,
            BuildEvidence = best?.Evidence ?? string.Empty,
            BuildName = verdict?.BuildName ?? string.Empty,
            CumulativeUpdate = verdict?.CumulativeUpdate ?? string.Empty,
            SecurityUpdate = verdict?.SecurityUpdate ?? string.Empty,
            PatchStatus = verdict?.PatchStatus ?? default,
            MissingCves = new TextList(verdict?.MissingCves),
            OpenCves = new TextList(verdict?.OpenCves),
            RecommendedUpdate = verdict?.RecommendedUpdate ?? string.Empty,
            PatchReason = verdict?.Reason ?? NoBuildReason(),
            SsrfStatus = SsrfStatus,
            SsrfEvidence = SsrfEvidence,
            FrontEndServer = FrontEndServer,
            EwsAuthentication = EwsAuthentication,
            Findings = new FindingList(_findings),
            WebShellPathsProbed = WebShellPathsProbed,
            Evidence = new TextList(session.Log),
            Notes = new TextList(_notes),
            CatalogVersion = catalog.CatalogVersion,
            CheckedAt = StartedUtc,
            ElapsedMilliseconds = (long)elapsed.TotalMilliseconds,
        };
    }

    private static BuildPrecision Precision(Version build) => build.Revision >= 0 ? BuildPrecision.Full : BuildPrecision.CumulativeUpdate;

    private string NoBuildReason() =>
        Unreachable is not null ? "The target did not answer, so no build could be read."
        : Options.SkipBuildProbe ? "The build was not probed (-SkipBuildProbe), and the CVE-2021-26855 check's answer did not show it."
        : IsExchange ? "Exchange answered, but none of the methods revealed its build (no X-OWA-Version, no OWA asset path, no export-tool manifest); with -Credential the EWS answer gives it."
        : "No Exchange answered at this address and port.";

    private void NoteDisagreements(BuildSighting? best)
    {
        if (best is null)
        {
            return;
        }

        foreach (var other in _sightings.Where(s => s != best && !s.SameCumulativeUpdate(best)))
        {
            _notes.Add("Methods disagree: " + other.Method + " shows " + other.Build + " but " + best.Method + " shows " + best.Build + " (several servers behind one name, or a load balancer?); " + best.Method + " is reported.");
        }
    }
}
