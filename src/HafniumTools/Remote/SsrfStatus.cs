namespace HafniumTools.Remote;

/// <summary>The state of CVE-2021-26855 (the ProxyLogon server-side request forgery) as the network shows it.</summary>
public enum SsrfStatus
{
    /// <summary>Not determined: the target did not answer, or its answer could not be judged.</summary>
    Unknown,

    /// <summary>The front end computed <c>localhost</c> as the back end of the anonymous resource request: the SSRF works.</summary>
    Vulnerable,

    /// <summary>The front end answered the request without routing it to <c>localhost</c>.</summary>
    NotVulnerable,

    /// <summary>The request carrying the SSRF cookies was aborted without an answer while other requests were answered: the URL Rewrite mitigation (EOMT) is in place.</summary>
    Mitigated,
}
