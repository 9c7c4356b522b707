using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace HafniumTools.Remote;

/// <summary>
/// Probes one target and always returns its <see cref="ExposureResult"/>: OWA (is it Exchange, the X-OWA-Version
/// header, the asset-path build), the version-routed export-tool path for each catalogued build of the detected CU
/// (pipelined), the export-tool manifest when that did not give the full build, the CVE-2021-26855 check, the
/// authenticated EWS call (-Credential) and the web-shell paths (opt-in), in that order: the CVE-2021-26855 check
/// comes after the build probes because a mitigated server resets the connection it arrives on, and before the
/// optional checks so that a slow target spends its time on the answers that matter most (and before the build probes
/// when the pace of the first answers says they would not fit in the total timeout). A target that does not answer the
/// first request is reported with the reason; a check that fails later is noted and the others go on; when the total
/// timeout runs out, what is known is reported and the rest noted as not done. Only cancellation of the whole sweep
/// ends without a result. Thread-safe: one instance serves every target of a sweep.
/// </summary>
internal sealed class ExposureProbe
{
    // The first round of version-routed requests; each next round asks twice as many builds.
    private const int FirstRoutedRound = 4;

    private readonly ExposureOptions _options;
    private readonly BuildCatalogAdapter _catalog;
    private readonly IReadOnlyList<WebShellCandidate> _webShells;

