namespace HafniumTools.Logs;

/// <summary>What an unauthenticated request for a non-Exchange page shows (IIS answers 302/404 for absent files).</summary>
internal enum WebPageOutcome
{
    None,

    /// <summary>200: the page exists and ran.</summary>
    Answered,

    /// <summary>200 for a page named like a legitimate one.</summary>
    LookAlikeAnswered,

    /// <summary>Redirected or not found: someone looked for a page that is not there.</summary>
    Absent,

    /// <summary>A server error: the page may exist.</summary>
    Errored,
}
