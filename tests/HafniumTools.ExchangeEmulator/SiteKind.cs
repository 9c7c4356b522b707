namespace HafniumTools.ExchangeEmulator;

/// <summary>What an emulated HTTPS site is.</summary>
public enum SiteKind
{
    /// <summary>An Exchange front end (OWA, ECP, EWS) as its profile describes.</summary>
    Exchange,

    /// <summary>An ordinary IIS site: a start page, 404 for everything else.</summary>
    PlainWebSite,

    /// <summary>A site whose every page redirects to the next, in a circle.</summary>
    RedirectLoop,

    /// <summary>A site that answers 200 with the same page for any path (a single-page application).</summary>
    CatchAll,

    /// <summary>
    /// An Exchange front end whose OWA is broken: every OWA path, the logon page included, redirects to
    /// <c>/owa/auth/errorFE.aspx?httpCode=500</c>, which answers 500.
    /// </summary>
    BrokenOwa,
}