    public ExposureProbe(ExposureOptions options, BuildCatalogAdapter catalog)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _webShells = WebShellProbe.Candidates(options.ProbeKnownWebShells, options.WebShellPaths);
    }

    /// <summary>Probes <paramref name="target"/>; throws only OperationCanceledException when <paramref name="cancellationToken"/> stops the sweep.</summary>
    public async Task<ExposureResult> ProbeAsync(ExposureTarget target, CancellationToken cancellationToken)
    {
        var draft = new ExposureDraft(target, _options, DateTime.UtcNow);
        using var budget = new TargetBudget(_options.TotalTimeout, cancellationToken);
        using var session = new HttpProbeSession(target, _options, budget);
        if (_options.SkipBuildProbe)
        {
            if (await CheckSsrfOnlyAsync(session, draft).ConfigureAwait(false) is ProbeException never)
            {
                draft.Unreachable = never;
                return draft.ToResult(session, _catalog, budget.Elapsed);
            }

            return await OptionalChecksAsync(session, draft, budget).ConfigureAwait(false);
        }

        try
        {
            await ProbeOwaAsync(session, draft).ConfigureAwait(false);
        }
        catch (ProbeException e) when (!session.Answered)
        {
            draft.Unreachable = e;
            return draft.ToResult(session, _catalog, budget.Elapsed);
        }
        catch (ProbeException e)
        {
            Interrupted(draft, "reading OWA", e);
        }

        // A target whose answers come slowly gets the CVE-2021-26855 check before the build probes, so that the total
        // timeout cuts the build short rather than the check.
        Task CheckStep() => StepAsync(draft, "the CVE-2021-26855 check", () => CheckSsrfAsync(session, draft));
        bool checkedFirst = SlowForTheBuildProbes(session, draft);
        if (checkedFirst)
        {
            draft.Note("The answers came slowly, so the CVE-2021-26855 check was made before the build probes.");
            await CheckStep().ConfigureAwait(false);
        }

        // The routed path needs the CU (from the logon page, usually); the 16 KB manifest is read only when that did not
        // give the full build, and when it is the one source of the CU the routed path follows it.
        bool routed = false;
        await StepAsync(draft, "the version-routed export-tool probe", async () => routed = await ProbeExportToolPathsAsync(session, draft).ConfigureAwait(false)).ConfigureAwait(false);
        await StepAsync(draft, "the export-tool manifest", () => ReadManifestAsync(session, draft)).ConfigureAwait(false);
        if (!routed)
        {
            await StepAsync(draft, "the version-routed export-tool probe", () => ProbeExportToolPathsAsync(session, draft)).ConfigureAwait(false);
        }

        // After the build probes: the URL Rewrite mitigation answers this request by resetting the connection, and
        // whatever came after it would need a new connection and TLS handshake of its own.
        if (!checkedFirst)
        {
            await CheckStep().ConfigureAwait(false);
        }

        return await OptionalChecksAsync(session, draft, budget).ConfigureAwait(false);
    }

    // The authenticated EWS call and the web-shell paths, when asked for, then the result.
    private async Task<ExposureResult> OptionalChecksAsync(HttpProbeSession session, ExposureDraft draft, TargetBudget budget)
    {
        if (_options.Credential is not null)
        {
            await StepAsync(draft, "the authenticated EWS call", () => QueryEwsAsync(session, draft)).ConfigureAwait(false);
        }

        if (_webShells.Count > 0)
        {
            await StepAsync(draft, "the web-shell probes", () => ProbeWebShellsAsync(session, draft)).ConfigureAwait(false);
        }

        return draft.ToResult(session, _catalog, budget.Elapsed);
    }

    /// <summary>The result for a target whose probe failed unexpectedly (a defect): reported, never a missing row.</summary>
    public ExposureResult Failed(ExposureTarget target, Exception error)
    {
        var draft = new ExposureDraft(target, _options, DateTime.UtcNow)
        {
            Unreachable = new ProbeException(ProbeFailureKind.NetworkError, "the probe failed: " + error.Message, error),
        };
        using var budget = new TargetBudget(_options.TotalTimeout, CancellationToken.None);
        using var session = new HttpProbeSession(target, _options, budget);
        return draft.ToResult(session, _catalog, TimeSpan.Zero);
    }

    private static async Task StepAsync(ExposureDraft draft, string name, Func<Task> step)
    {
        if (draft.CutShort)
        {
            draft.Note("Not done: " + name + " (the total timeout had run out).");
            return;
        }

        try
        {
            await step().ConfigureAwait(false);
        }
        catch (ProbeException e)
        {
            Interrupted(draft, name, e);
        }
    }

    private static void Interrupted(ExposureDraft draft, string name, ProbeException e)
    {
        if (e.Kind == ProbeFailureKind.TotalTimeout)
        {
            draft.CutShort = true;
            draft.Note("Cut short during " + name + ": " + e.Message + ".");
        }
        else
        {
            draft.Note(name + " failed: " + e.Message + ".");
        }
    }

    private static async Task ProbeOwaAsync(HttpProbeSession session, ExposureDraft draft)
    {
        // /owa/ and the logon page it leads to on every version are sent in one write: one round trip instead of two.
        const string LogonPage = "/owa/auth/logon.aspx";
        bool FullFromHeader() => draft.BestBuild is { Precision: BuildPrecision.Full, Method: BuildMethod.OwaVersionHeader };
        var answers = await session.GetManyAsync(["/owa/", LogonPage]).ConfigureAwait(false);
        var (_, owa, owaFailure) = answers[0];
        if (owa is null)
        {
            throw owaFailure!; // the target did not answer its first request (or stopped answering): judged by the caller
        }

        draft.Observe("/owa/", owa);
        var (_, page, pageFailure) = answers[1];
        if (page is not null)
        {
            draft.Observe(LogonPage, page);
        }
        else if (FullFromHeader())
        {
            return; // the page would have added nothing (its failure is in the evidence)
        }
        else if (!owa.IsRedirect)
        {
            throw pageFailure!;
        }

        // The page was not there, or went unanswered (a server that ignores a second request in the same write): follow
        // /owa/'s redirects, one request at a time, to see what the server shows (an error page, a proxy's sign-in, the
        // logon page), until X-OWA-Version gives the full build.
        bool sawPage = page is { StatusCode: 200 } && ExchangeFingerprint.IsOwaPage(page);
        if (!sawPage && !FullFromHeader() && owa.IsRedirect)
        {
            var chain = await session.FollowAsync("/owa/", owa, (path, response) =>
            {
                draft.Observe(path, response);
                return FullFromHeader();
            }).ConfigureAwait(false);
            draft.Observe(chain[chain.Count - 1].Path, chain[chain.Count - 1].Response);
        }
    }

    private static async Task CheckSsrfAsync(HttpProbeSession session, ExposureDraft draft)
    {
        string request = SsrfRequest(session);
        try
        {
            await SendSsrfCheckAsync(session, draft, request).ConfigureAwait(false);
        }
        catch (ProbeException e) when (e.Kind == ProbeFailureKind.NoResponse)
        {
            draft.SetSsrf(SsrfStatus.Mitigated, request + " -> aborted without an answer (" + e.Message + ") on a fresh connection, while the other requests were answered: the URL Rewrite mitigation's AbortRequest rule");
        }
        catch (ProbeException e) when (e.Kind != ProbeFailureKind.TotalTimeout)
        {
            draft.SetSsrf(SsrfStatus.Unknown, request + " -> " + e.Message);
        }
    }

    private static string SsrfRequest(HttpProbeSession session) =>
        "GET " + session.Target.Url(SsrfCheck.Path) + " with the X-AnonResource cookies naming localhost";

    // Sends the check and records what its answer shows; a request without an answer throws, for the caller to judge.
    private static async Task SendSsrfCheckAsync(HttpProbeSession session, ExposureDraft draft, string request)
    {
        var response = await session.GetAsync(SsrfCheck.Path, SsrfCheck.Headers, "CVE-2021-26855 check").ConfigureAwait(false);
        draft.Observe(SsrfCheck.Path, response);
        var (status, fact) = SsrfCheck.Judge(response);
        draft.SetSsrf(status, request + " -> " + response.StatusText + ": " + fact);
    }

    // At the pace of the answers so far, would the requests still planned (the routed builds of the CU, the manifest,
    // the check) take more than half of what is left of the total timeout?
    private bool SlowForTheBuildProbes(HttpProbeSession session, ExposureDraft draft)
    {
        var budget = session.Budget;
        double perRequest = budget.Elapsed.TotalSeconds / Math.Max(1, session.Log.Count);
        int planned = 2 + (draft.BestBuild is { Precision: BuildPrecision.CumulativeUpdate } cu ? _catalog.BuildsOfCumulativeUpdate(cu.Build).Count : 0);
        return perRequest * planned > (budget.TotalTimeout - budget.Elapsed).TotalSeconds / 2;
    }

    // -SkipBuildProbe: the check alone, first on a fresh connection; returns the failure when the target never answered.
    private static async Task<ProbeException?> CheckSsrfOnlyAsync(HttpProbeSession session, ExposureDraft draft)
    {
        string request = SsrfRequest(session);
        draft.Note("Only the CVE-2021-26855 check was made (-SkipBuildProbe): a build is known only when its answer showed X-OWA-Version.");
        try
        {
            await SendSsrfCheckAsync(session, draft, request).ConfigureAwait(false);
            return null;
        }
        catch (ProbeException e) when (e.Kind == ProbeFailureKind.NoResponse)
        {
            // Unanswered on a fresh connection: the mitigation's reset, if the server answers another request.
            try
            {
                var owa = await session.GetAsync("/owa/", note: "to tell an aborted check from a server that answers nothing").ConfigureAwait(false);
                draft.Observe("/owa/", owa);
                draft.SetSsrf(SsrfStatus.Mitigated, request + " -> aborted without an answer (" + e.Message + ") on a fresh connection, while GET /owa/ was answered (" + owa.StatusText + "): the URL Rewrite mitigation's AbortRequest rule");
                return null;
            }
            catch (ProbeException) when (!session.Answered)
            {
                return e;
            }
        }
        catch (ProbeException e) when (!session.Answered)
        {
            return e;
        }
    }

    private async Task ReadManifestAsync(HttpProbeSession session, ExposureDraft draft)
    {
        if (draft.BestBuild is { Precision: BuildPrecision.Full } || draft.BestBuild?.Build.Major < 15)
        {
            return; // nothing to add, or Exchange 2010 and older (no export tool)
        }

        var response = await session.GetAsync(ExchangeFingerprint.CurrentExportToolManifest).ConfigureAwait(false);
        draft.Observe(ExchangeFingerprint.CurrentExportToolManifest, response);
        if (response.StatusCode != 200 || ExchangeFingerprint.ManifestBuild(response.BodyText) is not string text
            || !BuildCatalogAdapter.TryParseBuild(text, out var build) || build!.Revision < 0)
        {
            return;
        }

        string evidence = "GET " + session.Target.Url(ExchangeFingerprint.CurrentExportToolManifest) + " -> " + response.StatusText + ": export tool manifest version " + text;
        draft.MarkExchange(evidence);

        // Real manifests show the CU's release build whatever SU is installed; only a later build proves an SU.
        bool release = _catalog.IsCumulativeUpdateRelease(build);
        draft.AddBuild(new BuildSighting(build, BuildMethod.ExportToolManifest, release ? BuildPrecision.CumulativeUpdate : BuildPrecision.Full,
            evidence + (release ? " (the CU's release build: installed security updates do not show here)" : string.Empty)));
    }

    // True when it probed (a CU was known and catalogued), whatever the outcome.
    private async Task<bool> ProbeExportToolPathsAsync(HttpProbeSession session, ExposureDraft draft)
    {
        if (draft.BestBuild is not { Precision: BuildPrecision.CumulativeUpdate } cu)
        {
            return false;
        }

        var candidates = _catalog.BuildsOfCumulativeUpdate(cu.Build);
        if (candidates.Count == 0)
        {
            return false;
        }

        // The front end routes /ecp/<version>/ to a server of exactly that version; 404 when none has it. Both
        // documented forms are tried: the manifest file, then (only if no build answered) the folder. The builds are
        // asked oldest first, in pipelined rounds that double (4, 8, 16): the round in which a build answers is the
        // last, so the build reported is the oldest one routed, the least patched server when several builds sit
        // behind the name; a round in which more than one answers is reported as such (several builds, or a site
        // that answers any path).
        foreach (var form in new Func<Version, string>[] { ExchangeFingerprint.VersionRoutedManifest, ExchangeFingerprint.VersionRoutedFolder })
        {
            bool unanswered = false;
            for (int asked = 0, round = FirstRoutedRound; asked < candidates.Count; asked += round, round *= 2)
            {
                var builds = candidates.Skip(asked).Take(round).ToList();
                var answers = await session.GetManyAsync(builds.Select(form).ToList(), "version-routed probe").ConfigureAwait(false);
                unanswered |= answers.Any(a => a.Failure is not null);
                var answered = builds.Zip(answers, (build, a) => (Build: build, a.Path, a.Response))
                    .Where(a => a.Response is { StatusCode: 200 })
                    .ToList();
                if (answered.Count == 1)
                {
                    var (build, path, answer) = answered[0];
                    var response = answer!;
                    bool manifest = ExchangeFingerprint.IsExportToolManifest(response);
                    int position = builds.IndexOf(build);
                    draft.MarkExchange("GET " + session.Target.Url(path) + " -> " + response.StatusText + ": the version-routed export tool answered");
                    draft.AddBuild(new BuildSighting(build, BuildMethod.ExportToolPathProbe, BuildPrecision.Full, string.Format(
                        CultureInfo.InvariantCulture,
                        "GET {0} -> {1}{2}; {3} older and {4} newer catalogued build(s) of {5} were asked and not routed, {6} newer not asked (version-routed export-tool path, oldest first)",
                        session.Target.Url(path),
                        response.StatusText,
                        manifest ? " (export tool manifest)" : string.Empty,
                        asked + position,
                        builds.Count - 1 - position,
                        cu.Build,
                        candidates.Count - asked - builds.Count)));
                    if (unanswered)
                    {
                        draft.Note("Some version-routed export-tool requests got no answer (see Evidence): an older build than " + build + " may be routed as well.");
                    }

                    return true;
                }

                if (answered.Count > 1)
                {
                    draft.Note("The version-routed export-tool path answered for " + answered.Count + " builds of " + cu.Build + " ("
                        + string.Join(", ", answered.Select(a => a.Build)) + "): several servers of different builds behind the front end, or a site that answers any path; not used for the build.");
                    return true;
                }
            }

            if (unanswered)
            {
                draft.Note("Some version-routed export-tool requests got no answer (see Evidence), so the exact build may be among them.");
                return true;
            }
        }

        draft.Note("No catalogued build of " + cu.Build + " (" + candidates.Count + " tried) answered the version-routed export-tool path: a build newer than catalog " + _catalog.CatalogVersion + ", or the path is blocked.");
        return true;
    }

    private async Task QueryEwsAsync(HttpProbeSession session, ExposureDraft draft)
    {
        var target = session.Target;
        if (!target.IsHttps)
        {
            draft.Note("Credential not sent: " + target.BaseUri + " is plain HTTP, and credentials go over https only.");
            return;
        }

        var anonymous = await session.GetAsync(EwsVersionQuery.Path, note: "anonymous, to learn the authentication schemes").ConfigureAwait(false);
        draft.Observe(EwsVersionQuery.Path, anonymous);
        if (anonymous.StatusCode != 401)
        {
            draft.Note("Credential not sent: " + EwsVersionQuery.Path + " answered " + anonymous.StatusText + " instead of asking for authentication (401).");
            return;
        }

        var schemes = EwsVersionQuery.OfferedSchemes(anonymous);
        if (schemes.Count == 0)
        {
            draft.Note("Credential not sent: EWS offers none of Negotiate, NTLM or Basic (" + string.Join(", ", anonymous.HeaderValues("WWW-Authenticate")) + ").");
            return;
        }

        var outcome = await EwsVersionQuery.QueryAsync(target, _options.Credential!, schemes, session.Tls, _options, session.Budget).ConfigureAwait(false);
        foreach (string note in outcome.Notes)
        {
            draft.Note("EWS: " + note);
        }

        if (outcome.Build is not null)
        {
            draft.EwsAuthentication = outcome.Scheme!;
            draft.MarkExchange(outcome.Evidence);
            draft.AddBuild(new BuildSighting(outcome.Build, BuildMethod.EwsServerVersion, BuildPrecision.Full, outcome.Evidence));
        }
    }

    private Task ProbeWebShellsAsync(HttpProbeSession session, ExposureDraft draft) =>
        WebShellProbe.RunAsync(session, _webShells, draft);
}
