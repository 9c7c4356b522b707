using System.Globalization;
using HafniumTools.Model;

namespace HafniumTools.Logs;

/// <summary>The four rules a log source reports page requests with, one per <see cref="WebPageOutcome"/>.</summary>
internal sealed class WebPageRules(DetectionRule answered, DetectionRule lookAlikeAnswered, DetectionRule absent, DetectionRule errored)
{
    public DetectionRule? For(WebPageOutcome outcome) => outcome switch
    {
        WebPageOutcome.Answered => answered,
        WebPageOutcome.LookAlikeAnswered => lookAlikeAnswered,
        WebPageOutcome.Absent => absent,
        WebPageOutcome.Errored => errored,
        _ => null,
    };

    /// <summary>The one-line detail of a page finding.</summary>
    public static string Describe(string? method, string? stem, string? status, string? clientIp, string? lookAlikeOf) => string.Format(
        CultureInfo.InvariantCulture,
        "{0} {1} answered {2} to unauthenticated client {3}{4}.",
        method,
        stem,
        status,
        clientIp,
        lookAlikeOf is null ? string.Empty : "; the name imitates the legitimate /" + lookAlikeOf);
}
