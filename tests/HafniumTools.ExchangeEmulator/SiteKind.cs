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
}
