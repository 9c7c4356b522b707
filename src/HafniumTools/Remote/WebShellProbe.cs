using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using HafniumTools.Configuration;
using HafniumTools.Files;
using HafniumTools.Model;

namespace HafniumTools.Remote;

/// <summary>
/// Requests possible web-shell paths with a bare GET (no parameter is ever sent) and reports the ones that answer with
/// content Exchange does not serve there. A control request for a random name in each folder first tells whether the
/// folder answers any name (a catch-all site); there a path counts only when its answer differs from the control's.
/// Any request still runs the file if it is there: use it on servers you are responsible for.
/// </summary>
internal static class WebShellProbe
{
    private const int ExcerptChars = 512;

    // The URL folders of the module's IOC locations (WebShellNames.csv).
    private static readonly Dictionary<string, string[]> LocationFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AspnetClient"] = ["/aspnet_client/", "/aspnet_client/system_web/"],
        ["OwaAuth"] = ["/owa/auth/"],
        ["EcpAuth"] = ["/ecp/auth/"],
        ["HttpProxyOab"] = ["/OAB/"],
    };

    private static readonly Lazy<IReadOnlyList<WebShellCandidate>> KnownCandidates = new(BuildKnownCandidates);

    /// <summary>Every published shell name in every URL folder of its location, once each.</summary>
    public static IReadOnlyList<WebShellCandidate> Known => KnownCandidates.Value;

    /// <summary>The candidates for one run: the known paths when asked, then the given ones (absolute paths, escaped).</summary>
    public static IReadOnlyList<WebShellCandidate> Candidates(bool known, IEnumerable<string> given)
    {
        var result = new List<WebShellCandidate>(known ? Known : []);
        var seen = new HashSet<string>(result.Select(c => c.Path), StringComparer.OrdinalIgnoreCase);
        foreach (string path in given)
        {
            string escaped = NormalizePath(path);
            if (seen.Add(escaped))
            {
                result.Add(new WebShellCandidate(escaped, escaped.Substring(0, escaped.LastIndexOf('/') + 1), Known: false, "-WebShellPath"));
            }
        }

        return result;
    }

    /// <summary>
    /// A user's path as a request path: a leading '/', segments percent-escaped, no query, no '..'. Throws
    /// ArgumentException for a URL with a host or a path that climbs out of the site.
    /// </summary>
    public static string NormalizePath(string path)
    {
        string trimmed = (path ?? string.Empty).Trim().Replace('\\', '/');
        if (trimmed.Length == 0 || trimmed.IndexOf("://", StringComparison.Ordinal) >= 0 || trimmed.StartsWith("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is not a path on the site: give it as /owa/auth/name.aspx, without scheme or host.", nameof(path));
        }

        var segments = trimmed.Split(['/'], StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Any(s => s == ".." || s == "."))
        {
            throw new ArgumentException($"'{path}' names no file, or climbs out of the site with '..'.", nameof(path));
        }

        return "/" + string.Join("/", segments.Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s))));
    }

    /// <summary>
    /// Requests a control name in each folder, then every candidate (pipelined), and adds the findings and the count to
    /// the draft; a failed request is noted and the others go on.
    /// </summary>
    public static async Task RunAsync(HttpProbeSession session, IReadOnlyList<WebShellCandidate> candidates, ExposureDraft draft)
    {
        var folders = candidates.Select(c => c.Folder).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var controlAnswers = await session.GetManyAsync(
            folders.Select(f => f + "ht-" + Guid.NewGuid().ToString("N").Substring(0, 12) + ".aspx").ToList(),
            "control: a name that cannot exist").ConfigureAwait(false);
        var controls = new Dictionary<string, ControlAnswer?>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < folders.Count; i++)
        {
            controls[folders[i]] = Control(folders[i], controlAnswers[i], draft.Note);
        }

        var answers = await session.GetManyAsync(candidates.Select(c => c.Path).ToList(), "web-shell probe").ConfigureAwait(false);
        draft.WebShellPathsProbed = answers.Count;
        for (int i = 0; i < candidates.Count; i++)
        {
            if (answers[i].Failure is { } failure)
            {
                draft.Note("web-shell probe of " + candidates[i].Path + " failed: " + failure.Message);
            }
            else if (Judge(session.Target, candidates[i], answers[i].Response!, controls[candidates[i].Folder]) is Finding finding)
            {
                draft.AddFindings([finding]);
            }
        }
    }

    /// <summary>The finding for one answer, or null when it is absent (not 200), an Exchange page, or the folder's catch-all answer.</summary>
    public static Finding? Judge(ExposureTarget target, WebShellCandidate candidate, ProbeResponse response, ControlAnswer? control)
    {
        if (response.StatusCode != 200 || ExchangeFingerprint.IsOwaPage(response))
        {
            return null;
        }

        string hash = Sha256(response.Body);
        if (control is not null && string.Equals(control.Sha256, hash, StringComparison.Ordinal))
        {
            return null; // the folder answers every name with this page
        }

        var dump = ConfigurationDump.TryParse(response.BodyText);
        var rule = dump is not null ? RemoteRules.ConfigurationDumpAnswers : candidate.Known ? RemoteRules.KnownShellAnswers : RemoteRules.GivenPathAnswers;
        string contentType = response.Header("Content-Type") ?? "no Content-Type";
        string detail = string.Format(
            CultureInfo.InvariantCulture,
            "Answered {0} with {1:N0} bytes ({2}) of content that is not an Exchange page; an absent page gets 302 (owa/auth, ecp/auth) or 404 (aspnet_client, OAB). Name from {3}.{4}{5}",
            response.StatusText,
            response.Body.Length,
            contentType,
            candidate.Source,
            dump is null ? string.Empty : " The body is a virtual directory dump (" + (dump.Name ?? "unnamed") + ").",
            control is null ? string.Empty : " The folder answers any name, but this answer differs from the one for a random name.");
        return new Finding(rule, target.ComputerName)
        {
            Url = target.Url(candidate.Path),
            HttpStatus = response.StatusCode,
            Operation = "GET",
            Timestamp = DateTime.UtcNow,
            RawText = response.BodyText.Length > ExcerptChars ? response.BodyText.Substring(0, ExcerptChars) : response.BodyText,
            Detail = detail,
        };
    }

    // What a folder answers for a name that cannot exist: a catch-all page (200, not OWA) to compare against, or null.
    private static ControlAnswer? Control(string folder, (string Path, ProbeResponse? Response, ProbeException? Failure) answer, Action<string> note)
    {
        if (answer.Failure is not null)
        {
            note("control request " + answer.Path + " failed: " + answer.Failure.Message);
            return null;
        }

        if (answer.Response is { StatusCode: 200 } response && !ExchangeFingerprint.IsOwaPage(response))
        {
            note(folder + " answers 200 for any name (" + answer.Path + "): a path there counts only when its answer differs");
            return new ControlAnswer(Sha256(response.Body));
        }

        return null;
    }

    private static IReadOnlyList<WebShellCandidate> BuildKnownCandidates()
    {
        var result = new List<WebShellCandidate>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in WebShellCatalog.Default.ShellNames)
        {
            var folders = string.Equals(name.Location, "Any", StringComparison.OrdinalIgnoreCase)
                ? LocationFolders.Values.SelectMany(f => f)
                : LocationFolders.TryGetValue(name.Location, out var f) ? f : [];
            foreach (string folder in folders)
            {
                string path = folder + Uri.EscapeDataString(name.Name);
                if (seen.Add(path))
                {
                    result.Add(new WebShellCandidate(path, folder, Known: true, name.Source));
                }
            }
        }

        return result;
    }

    private static string Sha256(byte[] bytes)
    {
        using var sha = SHA256.Create();
        return BitConverter.ToString(sha.ComputeHash(bytes)).Replace("-", string.Empty);
    }
}
